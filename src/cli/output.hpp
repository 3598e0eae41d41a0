#pragma once
// How every command prints its result: one JSON object on one line with --json, else text.
#include <boost/json.hpp>

#include <iostream>
#include <string>

namespace tender::cli {

inline void print_json_or_text(bool json, const boost::json::object& o, const std::string& text) {
  if (json) std::cout << boost::json::serialize(o) << std::endl;
  else std::cout << text << std::flush;
}

}  // namespace tender::cli
