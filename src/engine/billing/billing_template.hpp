#pragma once
// A billing template: what every purchase it generates copies (its `purchase` details, brand and
// flags), and for a subscription the schedule its subscribers are billed on. One company's, in one
// mode. Stored as a versioned document of kind "billing_template" (docs/billing.md).
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/billing/subscription_period.hpp"
#include "money/product_total.hpp"
#include "store/store.hpp"

namespace tender::engine::billing {

inline constexpr const char* kTemplateKind = "billing_template";

// What a generated purchase copies: the merchant's PurchaseDetails (validated and normalized by
// the dialect, products as the purchase shows them), their money lines, currency and debt.
struct PurchaseBlueprint {
  boost::json::object details;          // PurchaseDetails without `currency` and `total`
  std::optional<std::string> currency;  // the brand's default when absent
  std::vector<money::ProductLine> lines;
  std::int64_t debt_minor = 0;
  std::optional<std::int64_t> total_override;
};

struct Subscription {
  Period period{1, PeriodUnit::months};
  Period due_period{7, PeriodUnit::days};  // a generated purchase is due this long after it is issued
  bool charge_period_end = false;          // bill at the end of each period instead of its start
  std::int64_t trial_periods = 0;          // free periods before the first billing
  bool active = true;                      // false pauses every subscriber of the template
  std::int64_t number_of_billing_cycles = 0;  // per subscriber; 0 = no limit
};

struct BillingTemplate {
  std::string id;
  std::string company_id;
  bool is_test = true;
  std::string brand_id;
  std::string title;
  bool is_subscription = false;
  PurchaseBlueprint purchase;
  bool force_recurring = false;
  // One-time invoices (is_subscription false).
  std::optional<std::string> invoice_issued;  // "YYYY-MM-DD"; the issue day when absent
  std::optional<std::int64_t> invoice_due;    // unix seconds
  bool invoice_skip_capture = false;
  bool invoice_send_receipt = false;
  // Subscriptions (is_subscription true).
  Subscription subscription;
  std::int64_t subscriber_count = 0;  // ever added (≤ kMaxSubscribersPerTemplate); any freezes the schedule
  bool has_subscribers() const { return subscriber_count > 0; }
  std::int64_t created_on = 0;
  std::int64_t updated_on = 0;
  std::int64_t version = 0;
};

store::Record template_record(const BillingTemplate& t);
BillingTemplate template_from_record(const store::Record& r);

// The money lines of normalized products (quantity and tax_percent as decimal strings).
std::vector<money::ProductLine> lines_of_products(const boost::json::array& products);

}  // namespace tender::engine::billing
