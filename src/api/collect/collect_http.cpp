#include "api/collect/collect_http.hpp"

#include <boost/url/url.hpp>
#include <charconv>

#include "api/collect/collect_errors.hpp"
#include "api/collect/collect_query_fields.hpp"
#include "api/object_body.hpp"
#include "json/reader.hpp"

namespace tender::api::collect {

namespace bj = boost::json;
using http::Request;
using http::Response;

std::optional<engine::Caller> bearer_caller(const Request& request, engine::Accounts& accounts) {
  auto auth = request.header("Authorization");
  if (!auth || auth->size() < 8 || auth->compare(0, 7, "Bearer ") != 0) return std::nullopt;
  auto key = accounts.authenticate(auth->substr(7));
  if (!key) return std::nullopt;
  return engine::Caller{key->company_id, !key->live, request.remote_ip};
}

Response idempotency_error(const app::IdempotencyError& error) {
  // The seed's exact body for a duplicate in flight; the Collect error shape otherwise.
  if (error.reason == app::IdempotencyRefusal::in_flight) return app::plain_idempotency_error(error);
  return request_error(error.status, error.code, error.message);
}

std::optional<bj::object> object_body(const Request& req, Response& error, bool allow_empty) {
  auto body = read_object_body(req.body, allow_empty ? EmptyBody::empty_is_object : EmptyBody::refused);
  if (!body.object) error = body_error(body.problem);
  return std::move(body.object);
}

Response ok_json(int status, const bj::object& o) { return json_response(status, bj::serialize(o)); }

std::optional<std::int64_t> parse_int(const std::string& s) {
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

PageParams read_page(const Request& req, json::FieldErrors& errors) {
  PageParams p;
  if (auto l = req.query_param("limit")) {
    auto n = parse_int(*l);
    if (!n || *n < 1 || *n > kMaxPageLimit)
      errors.add("limit", json::ErrorCode::invalid, "limit must be an integer from 1 to " + std::to_string(kMaxPageLimit) + ".");
    else p.limit = static_cast<std::size_t>(*n);
  }
  if (auto c = req.query_param("cursor")) {
    auto sep = c->find('_');
    auto t = sep == std::string::npos ? std::nullopt : parse_int(c->substr(0, sep));
    if (!t || c->size() - sep - 1 != 36) {
      errors.add("cursor", json::ErrorCode::invalid, "Invalid cursor.");
    } else {
      p.after_created_on = *t;
      p.after_id = c->substr(sep + 1);
    }
  }
  return p;
}

bj::object page_json(bj::array results, bool has_more, std::int64_t last_created_on, const std::string& last_id,
                     const Links& links, const std::string& path, const Request& req) {
  bj::value next = nullptr;
  if (has_more) {
    boost::urls::url u(links.public_url + path);
    for (const auto& [k, v] : req.query)
      if (k != "cursor") u.params().append({k, v});  // re-encoded: values may hold & # or spaces
    u.params().append({"cursor", std::to_string(last_created_on) + "_" + last_id});
    next = bj::string(std::string(u.buffer()));
  }
  return bj::object{{"results", std::move(results)}, {"next", next}, {"previous", nullptr}};
}

}  // namespace tender::api::collect
