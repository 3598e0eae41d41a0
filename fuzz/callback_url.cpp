// The callback and redirect URLs of every dialect: Collect's form check (collect::valid_url)
// and the address policy on the whole URL (webhooks::refused_url_reason), as the routes apply
// them to success_callback and the S2S webhook_url. A URL refused in test mode is refused live.
#include <boost/url/parse.hpp>
#include <string>

#include "api/collect/purchase_request.hpp"
#include "fuzz_check.hpp"
#include "webhooks/address_policy.hpp"

using namespace tender;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string url(fuzz::as_text(data, size));
  const bool valid = api::collect::valid_url(url);
  if (valid) {
    FUZZ_CHECK(url.starts_with("http://") || url.starts_with("https://"));
  }
  const webhooks::AddressPolicy strict{false};
  const std::string live = webhooks::refused_url_reason(strict, url, false);
  const std::string test = webhooks::refused_url_reason(strict, url, true);
  if (!test.empty()) FUZZ_CHECK(!live.empty());
  if (auto parsed = boost::urls::parse_absolute_uri(url); parsed && live.empty()) {
    bool literal = false;
    auto c = webhooks::classify_literal(parsed->host(), &literal);
    FUZZ_CHECK(!literal || c == webhooks::AddressClass::public_address);
  }
  return 0;
}
