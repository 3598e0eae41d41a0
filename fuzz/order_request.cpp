// The Orders API bodies: purchase/authorize (read_order) and capture/refund (read_amount_body).
// The first byte picks the decoder, the rest is the body.
#include "api/object_body.hpp"
#include "api/orders/order_request.hpp"
#include "cards/card_number.hpp"
#include "fuzz_check.hpp"

using namespace tender;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size == 0) return 0;
  const bool amount_body = data[0] & 1;
  auto body = api::read_object_body(fuzz::as_text(data + 1, size - 1),
                                    amount_body ? api::EmptyBody::blank_is_object : api::EmptyBody::refused);
  if (!body.object) return 0;
  json::FieldErrors errors;
  if (amount_body) {
    auto amount = api::orders::read_amount_body(*body.object, errors);
    fuzz::check_errors_name_fields(errors);
    // The caller acts only when there are no errors; an amount read is always a positive one.
    if (amount) FUZZ_CHECK(*amount >= 1);
    return 0;
  }
  auto order = api::orders::read_order(*body.object, errors);
  fuzz::check_verdict(order.has_value(), errors);
  if (order) {
    FUZZ_CHECK(cards::all_digits(order->card.pan) && order->card.pan.size() >= 13 && order->card.pan.size() <= 19);
  }
  return 0;
}
