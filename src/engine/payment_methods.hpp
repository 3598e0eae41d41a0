#pragma once
// The payment methods Tender offers and what each supports. Purchase creation and
// GET /payment_methods/ both read this one table.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tender::engine {

struct PaymentMethod {
  std::string_view name;     // as in the API: "visa"
  std::string_view title;    // shown to people: "Visa"
  bool card;
  bool skip_capture;         // can place a hold
  bool preauthorization;     // can verify a card without moving money
  bool recurring;            // can save the card for charges
};

std::span<const PaymentMethod> payment_methods();
const PaymentMethod* find_payment_method(std::string_view name);

struct MethodRequirements {
  bool skip_capture = false;
  bool preauthorization = false;
  bool recurring = false;
};

// The methods a purchase with these requirements can be paid with, limited to `whitelist` when
// it is not empty.
std::vector<const PaymentMethod*> available_methods(const MethodRequirements& needs,
                                                    const std::vector<std::string>& whitelist);

}  // namespace tender::engine
