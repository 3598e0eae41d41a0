#pragma once
// Webhook CRUD for the dialects: create (with a fresh key pair), read, list, update, delete.
// The dialect checks types and lengths; the rules here are the ones about meaning (known event
// types, at least one event, where a callback may point, how many webhooks a company may have).
#include <optional>
#include <string>
#include <vector>

#include "engine/caller.hpp"
#include "engine/clock.hpp"
#include "store/store.hpp"
#include "webhooks/address_policy.hpp"
#include "webhooks/webhook.hpp"

namespace tender::webhooks {

// Fields a request sets; absent ones keep their value on PATCH (and are required on create/PUT
// where the dialect says so).
struct WebhookFields {
  std::optional<std::string> title;
  std::optional<std::string> callback;
  std::optional<std::vector<std::string>> events;
  std::optional<bool> all_events;
};

struct WebhookPage {
  std::vector<Webhook> items;
  bool has_more = false;
};

class WebhookCommands {
 public:
  WebhookCommands(store::Store& store, const engine::Clock& clock, std::string master_key, AddressPolicy policy);

  Webhook create(const engine::Caller& caller, const WebhookFields& fields);
  Webhook get(const engine::Caller& caller, const std::string& id);
  WebhookPage list(const engine::Caller& caller, std::optional<std::int64_t> after_created_on,
                   std::optional<std::string> after_id, std::size_t limit);
  // merge: PATCH (only the given fields change); otherwise PUT (title and callback required).
  Webhook update(const engine::Caller& caller, const std::string& id, const WebhookFields& fields, bool merge);
  void remove(const engine::Caller& caller, const std::string& id);

  // The dispatcher's view: the company's webhooks (at most kMaxWebhooksPerCompany).
  static std::vector<Webhook> of_company(store::ReadView& view, const std::string& company_id);
  static std::optional<Webhook> find(store::ReadView& view, const std::string& company_id, const std::string& id);
  std::string private_key_pem(const Webhook& webhook) const;

 private:
  void check(const Webhook& webhook) const;  // throws EngineError(invalid_input) naming the field
  store::Store& store_;
  const engine::Clock& clock_;
  std::string master_key_;
  AddressPolicy policy_;
};

}  // namespace tender::webhooks
