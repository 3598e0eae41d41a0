#include "api/orders/order_request.hpp"

#include <algorithm>

#include "api/orders/order_fields.hpp"
#include "api/schema/table_reader.hpp"
#include "cards/card_number.hpp"
#include "engine/ids.hpp"
#include "money/currency.hpp"
#include "money/decimal.hpp"

namespace tender::api::orders {

namespace bj = boost::json;
using json::ErrorCode;

namespace {

using schema::TableReader;

void copy_if(bj::object& out, std::string_view key, const std::optional<std::string>& v) {
  if (v) out[key] = *v;
}

// The number, month and year every source has: the card's or the network token's.
void read_pan_and_expiry(TableReader& r, connectors::CardData& card, bj::object& echo) {
  if (auto number = r.string("number")) {
    card.pan = *number;
    echo["scheme"] = std::string(cards::to_string(cards::detect_scheme(*number)));
    echo["first_digits"] = cards::bin6(*number);
    echo["last_digits"] = cards::last4(*number);
  }
  if (auto month = r.integer("month")) {
    card.expiry_month = static_cast<int>(*month);
    echo["month"] = *month;
  }
  if (auto year = r.integer("year")) {
    card.expiry_year = static_cast<int>(*year);
    echo["year"] = *year;
  }
}

// 3-D Secure done by the merchant: the result is passed on, so Tender runs no challenge. The
// authentication value itself is not stored.
void read_auth(TableReader& source, OrderRequest& out, bj::object& echo) {
  auto auth = source.flat_object("auth");
  if (!auth) return;
  auth->erase("value");
  if (auto* status = auth->if_contains("status")) out.three_ds_result = std::string(status->get_string());
  echo["auth"] = std::move(*auth);
}

// A wallet's ECI says what its device authentication was worth; the cryptogram is not stored.
std::string three_ds_of_eci(const std::optional<std::string>& eci) {
  if (!eci) return "Y";  // a wallet token is authenticated on the device
  if (*eci == "05" || *eci == "02") return "Y";
  if (*eci == "06" || *eci == "01") return "A";
  return "N";
}

void read_source(TableReader& top, OrderRequest& out, bj::object& echo) {
  if (!top.has_key("source")) {
    top.errors().add("source", ErrorCode::required);
    top.errors().add("source.type", ErrorCode::required);
    return;
  }
  auto* o = top.object("source");
  if (!o) return;
  auto type = TableReader(kSourceTypeFields, o, "source", top.errors()).string("type");
  if (!type) return;  // the other fields depend on the type
  bj::object source{{"type", *type}};
  if (*type == "card") {
    TableReader r(kCardSourceFields, o, "source", top.errors());
    r.reject_unknown();
    read_pan_and_expiry(r, out.card, source);
    if (auto cvc = r.string("security_code")) out.card.cvc = *cvc;
    read_auth(r, out, source);
  } else {
    TableReader r(kWalletSourceFields, o, "source", top.errors());
    r.reject_unknown();
    read_pan_and_expiry(r, out.card, source);
    auto eci = r.string("eci");
    if (auto cryptogram = r.string("cryptogram")) out.wallet_cryptogram = *cryptogram;
    copy_if(source, "eci", eci);
    out.three_ds_result = three_ds_of_eci(eci);
  }
  echo["source"] = std::move(source);
}

void read_device(TableReader& top, OrderRequest& out, bj::object& echo) {
  if (!top.has_key("device")) {
    for (const char* path : {"device", "device.user_agent", "device.ip_address"}) top.errors().add(path, ErrorCode::required);
    return;
  }
  auto r = top.nested("device");
  if (!r.object()) return;
  r.reject_unknown();
  bj::object device;
  copy_if(device, "user_agent", r.string("user_agent"));
  if (auto ip = r.string("ip_address")) {
    device["ip_address"] = *ip;
    out.client_ip = *ip;
  }
  echo["device"] = std::move(device);
}

std::optional<bj::object> read_new_agreement(TableReader& top) {
  auto agreement = top.flat_object("new_agreement");
  if (agreement && !agreement->contains("amount_type")) (*agreement)["amount_type"] = "variable";
  return agreement;
}

std::optional<bj::object> read_additional_data(TableReader& top) {
  auto r = top.nested("additional_data");
  if (!r.object()) return std::nullopt;
  r.reject_unknown();
  bj::object data;
  for (const char* network : {"visa", "mastercard"})
    if (auto values = r.flat_object(network)) data[network] = std::move(*values);
  return data;
}

bj::value or_null(std::optional<bj::object> o) { return o ? bj::value(std::move(*o)) : bj::value(nullptr); }

}  // namespace

std::optional<OrderRequest> read_order(const bj::object& body, json::FieldErrors& errors) {
  TableReader r(kOrderFields, &body, "", errors);
  r.reject_unknown();
  OrderRequest out;
  auto& np = out.purchase;
  bj::object echo;

  if (auto given = r.string("given_id")) out.given_id = *given;
  auto amount = r.integer("amount");
  if (auto currency = r.string("currency")) {
    if (!money::find_currency(*currency)) errors.add("currency", ErrorCode::invalid_choice);
    else np.currency = *currency;
  }
  auto description = r.string("description");
  auto transaction_type = r.string("transaction_type").value_or("internet");
  read_source(r, out, echo);
  read_device(r, out, echo);
  auto airline = r.flat_object("airline");
  auto agreement = read_new_agreement(r);
  auto agreement_id = r.string("agreement_id");
  if (agreement_id && agreement)
    errors.add("agreement_id", ErrorCode::invalid, "This field cannot be used together with new_agreement.");
  auto additional = read_additional_data(r);
  auto sub_merchant = r.flat_object("sub_merchant");
  // Where the payer's browser returns after 3-D Secure, whatever the outcome (the provider's name).
  auto callback_url = r.string("callback_url");
  if (!errors.empty()) return std::nullopt;

  out.remember_card = agreement.has_value();
  echo["description"] = *description;
  echo["transaction_type"] = transaction_type;
  echo["given_id"] = out.given_id ? bj::value(*out.given_id) : bj::value(nullptr);
  echo["airline"] = or_null(std::move(airline));
  echo["agreement"] = or_null(std::move(agreement));
  echo["agreement_id"] = agreement_id ? bj::value(*agreement_id) : bj::value(nullptr);
  echo["additional_data"] = or_null(std::move(additional));
  echo["sub_merchant"] = or_null(std::move(sub_merchant));

  np.success_redirect = np.failure_redirect = callback_url.value_or("");
  np.reference = out.given_id.value_or("");
  np.platform = "api";
  engine::set_single_item(np, *description, *amount);
  np.details["notes"] = *description;
  np.details[kDetailsKey] = std::move(echo);
  return out;
}

std::optional<std::int64_t> read_amount_body(const bj::object& body, json::FieldErrors& errors) {
  TableReader r(kAmountFields, &body, "", errors);
  r.reject_unknown();
  return r.integer("amount");
}

}  // namespace tender::api::orders
