#include "api/page_headers.hpp"

namespace tender::api {

http::Response& with_page_headers(http::Response& response, std::string content_security_policy,
                                  std::string referrer_policy) {
  return response.with_header("Content-Security-Policy", std::move(content_security_policy))
      .with_header("X-Frame-Options", "DENY")
      .with_header("X-Content-Type-Options", "nosniff")
      .with_header("Referrer-Policy", std::move(referrer_policy));
}

}  // namespace tender::api
