#pragma once
// Where the payer answers a 3-D Secure challenge: the test ACS page of the checkout
// (/p/{purchase}/3ds/{challenge}/). The dialects that create a payment in one request (S2S,
// Orders) send the payer there, so the path is defined once, next to the route that serves it.
#include <string>

namespace tender::api::checkout {

std::string challenge_path(const std::string& purchase_id, const std::string& challenge_id);
// `public_url` has no trailing slash (collect::Links::public_url).
std::string challenge_url(const std::string& public_url, const std::string& purchase_id, const std::string& challenge_id);

}  // namespace tender::api::checkout
