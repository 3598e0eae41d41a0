#include "engine/ids.hpp"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/string_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace tender::engine {

std::string new_id() {
  thread_local boost::uuids::random_generator generator;
  return boost::uuids::to_string(generator());
}

std::string new_time_ordered_id() {
  using namespace std::chrono;
  static std::atomic<std::uint64_t> last{0};  // (milliseconds << 12) | counter of the last id
  const std::uint64_t now = static_cast<std::uint64_t>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()) << 12;
  std::uint64_t prev = last.load();
  std::uint64_t next = 0;
  do {
    next = std::max(now, prev + 1);  // a full counter spills into the next millisecond
  } while (!last.compare_exchange_weak(prev, next));
  thread_local boost::uuids::random_generator generator;
  boost::uuids::uuid u = generator();  // version 4 bits are overwritten below
  const std::uint64_t ms = next >> 12;
  const std::uint64_t counter = next & 0xfff;
  for (int i = 0; i < 6; ++i) u.data[i] = static_cast<std::uint8_t>(ms >> (8 * (5 - i)));
  u.data[6] = static_cast<std::uint8_t>(0x70 | (counter >> 8));
  u.data[7] = static_cast<std::uint8_t>(counter & 0xff);
  u.data[8] = static_cast<std::uint8_t>(0x80 | (u.data[8] & 0x3f));  // RFC 9562 variant
  return boost::uuids::to_string(u);
}

bool is_uuid(const std::string& text) {
  // Canonical lower-case text only (8-4-4-4-12): ids are compared as text everywhere. Checked by
  // position rather than with std::regex, which cost more than the lookup it guards.
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace tender::engine
