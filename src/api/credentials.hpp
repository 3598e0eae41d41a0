#pragma once
// API keys as the server-to-server and Orders dialects receive them in `Authorization`: HTTP Basic
// proper ("Basic " + base64("<key>:")), "Basic <key>" as the S2S seed writes it, the bare key of
// the v2 seed's curl, and (Orders) "Bearer <key>".
#include <optional>
#include <string>

#include "engine/accounts.hpp"

namespace tender::api {

std::optional<engine::ApiKey> key_from_authorization(engine::Accounts& accounts, const std::string& header,
                                                     bool allow_bearer);

}  // namespace tender::api
