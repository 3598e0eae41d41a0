// Collect's POST /purchases/ body, as the route reads it: a JSON object, then read_new_purchase.
#include "api/collect/purchase_request.hpp"
#include "api/object_body.hpp"
#include "fuzz_check.hpp"

using namespace tender;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  auto body = api::read_object_body(fuzz::as_text(data, size));
  if (!body.object) return 0;
  json::FieldErrors errors;
  auto purchase = api::collect::read_new_purchase(*body.object, errors);
  fuzz::check_verdict(purchase.has_value(), errors);
  if (purchase) {
    if (purchase->total_override) FUZZ_CHECK(*purchase->total_override >= 0);
    for (const auto& url : {purchase->success_redirect, purchase->failure_redirect, purchase->cancel_redirect,
                            purchase->success_callback})
      FUZZ_CHECK(url.empty() || api::collect::valid_url(url));
  }
  return 0;
}
