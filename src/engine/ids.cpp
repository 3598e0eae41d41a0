#include "engine/ids.hpp"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/string_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <regex>

namespace tender::engine {

std::string new_id() {
  thread_local boost::uuids::random_generator generator;
  return boost::uuids::to_string(generator());
}

bool is_uuid(const std::string& text) {
  static const std::regex pattern("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
  return text.size() == 36 && std::regex_match(text, pattern);
}

}  // namespace tender::engine
