#include "webhooks/webhook_commands.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "crypto/aes_gcm.hpp"
#include "crypto/base64.hpp"
#include "crypto/rsa_key.hpp"
#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "webhooks/event_types.hpp"

namespace tender::webhooks {

namespace bj = boost::json;
using engine::EngineError;
using engine::ErrorKind;

namespace {

std::string str(const bj::object& o, std::string_view k) {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string key_aad(const std::string& webhook_id) { return "webhook-key:" + webhook_id; }

void normalize(std::vector<std::string>& events) {
  std::sort(events.begin(), events.end());
  events.erase(std::unique(events.begin(), events.end()), events.end());
}

}  // namespace

store::Record webhook_record(const Webhook& w) {
  bj::array events;
  for (const auto& e : w.events) events.push_back(bj::string(e));
  bj::object body{{"title", w.title},
                  {"callback", w.callback},
                  {"events", std::move(events)},
                  {"all_events", w.all_events},
                  {"is_test", w.is_test},
                  {"public_key", w.public_key_pem},
                  {"sealed_private_key", w.sealed_private_key},
                  {"updated_on", w.updated_on}};
  return store::Record{kWebhookKind, w.id, w.company_id, "", "", w.created_on, w.version, bj::serialize(body)};
}

Webhook webhook_from_record(const store::Record& r) {
  auto o = bj::parse(r.body).as_object();
  Webhook w;
  w.id = r.id;
  w.company_id = r.company_id;
  w.created_on = r.created_on;
  w.version = r.version;
  w.title = str(o, "title");
  w.callback = str(o, "callback");
  w.public_key_pem = str(o, "public_key");
  w.sealed_private_key = str(o, "sealed_private_key");
  if (auto* v = o.if_contains("events"); v && v->is_array()) {
    for (const auto& e : v->get_array())
      if (e.is_string()) w.events.emplace_back(e.get_string());
  }
  normalize(w.events);
  if (auto* v = o.if_contains("all_events"); v && v->is_bool()) w.all_events = v->get_bool();
  if (auto* v = o.if_contains("is_test"); v && v->is_bool()) w.is_test = v->get_bool();
  if (auto* v = o.if_contains("updated_on"); v && v->is_int64()) w.updated_on = v->get_int64();
  return w;
}

WebhookCommands::WebhookCommands(store::Store& store, const engine::Clock& clock, std::string master_key,
                                 AddressPolicy policy)
    : store_(store), clock_(clock), master_key_(std::move(master_key)), policy_(policy) {}

void WebhookCommands::check(const Webhook& w) const {
  for (const auto& e : w.events) {
    if (!is_event_type(e))
      throw EngineError(ErrorKind::invalid_input, "invalid_choice",
                        "Unknown event type '" + e + "'. Valid choices: " + event_types_text() + ".", "events");
  }
  if (!w.all_events && w.events.empty())
    throw EngineError(ErrorKind::invalid_input, "min_items",
                      "List at least one event type, or set all_events to true.", "events");
  auto url = boost::urls::parse_absolute_uri(w.callback);
  if (!url || (url->scheme() != "http" && url->scheme() != "https") || !url->has_authority() || url->host().empty())
    throw EngineError(ErrorKind::invalid_input, "invalid", "Enter a valid http or https URL.", "callback");
  if (auto why = refused_host_reason(policy_, url->host(), w.is_test); !why.empty())
    throw EngineError(ErrorKind::invalid_input, "invalid", why, "callback");
}

Webhook WebhookCommands::create(const engine::Caller& caller, const WebhookFields& f) {
  Webhook w;
  w.id = engine::new_id();
  w.company_id = caller.company_id;
  w.is_test = caller.is_test;
  w.title = f.title.value_or("");
  w.callback = f.callback.value_or("");
  w.events = f.events.value_or(std::vector<std::string>{});
  normalize(w.events);
  w.all_events = f.all_events.value_or(false);
  w.created_on = w.updated_on = clock_.now_seconds();
  check(w);

  auto pair = crypto::generate_rsa_key_pair(2048);  // outside the transaction: it takes ~100 ms
  w.public_key_pem = pair.public_pem;
  crypto::AesGcm aead(master_key_);
  w.sealed_private_key = crypto::base64_encode(aead.seal(pair.private_pem, key_aad(w.id)));

  auto record = webhook_record(w);
  store_.write([&](store::WriteTxn& tx) {
    store::ListQuery q;
    q.kind = kWebhookKind;
    q.company_id = caller.company_id;
    q.limit = kMaxWebhooksPerCompany;
    if (tx.list(q).size() >= kMaxWebhooksPerCompany)
      throw EngineError(ErrorKind::invalid_input, "webhook_limit",
                        "A company can have at most " + std::to_string(kMaxWebhooksPerCompany) +
                            " webhooks; delete one first.");
    tx.put(record, 0);
  });
  w.version = record.version;
  return w;
}

std::optional<Webhook> WebhookCommands::find(store::ReadView& view, const std::string& company_id,
                                             const std::string& id) {
  if (!engine::is_uuid(id)) return std::nullopt;
  auto r = view.get(kWebhookKind, id);
  if (!r || r->company_id != company_id) return std::nullopt;
  return webhook_from_record(*r);
}

Webhook WebhookCommands::get(const engine::Caller& caller, const std::string& id) {
  auto view = store_.read();
  auto w = find(*view, caller.company_id, id);
  if (!w) throw engine::not_found();
  return *w;
}

WebhookPage WebhookCommands::list(const engine::Caller& caller, std::optional<std::int64_t> after_created_on,
                                  std::optional<std::string> after_id, std::size_t limit) {
  store::ListQuery q;
  q.kind = kWebhookKind;
  q.company_id = caller.company_id;
  q.after_created_on = after_created_on;
  q.after_id = std::move(after_id);
  q.limit = limit + 1;
  WebhookPage page;
  for (const auto& r : store_.read()->list(q)) page.items.push_back(webhook_from_record(r));
  if (page.items.size() > limit) {
    page.items.resize(limit);
    page.has_more = true;
  }
  return page;
}

Webhook WebhookCommands::update(const engine::Caller& caller, const std::string& id, const WebhookFields& f,
                                bool merge) {
  Webhook result;
  store_.write([&](store::WriteTxn& tx) {
    auto w = find(tx, caller.company_id, id);
    if (!w) throw engine::not_found();
    if (f.title) w->title = *f.title;
    if (f.callback) w->callback = *f.callback;
    if (f.events) {
      w->events = *f.events;
      normalize(w->events);
    } else if (!merge) {
      w->events.clear();
    }
    if (f.all_events) w->all_events = *f.all_events;
    else if (!merge) w->all_events = false;
    w->updated_on = clock_.now_seconds();
    check(*w);
    auto record = webhook_record(*w);
    tx.put(record, w->version);
    w->version = record.version;
    result = *w;
  });
  return result;
}

void WebhookCommands::remove(const engine::Caller& caller, const std::string& id) {
  store_.write([&](store::WriteTxn& tx) {
    if (!find(tx, caller.company_id, id)) throw engine::not_found();
    tx.remove(kWebhookKind, id);
  });
}

std::vector<Webhook> WebhookCommands::of_company(store::ReadView& view, const std::string& company_id) {
  store::ListQuery q;
  q.kind = kWebhookKind;
  q.company_id = company_id;
  q.limit = kMaxWebhooksPerCompany;
  std::vector<Webhook> out;
  for (const auto& r : view.list(q)) out.push_back(webhook_from_record(r));
  return out;
}

std::string WebhookCommands::private_key_pem(const Webhook& w) const {
  crypto::AesGcm aead(master_key_);
  auto sealed = crypto::base64_decode(w.sealed_private_key);
  if (!sealed) throw std::runtime_error("webhook key is damaged");
  auto pem = aead.open(*sealed, key_aad(w.id));
  if (!pem) throw std::runtime_error("webhook key cannot be opened with this vault key");
  return *pem;
}

}  // namespace tender::webhooks
