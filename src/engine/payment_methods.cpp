#include "engine/payment_methods.hpp"

#include <algorithm>

namespace tender::engine {

namespace {
// Card schemes the sandbox acquirer recognises by BIN. UnionPay and Diners take no
// preauthorization here, as with many real acquirers, so the filters have something to filter.
constexpr PaymentMethod kMethods[] = {
    {"visa", "Visa", true, true, true, true},
    {"mastercard", "Mastercard", true, true, true, true},
    {"maestro", "Maestro", true, true, true, true},
    {"amex", "American Express", true, true, true, true},
    {"jcb", "JCB", true, true, true, true},
    {"discover", "Discover", true, true, true, true},
    {"diners", "Diners Club", true, true, false, true},
    {"unionpay", "UnionPay", true, false, false, true},
};
}  // namespace

std::span<const PaymentMethod> payment_methods() { return kMethods; }

const PaymentMethod* find_payment_method(std::string_view name) {
  for (const auto& m : kMethods)
    if (m.name == name) return &m;
  return nullptr;
}

std::vector<const PaymentMethod*> available_methods(const MethodRequirements& needs,
                                                    const std::vector<std::string>& whitelist) {
  std::vector<const PaymentMethod*> out;
  for (const auto& m : kMethods) {
    if (!whitelist.empty() && std::find(whitelist.begin(), whitelist.end(), m.name) == whitelist.end()) continue;
    if (needs.skip_capture && !m.skip_capture) continue;
    if (needs.preauthorization && !m.preauthorization) continue;
    if (needs.recurring && !m.recurring) continue;
    out.push_back(&m);
  }
  return out;
}

}  // namespace tender::engine
