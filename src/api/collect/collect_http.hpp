#pragma once
// Shared plumbing of the Collect routes: authentication, body parsing, pagination, responses.
#include <boost/json.hpp>
#include <optional>
#include <string>

#include "api/collect/collect_query_fields.hpp"
#include "api/collect/purchase_json.hpp"
#include "app/idempotency.hpp"
#include "engine/accounts.hpp"
#include "engine/caller.hpp"
#include "http/router.hpp"
#include "json/field_errors.hpp"

namespace tender::api::collect {

// Authenticates `Authorization: Bearer <key>`; nullopt when missing or unknown.
std::optional<engine::Caller> bearer_caller(const http::Request& request, engine::Accounts& accounts);

// Collect's rendering of an idempotency refusal.
http::Response idempotency_error(const app::IdempotencyError& error);

// A JSON object body; action endpoints (`allow_empty`) take an empty body as {}.
std::optional<boost::json::object> object_body(const http::Request& req, http::Response& error, bool allow_empty);

http::Response ok_json(int status, const boost::json::object& o);
std::optional<std::int64_t> parse_int(const std::string& s);

// Keyset pagination: ?limit=1..100&cursor=<created_on>_<id>.
struct PageParams {
  std::size_t limit = kDefaultPageLimit;
  std::optional<std::int64_t> after_created_on;
  std::optional<std::string> after_id;
};
PageParams read_page(const http::Request& req, json::FieldErrors& errors);
// {"results": [...], "next": url|null, "previous": null}
boost::json::object page_json(boost::json::array results, bool has_more, std::int64_t last_created_on,
                              const std::string& last_id, const Links& links, const std::string& path,
                              const http::Request& req);

}  // namespace tender::api::collect
