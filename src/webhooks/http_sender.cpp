#include "webhooks/http_sender.hpp"

#include <curl/curl.h>
#include <sys/socket.h>

#include <chrono>
#include <mutex>
#include <stdexcept>

namespace tender::webhooks {

namespace {

constexpr const char* kUserAgent = "Tender-Webhooks/0.1";

struct Transfer {
  const AddressPolicy* policy = nullptr;
  bool is_test = true;
  std::string refused;             // set when the address policy refused the connection
  std::size_t received = 0;
  std::size_t max_bytes = 0;
  bool too_large = false;
  const std::atomic<bool>* cancel = nullptr;
};

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  return t->cancel && t->cancel->load() ? 1 : 0;  // non-zero aborts
}

size_t on_body(char*, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t bytes = size * n;
  t->received += bytes;
  if (t->received > t->max_bytes) {
    t->too_large = true;
    return 0;  // aborts the transfer: the body is not worth reading further
  }
  return bytes;  // discarded: only the status matters
}

curl_socket_t on_open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  const AddressClass c = classify(reinterpret_cast<const sockaddr*>(&address->addr));
  if (!t->policy->allowed(c, t->is_test)) {
    t->refused = "refused to connect: the callback resolves to a " + std::string(to_string(c)) + " address" +
                 (t->is_test ? "" : ", not allowed for live objects (TENDER_ALLOW_PRIVATE_CALLBACKS=1 allows it)");
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

}  // namespace

void init_http_client() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
  });
}

HttpSender::HttpSender(AddressPolicy policy, SendLimits limits)
    : curl_test_(nullptr), curl_live_(nullptr), policy_(policy), limits_(limits) {
  init_http_client();
  curl_test_ = curl_easy_init();
  curl_live_ = curl_easy_init();
  if (!curl_test_ || !curl_live_) {
    curl_easy_cleanup(static_cast<CURL*>(curl_test_));
    curl_easy_cleanup(static_cast<CURL*>(curl_live_));
    throw std::runtime_error("curl_easy_init failed");
  }
}

HttpSender::~HttpSender() {
  curl_easy_cleanup(static_cast<CURL*>(curl_test_));
  curl_easy_cleanup(static_cast<CURL*>(curl_live_));
}

SendResult HttpSender::post(const SendRequest& request) {
  CURL* c = static_cast<CURL*>(request.is_test ? curl_test_ : curl_live_);
  curl_easy_reset(c);  // keeps the connection cache

  Transfer t;
  t.policy = &policy_;
  t.is_test = request.is_test;
  t.max_bytes = limits_.max_response_bytes;
  t.cancel = request.cancel;

  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, ("X-Signature: " + request.signature_base64).c_str());
  if (!request.event_type.empty()) headers = curl_slist_append(headers, ("X-Event-Type: " + request.event_type).c_str());
  if (!request.delivery_id.empty()) headers = curl_slist_append(headers, ("X-Delivery-Id: " + request.delivery_id).c_str());
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip

  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");  // never through a proxy: it would bypass the address policy
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(limits_.connect_timeout_ms));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(limits_.total_timeout_ms));
  curl_easy_setopt(c, CURLOPT_USERAGENT, kUserAgent);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &t);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);

  const auto started = std::chrono::steady_clock::now();
  const CURLcode rc = curl_easy_perform(c);
  SendResult result;
  result.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  if (code > 0) result.status_code = static_cast<int>(code);
  curl_slist_free_all(headers);

  if (rc == CURLE_ABORTED_BY_CALLBACK) {
    result.cancelled = true;
    result.error = "cancelled by shutdown";
  } else if (!t.refused.empty()) {
    result.error = t.refused;
  } else if (t.too_large) {
    // The status line arrived, so a 2xx still counts: the receiver has the event.
    if (!result.delivered()) result.error = "response body larger than " + std::to_string(limits_.max_response_bytes) + " bytes";
  } else if (rc != CURLE_OK) {
    result.error = curl_easy_strerror(rc);
  } else if (!result.delivered()) {
    result.error = "HTTP " + std::to_string(code);
  }
  return result;
}

}  // namespace tender::webhooks
