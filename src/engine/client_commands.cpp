#include "engine/client_commands.hpp"

#include <algorithm>

#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "engine/mode_scoped_list.hpp"
#include "json/access.hpp"

namespace tender::engine {

namespace bj = boost::json;

namespace {

// The e-mail in lower case: the record's indexed status column, so a search by e-mail (GET
// /clients/?q=) is one index range, not a scan of the company's clients.
std::string email_key(const bj::object& details) {
  std::string email = json::text(details, "email");
  std::transform(email.begin(), email.end(), email.begin(), ::tolower);
  return email;
}

store::Record to_record(const Client& c) {
  bj::object body{{"details", c.details}, {"is_test", c.is_test}, {"updated_on", c.updated_on}};
  return store::Record{kClientKind, c.id, c.company_id, "", email_key(c.details), c.created_on, c.version,
                       bj::serialize(body)};
}

Client from_record(const store::Record& r) {
  auto body = bj::parse(r.body).as_object();
  Client c;
  c.id = r.id;
  c.company_id = r.company_id;
  c.created_on = r.created_on;
  c.version = r.version;
  c.details = json::object(body, "details");
  c.is_test = json::flag(body, "is_test");
  c.updated_on = json::integer(body, "updated_on");
  return c;
}

}  // namespace

ClientCommands::ClientCommands(store::Store& store, Clock& clock) : store_(store), clock_(clock) {}

Client ClientCommands::create(const Caller& caller, bj::object details) {
  Client c;
  c.id = new_id();
  c.company_id = caller.company_id;
  c.is_test = caller.is_test;
  c.details = std::move(details);
  c.created_on = c.updated_on = clock_.now_seconds();
  auto record = to_record(c);
  store_.write([&](store::WriteTxn& tx) { tx.put(record, 0); });
  c.version = record.version;
  return c;
}

std::optional<Client> ClientCommands::find(store::ReadView& view, const Caller& caller, const std::string& id) {
  if (!is_uuid(id)) return std::nullopt;
  auto r = view.get(kClientKind, id);
  if (!r || r->company_id != caller.company_id) return std::nullopt;
  auto c = from_record(*r);
  if (c.is_test != caller.is_test) return std::nullopt;  // a key sees its own mode's clients only
  return c;
}

Client ClientCommands::get(const Caller& caller, const std::string& id) {
  auto view = store_.read();
  auto c = find(*view, caller, id);
  if (!c) throw not_found();
  return *c;
}

Client ClientCommands::update(const Caller& caller, const std::string& id, bj::object details, bool merge) {
  Client result;
  store_.write([&](store::WriteTxn& tx) {
    auto c = find(tx, caller, id);
    if (!c) throw not_found();
    if (merge) {
      for (auto& kv : details) c->details[kv.key()] = kv.value();
    } else {
      c->details = details;
    }
    c->updated_on = clock_.now_seconds();
    auto record = to_record(*c);
    tx.put(record, c->version);
    c->version = record.version;
    result = *c;
  });
  return result;
}

void ClientCommands::remove(const Caller& caller, const std::string& id) {
  store_.write([&](store::WriteTxn& tx) {
    if (!find(tx, caller, id)) throw not_found();
    tx.remove(kClientKind, id);
  });
}

ClientPage ClientCommands::list(const Caller& caller, std::optional<std::int64_t> after_created_on,
                                std::optional<std::string> after_id, std::size_t limit,
                                const std::optional<std::string>& email) {
  store::ListQuery q;
  q.kind = kClientKind;
  q.company_id = caller.company_id;
  if (email) q.statuses = {email_key(bj::object{{"email", *email}})};
  q.after_created_on = after_created_on;
  q.after_id = std::move(after_id);
  ClientPage page;
  page.items = list_of_mode<Client>(*store_.read(), q, limit, [&](const store::Record& r) -> std::optional<Client> {
    auto c = from_record(r);
    if (c.is_test != caller.is_test) return std::nullopt;  // the key's mode only
    return c;
  });
  if (page.items.size() > limit) {
    page.items.resize(limit);
    page.has_more = true;
  }
  return page;
}

}  // namespace tender::engine
