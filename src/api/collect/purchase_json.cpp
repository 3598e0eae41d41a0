#include "api/collect/purchase_json.hpp"

#include "api/collect/attempt_error_codes.hpp"

#include "engine/state_machine.hpp"

namespace tender::api::collect {

namespace bj = boost::json;
using engine::Status;

namespace {

bj::value nullable(const std::optional<std::int64_t>& v) { return v ? bj::value(*v) : bj::value(nullptr); }
bj::value nullable(const std::optional<std::string>& v) { return v ? bj::value(*v) : bj::value(nullptr); }

bj::object payment_json(const engine::Payment& m) {
  return bj::object{{"is_outgoing", false},
                    {"payment_type", m.payment_type},
                    {"amount", m.amount_minor},
                    {"currency", m.currency},
                    {"net_amount", m.net_amount_minor},
                    {"fee_amount", m.fee_amount_minor},
                    {"pending_amount", m.pending_amount_minor},
                    {"pending_unfreeze_on", nullptr},
                    {"description", m.description},
                    {"paid_on", m.paid_on},
                    {"remote_paid_on", m.remote_paid_on}};
}

bj::object transaction_data_json(const engine::TransactionData& t) {
  bj::array attempts;
  // The seed lists attempts newest first.
  for (auto it = t.attempts.rbegin(); it != t.attempts.rend(); ++it) {
    bj::object a{{"type", it->type},         {"successful", it->successful}, {"payment_method", it->payment_method},
                 {"extra", it->extra},       {"country", it->country},       {"client_ip", it->client_ip},
                 {"processing_time", it->processing_time}, {"flow", it->flow}};
    a["error"] = it->error ? bj::value(bj::object{{"code", attempt_error_code(it->error->code)}, {"message", it->error->message}})
                           : bj::value(nullptr);
    attempts.push_back(std::move(a));
  }
  bj::object o{{"payment_method", t.payment_method}, {"processing_tx_id", t.processing_tx_id}, {"extra", t.extra},
                {"country", t.country}, {"attempts", std::move(attempts)}};
  if (!t.flow.empty()) o["flow"] = t.flow;  // TransactionFlow is an enum without null: left out until known
  return o;
}

// The seed's Platform enum. A client's own name (every CHIP plugin sends one: "woocommerce") is
// stored as given and shown as "api", the way its server reached Tender.
// Purchases made in the merchant portal ("web_office", payment links "link") were made on the web.
bj::string shown_platform(const std::string& platform) {
  constexpr std::string_view kPlatforms[] = {"web", "api", "ios", "android", "macos", "windows"};
  for (auto known : kPlatforms)
    if (platform == known) return bj::string(platform);
  if (platform == "web_office" || platform == "link") return "web";
  return "api";
}

}  // namespace

std::string checkout_url(const engine::Purchase& p, const Links& links) {
  return links.public_url + "/p/" + p.id + "/";
}

bj::object purchase_json(const engine::Purchase& p, const Links& links) {
  bool payable = engine::is_payable(p.status);
  const auto* rcd = p.details.if_contains("request_client_details");
  bool requests_details = rcd && rcd->is_array() && !rcd->get_array().empty();
  bool direct_post_possible = payable && !requests_details && !p.success_redirect.empty() && !p.failure_redirect.empty();

  bj::array history;
  for (const auto& h : p.status_history) {
    bj::object e{{"status", std::string(engine::to_string(h.status))}, {"timestamp", h.timestamp}};
    e["related_object"] = h.related_object ? bj::value(bj::object{{"type", h.related_object->type}, {"id", h.related_object->id}})
                                           : bj::value(nullptr);
    history.push_back(std::move(e));
  }
  bj::array whitelist;
  for (const auto& m : p.payment_method_whitelist) whitelist.push_back(bj::string(m));

  std::int64_t refundable = engine::is_refundable(p.status) ? p.refundable_minor() : 0;
  bj::object purchase = p.details;
  purchase["currency"] = p.currency;
  purchase["total"] = p.total_minor;

  bj::object client = p.client;
  // ClientDetails requires email; a server-to-server or Orders payment may come without one.
  if (!client.contains("email")) client["email"] = "";
  bj::object o{
      {"id", p.id},
      {"type", "purchase"},
      {"created_on", p.created_on},
      {"updated_on", p.updated_on},
      {"client", std::move(client)},
      {"purchase", std::move(purchase)},
      {"payment", p.payment ? bj::value(payment_json(*p.payment)) : bj::value(nullptr)},
      {"issuer_details", bj::object{{"brand_name", p.brand_name}, {"legal_name", p.brand_name}}},
      {"transaction_data", transaction_data_json(p.transaction_data)},
      {"status", std::string(engine::to_string(p.status))},
      {"status_history", std::move(history)},
      {"viewed_on", nullable(p.viewed_on)},
      {"company_id", p.company_id},
      {"is_test", p.is_test},
      {"user_id", nullptr},
      {"brand_id", p.brand_id},
      {"billing_template_id", nullable(p.billing_template_id)},
      {"client_id", nullable(p.client_id)},
      {"send_receipt", p.send_receipt},
      {"is_recurring_token", p.is_recurring_token},
      {"recurring_token", nullable(p.recurring_token)},
      {"skip_capture", p.skip_capture},
      {"force_recurring", p.force_recurring},
      {"reference_generated", p.reference_generated},
      {"reference", p.reference},
      {"notes", p.details.contains("notes") ? p.details.at("notes") : bj::value("")},
      {"issued", p.issued.empty() ? bj::value(nullptr) : bj::value(p.issued)},
      {"due", nullable(p.due)},
      {"refund_availability", refundable > 0 ? "all" : "none"},
      {"refundable_amount", refundable},
      {"currency_conversion", nullptr},
      {"success_redirect", p.success_redirect},
      {"failure_redirect", p.failure_redirect},
      {"cancel_redirect", p.cancel_redirect},
      {"success_callback", p.success_callback},
      {"creator_agent", p.creator_agent},
      {"platform", shown_platform(p.platform)},
      {"product", p.product},
      {"created_from_ip", p.created_from_ip},
      {"invoice_url", links.public_url + "/p/" + p.id + "/invoice/"},
      {"direct_post_url", direct_post_possible ? bj::value(links.public_url + "/p/" + p.id + "/direct_post/") : bj::value(nullptr)},
      {"marked_as_paid", p.marked_as_paid},
      {"upsell_campaigns", bj::array{}},
      {"referral_campaign_id", nullptr},
      {"referral_code", nullptr},
      {"referral_code_details", nullptr},
      {"referral_code_generated", nullptr},
      {"retain_level_details", nullptr},
      {"can_retrieve", false},
      {"can_chargeback", false},
      {"can_reverse_chargeback", false},
      {"tags", bj::array{}},
  };
  // Keys the seed's schema types without `nullable` are left out rather than null (order_id is
  // never set: Tender has no orders in the Collect sense).
  if (payable) o["checkout_url"] = checkout_url(p, links);
  if (!p.payment_method_whitelist.empty()) o["payment_method_whitelist"] = std::move(whitelist);
  return o;
}

}  // namespace tender::api::collect
