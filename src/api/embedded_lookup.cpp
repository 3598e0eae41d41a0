#include <stdexcept>
#include <string>

#include "api/embedded_files.hpp"

namespace tender::api {

std::string_view embedded(std::string_view name) {
  for (const auto& f : embedded_files())
    if (f.name == name) return f.text;
  throw std::out_of_range("no embedded file " + std::string(name));
}

}  // namespace tender::api
