#pragma once
// The Collect API's attempt error codes (its seed's list) for the engine's neutral decline
// reasons (connectors/decline_reason.hpp). An attempt code that is not a reason's name is shown
// as it is: the checkout's own validation_* codes, and attempts stored before reasons existed.
#include <string>
#include <string_view>

namespace tender::api::collect {

std::string attempt_error_code(std::string_view stored_code);

}  // namespace tender::api::collect
