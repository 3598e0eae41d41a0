#include "api/object_body.hpp"

#include <boost/algorithm/string/trim.hpp>

#include "json/reader.hpp"

namespace tender::api {

ObjectBody read_object_body(std::string_view body, EmptyBody empty) {
  const bool blank = body.empty() || (empty == EmptyBody::blank_is_object && boost::algorithm::trim_copy(std::string(body)).empty());
  if (blank && empty != EmptyBody::refused) return {boost::json::object{}, {}};
  auto value = json::parse_body(body);
  if (!value) return {std::nullopt, BodyProblem::malformed};
  // An optional body sent as [] or null is empty too: Magento json_encode()s an empty PHP array.
  const bool nothing = value->is_null() || (value->is_array() && value->get_array().empty());
  if (nothing && empty != EmptyBody::refused) return {boost::json::object{}, {}};
  if (!value->is_object()) return {std::nullopt, BodyProblem::not_an_object};
  return {std::move(value->get_object()), {}};
}

}  // namespace tender::api
