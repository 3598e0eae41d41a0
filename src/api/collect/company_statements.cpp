#include "api/collect/company_statements.hpp"

#include <boost/json.hpp>

#include "api/collect/collect_errors.hpp"
#include "api/collect/collect_http.hpp"
#include "api/collect/company_statement_fields.hpp"
#include "api/collect/ledger_period.hpp"
#include "api/schema/table_reader.hpp"
#include "engine/ids.hpp"

namespace tender::api::collect {

namespace bj = boost::json;
using http::Request;
using http::Response;
using http::RouteParams;
using json::ErrorCode;

namespace {

constexpr std::size_t kMaxStatementsPerMode = 100;  // statement requests kept per company and mode

// Company statements. Gravity Forms and GiveWP read only `company_uid` (get_company_uid(): GET
// /company_statements/ → results[0].company_uid, or when there is none POST {"format": "csv",
// "timezone": "UTC"} → company_uid) to key the company's public key; the other fields are those
// of chip-php-sdk Model/CompanyStatement.php. A statement covers a period of the ledger (?from=&to=
// on the POST, up to its creation by default), which is final once past, so it is finished when
// created; its download is Tender's GET /statement/ of that period (JSON, whatever `format` says).
// A statement request is not money: it is recorded here, in the store, as webhooks are, and the
// engine never reads it. The mode is part of the kind, so reads see the caller's mode only.
std::string statement_kind(const engine::Caller& c) { return c.is_test ? "company_statement_test" : "company_statement_live"; }

// The caller's statements, newest first: all that are kept.
store::ListQuery statements_query(const engine::Caller& c) {
  store::ListQuery q;
  q.kind = statement_kind(c);
  q.company_id = c.company_id;
  q.limit = kMaxStatementsPerMode;
  return q;
}

Response create_statement(AccountContext& ctx, Request& req, const engine::Caller& c) {
  Response error;
  auto body = object_body(req, error, true);
  if (!body) return error;
  json::FieldErrors errors;
  schema::TableReader r(kCompanyStatementFields, &*body, "", errors);
  auto format = r.string("format");
  auto timezone = r.string("timezone");
  const auto now = ctx.clock.now_seconds();
  auto period = read_period(req, errors, {.from = 0, .to = now});
  if (errors.empty() && period.from > period.to) errors.add("to", ErrorCode::invalid, "Must not be before from.");
  if (!errors.empty()) return validation_error(errors);
  const auto id = engine::new_id();
  const auto query = req.target.find('?');
  bj::object statement{
      {"id", id},
      {"type", "company_statement"},
      {"created_on", now},
      {"updated_on", now},
      {"format", format.value_or("csv")},
      {"timezone", timezone.value_or("UTC")},
      {"is_test", c.is_test},
      {"company_uid", c.company_id},
      {"query_string", query == std::string::npos ? "" : req.target.substr(query + 1)},
      {"status", "finished"},
      {"download_url", ctx.links.public_url + "/api/v1/statement/?from=" + std::to_string(period.from) +
                           "&to=" + std::to_string(period.to)},
      {"began_on", now},
      {"finished_on", now}};
  store::Record record;
  record.kind = statement_kind(c);
  record.id = id;
  record.company_id = c.company_id;
  record.status = "finished";
  record.created_on = now;
  record.body = bj::serialize(statement);
  ctx.store.write([&](store::WriteTxn& tx) {
    if (auto kept = tx.list(statements_query(c)); kept.size() >= kMaxStatementsPerMode)
      tx.remove(record.kind, kept.back().id);  // the oldest (of one second: the smallest id)
    tx.put(record, 0);
  });
  return ok_json(201, statement);
}

// The statements of the caller's company and mode, newest first, all in one page.
Response list_statements(AccountContext& ctx, const engine::Caller& c) {
  bj::array results;
  for (const auto& record : ctx.store.read()->list(statements_query(c))) results.push_back(bj::parse(record.body));
  return ok_json(200, bj::object{{"results", std::move(results)}, {"next", nullptr}, {"previous", nullptr}});
}

Response get_statement(AccountContext& ctx, const std::string& id, const engine::Caller& c) {
  if (!engine::is_uuid(id)) return not_found_response();
  auto record = ctx.store.read()->get(statement_kind(c), id);
  if (!record || record->company_id != c.company_id) return not_found_response();
  return json_response(200, record->body);
}

// chip-php-sdk cancelStatement(): POST /company_statements/{id}/cancel/. A statement is finished
// when it is created (above), so there is never a queued one left to cancel: the answer says so.
Response cancel_statement(AccountContext& ctx, const std::string& id, const engine::Caller& c) {
  auto found = get_statement(ctx, id, c);
  if (found.status != 200) return found;
  return request_error(400, "statement_cancel_error", "The statement is already finished and cannot be cancelled.");
}

}  // namespace

void add_company_statement_routes(http::Router& router, AccountContext& ctx, const DialectRoute& authed) {
  const std::string v1 = "/api/v1";
  router.add("GET", v1 + "/company_statements/", authed([&ctx](Request&, const RouteParams&, const engine::Caller& c) {
               return list_statements(ctx, c);
             }));
  router.add("POST", v1 + "/company_statements/", authed([&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
               return create_statement(ctx, req, c);
             }));
  router.add("GET", v1 + "/company_statements/{id}/", authed([&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
               return get_statement(ctx, p["id"], c);
             }));
  router.add("POST", v1 + "/company_statements/{id}/cancel/",
             authed([&ctx](Request&, const RouteParams& p, const engine::Caller& c) { return cancel_statement(ctx, p["id"], c); }));
}

}  // namespace tender::api::collect
