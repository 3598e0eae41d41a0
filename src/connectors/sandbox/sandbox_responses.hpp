#pragma once
// How the sandbox words its answers: the ISO 8583 response code and the message it sends with
// each decline reason (messages worded as in the Collect API's list of attempt error codes, see
// docs/test-cards.md), and the network fields of its answers (stan, rrn, authorization code).
#include <cstdint>
#include <span>
#include <string_view>

#include "connectors/connector.hpp"
#include "connectors/decline_reason.hpp"
#include "connectors/sandbox/sandbox_holds.hpp"

namespace tender::connectors::sandbox {

struct SandboxResponse {
  DeclineReason reason;
  std::string_view response_code;  // ISO 8583
  std::string_view message;
};

// Every decline reason the sandbox answers with, in documentation order.
std::span<const SandboxResponse> sandbox_responses();

// The response for this reason; a reason the sandbox never answers with gets unrecognized's ("06").
SandboxResponse sandbox_response(DeclineReason reason);

// A decline at unix time `now`. network: the request reached the "issuer", so the answer carries
// a stan and an rrn (card-data errors found before the network carry neither).
Outcome decline(DeclineReason reason, bool network, std::int64_t now);

// An approval of an operation on this hold: response "00", a fresh stan and rrn, and the hold's
// reference, scheme and country.
Outcome approval(const Hold& hold, std::int64_t now);

// authorize's approvals also carry a 6-digit authorization code.
Outcome authorization_approval(const Hold& hold, std::int64_t now);

}  // namespace tender::connectors::sandbox
