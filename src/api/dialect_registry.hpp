#pragma once
// The dialects one installation speaks. Adding a dialect adds its routes to the router; a request
// no route answers (404, or 405 for a known path with another method) is answered by the dialect
// whose prefix is the longest match for its path, in that dialect's format.
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "api/dialect.hpp"
#include "http/router.hpp"

namespace tender::api {

class DialectRegistry {
 public:
  // Takes over the router's 404 and 405 answers.
  explicit DialectRegistry(http::Router& router);
  DialectRegistry(const DialectRegistry&) = delete;
  DialectRegistry& operator=(const DialectRegistry&) = delete;

  void add(std::unique_ptr<Dialect> dialect);

  // The dialect with the longest prefix of `path`; null when none has one.
  const Dialect* owner(std::string_view path) const;
  // The refusal of a body over the server's limit (no route ran, no caller is known).
  http::Response body_too_large(const http::Request& request) const;

 private:
  static constexpr std::size_t kMaxDialects = 16;  // a handful exist; more is a wiring mistake
  http::Router& router_;
  std::vector<std::unique_ptr<Dialect>> dialects_;
};

}  // namespace tender::api
