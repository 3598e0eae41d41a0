#pragma once
// The HTTP request and response as the dialects see them: plain values, no Beast types, so that
// handlers are testable without a socket and the server can change without touching them.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tender::http {

// Case-insensitive header names (HTTP field names are case-insensitive).
struct HeaderNameLess {
  bool operator()(const std::string& a, const std::string& b) const;
};
using Headers = std::map<std::string, std::string, HeaderNameLess>;

struct Request {
  std::string method;   // "GET", "POST", ...
  std::string target;   // as received, path and query
  std::string path;     // percent-decoded path
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  Headers headers;
  std::string body;
  std::string remote_ip;
  // When the server had read the whole request (before it waited for a handler thread): the
  // start of the latency the request metrics report. Unset (epoch) for requests built in tests.
  std::chrono::steady_clock::time_point received_at{};

  std::optional<std::string> header(const std::string& name) const;
  std::optional<std::string> query_param(const std::string& name) const;
  std::vector<std::string> query_params(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  Response& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace tender::http
