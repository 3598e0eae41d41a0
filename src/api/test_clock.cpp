#include "api/test_clock.hpp"

#include <stdexcept>
#include <string>

namespace tender::api {

void advance_test_clock(engine::SystemClock& clock, webhooks::Dispatcher& dispatcher, std::int64_t seconds) {
  // Callers check the input and answer with their own wording; reaching this is a bug in one.
  if (seconds < 1 || seconds > kMaxClockAdvanceSeconds)
    throw std::invalid_argument("test clock: cannot advance by " + std::to_string(seconds) + " s");
  clock.advance(seconds);
  dispatcher.wake();
}

}  // namespace tender::api
