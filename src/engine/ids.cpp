#include "engine/ids.hpp"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/string_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <regex>

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
  static const std::regex pattern("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
  return text.size() == 36 && std::regex_match(text, pattern);
}

}  // namespace tender::engine
