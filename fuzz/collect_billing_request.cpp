// The Collect billing bodies: templates (both kinds), a recipient, a subscriber and its change.
// The first byte picks the decoder, the rest is the body.
#include "api/collect/billing_request.hpp"
#include "api/object_body.hpp"
#include "fuzz_check.hpp"

using namespace tender;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size == 0) return 0;
  auto body = api::read_object_body(fuzz::as_text(data + 1, size - 1));
  if (!body.object) return 0;
  json::FieldErrors errors;
  switch (data[0] % 5) {
    case 0: fuzz::check_verdict(api::collect::read_template_body(*body.object, false, errors).has_value(), errors); break;
    case 1: {
      auto one_off = api::collect::read_template_body(*body.object, true, errors);
      fuzz::check_verdict(one_off.has_value(), errors);
      break;
    }
    case 2: fuzz::check_verdict(api::collect::read_recipient(*body.object, errors).has_value(), errors); break;
    case 3: fuzz::check_verdict(api::collect::read_new_subscriber(*body.object, errors).has_value(), errors); break;
    default: fuzz::check_verdict(api::collect::read_subscriber_change(*body.object, errors).has_value(), errors); break;
  }
  return 0;
}
