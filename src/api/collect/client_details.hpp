#pragma once
// ClientDetails of the Collect seed: every field with its maxLength and format. Shared by
// purchases (`client`) and the Clients API.
#include <boost/json.hpp>
#include <string>

#include "json/field_errors.hpp"

namespace tender::api::collect {

// Validates `input` (at `path`) and returns the normalized details; errors go to `errors`.
// `require_email`: false for PATCH, where only the given fields are checked.
boost::json::object read_client_details(const boost::json::object* input, const std::string& path,
                                        json::FieldErrors& errors, bool require_email);

bool valid_email(const std::string& text);

}  // namespace tender::api::collect
