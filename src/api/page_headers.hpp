#pragma once
// The headers every HTML page Tender serves carries (checkout and 3-D Secure pages, the portal,
// the API reference): the page's own Content-Security-Policy and Referrer-Policy, and never framed
// by another site (clickjacking) nor read as another type than the one it is sent as.
#include <string>

#include "http/message.hpp"

namespace tender::api {

http::Response& with_page_headers(http::Response& response, std::string content_security_policy,
                                  std::string referrer_policy);

}  // namespace tender::api
