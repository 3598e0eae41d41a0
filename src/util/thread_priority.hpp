#pragma once
// Background threads (webhook senders) run at a lower CPU priority than the threads that answer
// requests: on a loaded machine the scheduler then hands a waiting request thread the core first,
// and a burst of signatures no longer sits in front of a payment's reply.

namespace tender::util {

// Sets the calling thread's nice value (Linux: per thread), 0..19. False when the system refused;
// the thread then runs on at its priority, which changes latencies only.
bool lower_this_thread_priority(int nice);

}  // namespace tender::util
