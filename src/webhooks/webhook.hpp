#pragma once
// A webhook: a company's URL that receives the events it listens to, signed with the webhook's
// own RSA key pair (the private half sealed with the vault master key, like the company key).
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace tender::webhooks {

inline constexpr const char* kWebhookKind = "webhook";
inline constexpr std::size_t kMaxTitleLength = 100;
inline constexpr std::size_t kMaxCallbackLength = 500;
inline constexpr std::size_t kMaxWebhooksPerCompany = 100;  // fan-out reads them all per event

struct Webhook {
  std::string id;
  std::string company_id;
  bool is_test = true;  // test webhooks get the events of test purchases, live ones of live purchases
  std::string title;
  std::string callback;
  std::vector<std::string> events;  // sorted, unique
  bool all_events = false;
  std::string public_key_pem;
  std::string sealed_private_key;  // base64 of AES-256-GCM sealed PKCS#8 PEM
  std::int64_t created_on = 0;
  std::int64_t updated_on = 0;
  std::int64_t version = 0;

  bool listens_to(const std::string& event_type) const {
    return all_events || std::binary_search(events.begin(), events.end(), event_type);
  }
};

store::Record webhook_record(const Webhook& webhook);
Webhook webhook_from_record(const store::Record& record);

}  // namespace tender::webhooks
