#include "api/credentials.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/trim.hpp>

#include "crypto/base64.hpp"

namespace tender::api {

std::optional<engine::ApiKey> key_from_authorization(engine::Accounts& accounts, const std::string& header,
                                                     bool allow_bearer) {
  std::string value = boost::algorithm::trim_copy(header);
  if (allow_bearer && boost::algorithm::istarts_with(value, "Bearer "))
    return accounts.authenticate(boost::algorithm::trim_copy(value.substr(7)));
  if (boost::algorithm::istarts_with(value, "Basic ")) value = boost::algorithm::trim_copy(value.substr(6));
  if (auto key = accounts.authenticate(value)) return key;
  auto decoded = crypto::base64_decode(value);
  if (!decoded) return std::nullopt;
  auto colon = decoded->find(':');
  if (colon == std::string::npos) return accounts.authenticate(*decoded);
  // "<key>:" (user name) or ":<key>" (password) — clients differ on where they put it.
  return accounts.authenticate(colon == 0 ? decoded->substr(1) : decoded->substr(0, colon));
}

}  // namespace tender::api
