#pragma once
// One signed POST with libcurl, with a limit on everything: connect and total timeouts, no
// redirects, http/https only, no proxy from the environment, response body capped, and the
// address policy applied to the address actually connected to.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "webhooks/address_policy.hpp"

namespace tender::webhooks {

struct SendLimits {
  std::int64_t connect_timeout_ms = 5000;
  std::int64_t total_timeout_ms = 15000;
  std::size_t max_response_bytes = 64 * 1024;
};

struct SendRequest {
  std::string url;
  std::string_view body;
  std::string signature_base64;
  std::string event_type;
  std::string delivery_id;
  bool is_test = true;  // for the address policy
  const std::atomic<bool>* cancel = nullptr;  // set: abort the transfer (shutdown)
};

struct SendResult {
  std::optional<int> status_code;  // absent when no HTTP answer arrived
  std::int64_t duration_ms = 0;
  std::string error;               // "" on a 2xx
  bool cancelled = false;          // aborted by `cancel`: not an attempt
  bool delivered() const { return status_code && *status_code >= 200 && *status_code < 300 && error.empty(); }
};

// Not thread-safe: one sender per thread. Keeps its connections alive between sends, in one
// cache per mode: the address policy is checked when a connection is opened, so a connection a
// test-mode delivery opened (to a loopback or private address, allowed there) must never carry a
// live delivery.
class HttpSender {
 public:
  HttpSender(AddressPolicy policy, SendLimits limits);
  ~HttpSender();
  HttpSender(const HttpSender&) = delete;
  HttpSender& operator=(const HttpSender&) = delete;

  SendResult post(const SendRequest& request);

 private:
  void* curl_test_;  // CURL*: test-mode deliveries and their connections
  void* curl_live_;  // CURL*: live deliveries and theirs
  AddressPolicy policy_;
  SendLimits limits_;
};

// curl_global_init, once per process (call before starting threads).
void init_http_client();

}  // namespace tender::webhooks
