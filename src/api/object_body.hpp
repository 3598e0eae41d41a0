#pragma once
// A request body read as a JSON object, the first step of every JSON handler. The problem, not a
// response, comes back: each dialect words it (Dialect::bad_body and its own helpers).
#include <boost/json.hpp>
#include <optional>
#include <string_view>

#include "api/dialect.hpp"

namespace tender::api {

// What an empty body means on an endpoint whose body is optional (capture, void, cancel...).
enum class EmptyBody {
  refused,          // a body is required: "" is malformed JSON
  empty_is_object,  // "" reads as {} (Collect)
  blank_is_object,  // "" or white space only reads as {} (Orders)
};

struct ObjectBody {
  std::optional<boost::json::object> object;  // set when the body is usable
  BodyProblem problem = BodyProblem::malformed;  // why not, otherwise
};

ObjectBody read_object_body(std::string_view body, EmptyBody empty = EmptyBody::refused);

}  // namespace tender::api
