#include "api/collect/purchase_request.hpp"

#include <algorithm>
#include <charconv>
#include <boost/url/parse.hpp>
#include <set>

#include "api/collect/client_details.hpp"
#include "api/collect/lenient_fields.hpp"
#include "engine/ids.hpp"
#include "json/reader.hpp"
#include "money/currency.hpp"
#include "money/decimal.hpp"

namespace tender::api::collect {

namespace bj = boost::json;
using json::ErrorCode;

bool valid_url(const std::string& text) {
  // Characters RFC 3986 leaves out but browsers and the provider accept in a query (OpenCart 4's
  // callback routes carry a raw "|") are percent-encoded before the strict parse.
  constexpr std::string_view kEncoded = "|{}^`";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : text) {
    if (c <= 0x20 || c >= 0x7f) return false;  // spaces, control and non-ASCII characters
    if (kEncoded.find(static_cast<char>(c)) == std::string_view::npos) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  auto u = boost::urls::parse_absolute_uri(encoded);
  if (!u) return false;
  return (u->scheme() == "http" || u->scheme() == "https") && u->has_authority() && !u->host().empty();
}

namespace {

constexpr std::size_t kMaxPlatformLength = 64;
constexpr std::string_view kRequestClientDetails[] = {
    "email", "phone", "full_name", "personal_code", "brand_name", "legal_name", "registration_number",
    "tax_number", "bank_account", "bank_code", "billing_address", "shipping_address"};
constexpr std::int64_t kMaxAmountMinor = 1'000'000'000'000'000;  // 10^15, the money module's limit

std::optional<std::string> read_url(json::ObjectReader& r, std::string_view key, bool no_quotes = false) {
  auto v = r.string(key, {.nullable = true, .max_length = 500});
  if (!v || v->empty()) return v;
  if (!valid_url(*v)) {
    r.errors().add(r.path_of(key), ErrorCode::invalid, "Enter a valid URL.");
    return std::nullopt;
  }
  if (no_quotes && v->find_first_of("<>'\"") != std::string::npos) {
    r.errors().add(r.path_of(key), ErrorCode::invalid, "This URL can't contain any of the symbols <>'\".");
    return std::nullopt;
  }
  return v;
}

// quantity and tax_percent are strings in the seed ("format: float"); numbers are accepted too
// (the Java SDK sends floats: 2.0), and "" is absent (the Go SDK's unset tax_percent).
std::optional<money::Decimal> read_decimal(json::ObjectReader& r, std::string_view key, std::int64_t max_whole) {
  if (!r.present(key) || blank(r, key)) return std::nullopt;
  const auto& v = r.object()->at(key);
  std::string text;
  if (v.is_string()) {
    text = std::string(v.get_string());
  } else if (v.is_int64()) {
    text = std::to_string(v.get_int64());
  } else if (v.is_double()) {
    // The shortest text that reads back as the same double, in plain notation (2.0 → "2").
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v.get_double(), std::chars_format::fixed);
    if (ec == std::errc{}) text.assign(buffer, end);
  } else {
    r.errors().add(r.path_of(key), ErrorCode::invalid_type, "number string");
    return std::nullopt;
  }
  auto d = money::parse_decimal(text, 6);
  if (!d.ok()) {
    r.errors().add(r.path_of(key), ErrorCode::invalid, "A valid number is required.");
    return std::nullopt;
  }
  std::int64_t scale = 1;
  for (int i = 0; i < d.value.scale; ++i) scale *= 10;
  if (d.value.units > max_whole * scale) {
    r.errors().add(r.path_of(key), ErrorCode::max_value, {}, max_whole);
    return std::nullopt;
  }
  return d.value;
}

void read_products(json::ObjectReader& pr, engine::NewPurchase& out, bj::object& details) {
  auto* products = pr.array("products", true, 1, 100);
  if (!products) return;
  bj::array normalized;
  for (std::size_t i = 0; i < products->size(); ++i) {
    auto path = pr.path_of("products") + "." + std::to_string(i);
    const auto& item = (*products)[i];
    if (!item.is_object()) {
      pr.errors().add(path, ErrorCode::invalid_type, "object");
      continue;
    }
    json::ObjectReader r(&item.get_object(), path, pr.errors());
    money::ProductLine line;
    bj::object product;
    if (auto name = r.string("name", {.required = true, .max_length = 256})) product["name"] = *name;
    if (auto q = read_decimal(r, "quantity", 1'000'000)) line.quantity = *q;
    if (auto price = r.integer("price", {.required = true, .min = 0, .max = kMaxAmountMinor})) line.price_minor = *price;
    if (auto discount = r.integer("discount", {.min = 0, .max = kMaxAmountMinor})) line.discount_minor = *discount;
    if (auto tax = read_decimal(r, "tax_percent", 100)) line.tax_percent = *tax;
    if (auto category = r.string("category", {.nullable = true, .max_length = 256})) product["category"] = *category;
    if (auto o = r.integer("total_price_override", {.nullable = true, .min = 0, .max = kMaxAmountMinor}))
      line.total_price_override = *o;
    // Echo the product as the seed shows it: quantity and tax_percent as strings.
    auto decimal_text = [](const money::Decimal& d) {
      std::string digits = std::to_string(d.units);
      if (d.scale == 0) return digits;
      while (digits.size() <= static_cast<std::size_t>(d.scale)) digits.insert(0, "0");
      return digits.insert(digits.size() - d.scale, ".");
    };
    product["quantity"] = decimal_text(line.quantity);
    product["price"] = line.price_minor;
    product["discount"] = line.discount_minor;
    product["tax_percent"] = decimal_text(line.tax_percent);
    if (!product.contains("category")) product["category"] = "";
    product["total_price_override"] = line.total_price_override ? bj::value(*line.total_price_override) : bj::value(nullptr);
    normalized.push_back(std::move(product));
    out.lines.push_back(line);
  }
  details["products"] = std::move(normalized);
}

}  // namespace

void read_purchase_details(json::ObjectReader& top, engine::NewPurchase& out) {
  auto* purchase = top.object("purchase", true);
  if (!purchase) return;
  json::ObjectReader r(purchase, "purchase", top.errors());
  bj::object d;
  // "" is absent (the Go SDK); lower case is read as upper case (PrestaShop sends "myr").
  auto currency = blank(r, "currency") ? std::nullopt : r.string("currency", {.max_length = 3});
  if (currency) std::transform(currency->begin(), currency->end(), currency->begin(), ::toupper);
  if (currency) {
    if (!money::find_currency(*currency))
      r.errors().add(r.path_of("currency"), ErrorCode::invalid, "Unknown ISO 4217 currency code.");
    else
      out.currency = *currency;
  }
  read_products(r, out, d);
  // The seed's default language is the brand's, which is "en" unless changed.
  auto language = r.string("language", {.max_length = 2});
  d["language"] = language ? *language : std::string("en");
  if (auto notes = r.string("notes", {.nullable = true, .max_length = 10000})) d["notes"] = *notes;
  if (auto debt = r.integer("debt", {.min = -kMaxAmountMinor, .max = kMaxAmountMinor})) out.debt_minor = *debt;
  for (const char* visual : {"subtotal_override", "total_tax_override", "total_discount_override"}) {
    auto v = r.integer(visual, {.nullable = true, .min = 0, .max = kMaxAmountMinor});
    d[visual] = v ? bj::value(*v) : bj::value(nullptr);
  }
  out.total_override = r.integer("total_override", {.nullable = true, .min = 0, .max = kMaxAmountMinor});
  d["total_override"] = out.total_override ? bj::value(*out.total_override) : bj::value(nullptr);
  if (auto* rcd = r.array("request_client_details", false, 0, 12)) {
    bj::array fields;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < rcd->size(); ++i) {
      const auto& v = (*rcd)[i];
      auto path = r.path_of("request_client_details") + "." + std::to_string(i);
      if (!v.is_string() || std::find(std::begin(kRequestClientDetails), std::end(kRequestClientDetails),
                                      std::string_view(v.get_string())) == std::end(kRequestClientDetails)) {
        r.errors().add(path, ErrorCode::invalid_choice, "email, phone, full_name, personal_code, brand_name, legal_name, registration_number, tax_number, bank_account, bank_code, billing_address, shipping_address");
      } else if (!seen.insert(std::string(v.get_string())).second) {
        r.errors().add(path, ErrorCode::not_unique);
      } else {
        fields.push_back(v);
      }
    }
    d["request_client_details"] = std::move(fields);
  } else {
    d["request_client_details"] = bj::array{};
  }
  if (auto tz = r.string("timezone", {.nullable = true, .max_length = 64}); tz && !tz->empty()) d["timezone"] = *tz;
  if (auto strict = read_loose_flag(r, "due_strict")) out.due_strict = *strict;
  d["due_strict"] = out.due_strict;
  if (auto m = r.string("email_message", {.nullable = true, .max_length = 256})) d["email_message"] = *m;
  if (auto* meta = r.object("metadata", false, true)) {
    if (bj::serialize(*meta).size() > 16384)
      r.errors().add(r.path_of("metadata"), ErrorCode::invalid, "Metadata is larger than 16 KiB.");
    else
      d["metadata"] = *meta;
  }
  if (auto single = r.boolean("single_attempt")) d["single_attempt"] = *single;
  out.details = std::move(d);
}

std::vector<std::string> read_payment_method_whitelist(json::ObjectReader& r) {
  std::vector<std::string> out;
  if (auto* w = r.array("payment_method_whitelist", false, 1, 50, true)) {
    for (std::size_t i = 0; i < w->size(); ++i) {
      const auto& m = (*w)[i];
      if (!m.is_string() || m.get_string().empty() || m.get_string().size() > 64)
        r.errors().add(r.path_of("payment_method_whitelist") + "." + std::to_string(i), ErrorCode::invalid,
                       "Payment method name expected.");
      else
        out.emplace_back(m.get_string());
    }
  }
  return out;
}

std::optional<engine::NewPurchase> read_new_purchase(const bj::object& body, json::FieldErrors& errors) {
  json::ObjectReader r(&body, "", errors);
  engine::NewPurchase out;
  if (auto brand = r.string("brand_id", {.required = true, .max_length = 36})) {
    if (!engine::is_uuid(*brand))
      errors.add("brand_id", ErrorCode::invalid, "Must be a valid UUID.");
    else
      out.brand_id = *brand;
  }
  // "" is absent: the Go SDK always sends client_id, empty beside a `client` object.
  auto client_id = blank(r, "client_id") ? std::nullopt : r.string("client_id", {.nullable = true, .max_length = 36});
  bool has_client = r.present("client");
  if (client_id && has_client) {
    errors.add("client_id", ErrorCode::invalid, "Specify either client or client_id, not both.");
  } else if (client_id) {
    if (!engine::is_uuid(*client_id))
      errors.add("client_id", ErrorCode::invalid, "Must be a valid UUID.");
    else
      out.client_id = *client_id;
  } else if (auto* client = r.object("client", true)) {
    out.client = read_client_details(client, "client", errors, true);
  }
  read_purchase_details(r, out);

  if (auto v = read_url(r, "success_redirect")) out.success_redirect = *v;
  if (auto v = read_url(r, "failure_redirect")) out.failure_redirect = *v;
  if (auto v = read_url(r, "cancel_redirect", true)) out.cancel_redirect = *v;
  if (auto v = read_url(r, "success_callback")) out.success_callback = *v;
  if (auto v = r.string("creator_agent", {.nullable = true, .max_length = 32})) out.creator_agent = *v;
  if (auto v = read_text_or_number(r, "reference", 128)) out.reference = *v;  // WooCommerce: the order id, a number
  if (auto v = r.string("issued", {.nullable = true, .max_length = 32})) out.issued = *v;
  // The seed's enum is web, api, ios, android, macos, windows; every CHIP plugin sends its own
  // name ("woocommerce", "whmcs"...), so any name is kept as given.
  if (auto v = r.string("platform", {.nullable = true, .max_length = kMaxPlatformLength})) out.platform = *v;
  out.due = r.integer("due", {.nullable = true, .min = 0, .max = 253402300799});  // up to year 9999
  if (out.due == 0) out.due.reset();  // the Go SDK's unset integer, not a due time in 1970
  if (auto v = read_loose_flag(r, "skip_capture")) out.skip_capture = *v;
  if (auto v = read_loose_flag(r, "force_recurring")) out.force_recurring = *v;
  if (auto v = read_loose_flag(r, "send_receipt")) out.send_receipt = *v;
  // total_override 0 makes a preauthorization with skip_capture (seed 002). Without it, 0 is read
  // as absent: the Go SDK sends 0 for every integer it was not given, and would sell for nothing.
  if (out.total_override == 0 && !out.skip_capture) out.total_override.reset();
  out.payment_method_whitelist = read_payment_method_whitelist(r);
  if (!errors.empty()) return std::nullopt;
  return out;
}

}  // namespace tender::api::collect
