// Test helper: runs an event loop until every fiber has ended. A suspended fiber leaves no work
// queued, so io_context::run() alone would return while it waits for a signal from another thread.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>

#include "util/fiber.hpp"

namespace tender::util {

inline void run_until_fibers_end(boost::asio::io_context& loop) {
  auto guard = boost::asio::make_work_guard(loop);
  boost::asio::steady_timer poll(loop);
  std::function<void()> check = [&] {
    poll.expires_after(std::chrono::milliseconds(1));
    poll.async_wait([&](const boost::system::error_code&) {
      if (Fiber::alive() == 0) return guard.reset();
      check();
    });
  };
  check();
  loop.run();
}

}  // namespace tender::util
