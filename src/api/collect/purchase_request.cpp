#include "api/collect/purchase_request.hpp"

#include <algorithm>
#include <charconv>
#include <boost/url/parse.hpp>
#include <set>

#include "api/collect/client_details.hpp"
#include "api/collect/lenient_fields.hpp"
#include "api/collect/purchase_fields.hpp"
#include "api/schema/table_reader.hpp"
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

using schema::TableReader;

// "" is kept (no redirect); anything else must be an http(s) URL.
std::optional<std::string> read_url(TableReader& r, std::string_view key, bool no_quotes = false) {
  auto v = r.raw().string(key, r.string_rule(key));
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
std::optional<money::Decimal> read_decimal(TableReader& r, std::string_view key) {
  const std::int64_t max_whole = *r.field(key).maximum;
  if (!r.present(key) || blank(r.raw(), key)) return std::nullopt;
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

void read_products(TableReader& pr, engine::NewPurchase& out, bj::object& details) {
  auto* products = pr.array("products");
  if (!products) return;
  bj::array normalized;
  for (std::size_t i = 0; i < products->size(); ++i) {
    auto path = pr.path_of("products") + "." + std::to_string(i);
    const auto& item = (*products)[i];
    if (!item.is_object()) {
      pr.errors().add(path, ErrorCode::invalid_type, "object");
      continue;
    }
    TableReader r(kProductFields, &item.get_object(), path, pr.errors());
    money::ProductLine line;
    bj::object product;
    if (auto name = r.string("name")) product["name"] = *name;
    if (auto q = read_decimal(r, "quantity")) line.quantity = *q;
    if (auto price = r.integer("price")) line.price_minor = *price;
    if (auto discount = r.integer("discount")) line.discount_minor = *discount;
    if (auto tax = read_decimal(r, "tax_percent")) line.tax_percent = *tax;
    if (auto category = r.string("category")) product["category"] = *category;
    if (auto o = r.integer("total_price_override"))
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
  TableReader r(kPurchaseDetailsFields, purchase, "purchase", top.errors());
  bj::object d;
  // "" is absent (the Go SDK); lower case is read as upper case (PrestaShop sends "myr").
  auto currency = blank(r.raw(), "currency") ? std::nullopt : r.string("currency");
  if (currency) std::transform(currency->begin(), currency->end(), currency->begin(), ::toupper);
  if (currency) {
    if (!money::find_currency(*currency))
      r.errors().add(r.path_of("currency"), ErrorCode::invalid, "Unknown ISO 4217 currency code.");
    else
      out.currency = *currency;
  }
  read_products(r, out, d);
  // The seed's default language is the brand's, which is "en" unless changed.
  auto language = r.string("language");
  d["language"] = language ? *language : std::string("en");
  if (auto notes = r.string("notes")) d["notes"] = *notes;
  if (auto debt = r.integer("debt")) out.debt_minor = *debt;
  for (const char* visual : {"subtotal_override", "total_tax_override", "total_discount_override"}) {
    auto v = r.integer(visual);
    d[visual] = v ? bj::value(*v) : bj::value(nullptr);
  }
  out.total_override = r.integer("total_override");
  d["total_override"] = out.total_override ? bj::value(*out.total_override) : bj::value(nullptr);
  if (auto* rcd = r.array("request_client_details")) {
    const auto choices = r.field("request_client_details").items->choices;
    std::string choice_list;
    for (auto c : choices) choice_list += (choice_list.empty() ? "" : ", ") + std::string(c);
    bj::array fields;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < rcd->size(); ++i) {
      const auto& v = (*rcd)[i];
      auto path = r.path_of("request_client_details") + "." + std::to_string(i);
      if (!v.is_string() || std::find(choices.begin(), choices.end(), std::string_view(v.get_string())) == choices.end()) {
        r.errors().add(path, ErrorCode::invalid_choice, choice_list);
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
  if (auto tz = r.string("timezone"); tz && !tz->empty()) d["timezone"] = *tz;
  if (auto strict = read_loose_flag(r.raw(), "due_strict")) out.due_strict = *strict;
  d["due_strict"] = out.due_strict;
  if (auto m = r.string("email_message")) d["email_message"] = *m;
  if (auto* meta = r.object("metadata")) {
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
  // Billing templates take the same list: the purchase table's limits apply to both.
  const auto& f = *schema::find_field(kPurchaseFields, "payment_method_whitelist");
  if (auto* w = r.array("payment_method_whitelist", f.required, f.min_items, f.max_items, f.nullable)) {
    for (std::size_t i = 0; i < w->size(); ++i) {
      const auto& m = (*w)[i];
      if (!m.is_string() || m.get_string().size() < f.items->min_length || m.get_string().size() > f.items->max_length)
        r.errors().add(r.path_of("payment_method_whitelist") + "." + std::to_string(i), ErrorCode::invalid,
                       "Payment method name expected.");
      else
        out.emplace_back(m.get_string());
    }
  }
  return out;
}

std::optional<engine::NewPurchase> read_new_purchase(const bj::object& body, json::FieldErrors& errors) {
  TableReader r(kPurchaseFields, &body, "", errors);
  engine::NewPurchase out;
  if (auto brand = r.string("brand_id")) {
    if (!engine::is_uuid(*brand))
      errors.add("brand_id", ErrorCode::invalid, "Must be a valid UUID.");
    else
      out.brand_id = *brand;
  }
  // "" is absent: the Go SDK always sends client_id, empty beside a `client` object.
  auto client_id = blank(r.raw(), "client_id") ? std::nullopt : r.string("client_id");
  bool has_client = r.present("client");
  if (client_id && has_client) {
    errors.add("client_id", ErrorCode::invalid, "Specify either client or client_id, not both.");
  } else if (client_id) {
    if (!engine::is_uuid(*client_id))
      errors.add("client_id", ErrorCode::invalid, "Must be a valid UUID.");
    else
      out.client_id = *client_id;
  } else if (auto* client = r.raw().object("client", true)) {  // required without client_id
    out.client = read_client_details(client, "client", errors, true);
  }
  read_purchase_details(r.raw(), out);

  if (auto v = read_url(r, "success_redirect")) out.success_redirect = *v;
  if (auto v = read_url(r, "failure_redirect")) out.failure_redirect = *v;
  if (auto v = read_url(r, "cancel_redirect", true)) out.cancel_redirect = *v;
  if (auto v = read_url(r, "success_callback")) out.success_callback = *v;
  if (auto v = r.string("creator_agent")) out.creator_agent = *v;
  // WooCommerce: the order id, a number
  if (auto v = read_text_or_number(r.raw(), "reference", r.field("reference").max_length)) out.reference = *v;
  if (auto v = r.string("issued")) out.issued = *v;
  // The seed's enum is web, api, ios, android, macos, windows; every CHIP plugin sends its own
  // name ("woocommerce", "whmcs"...), so any name is kept as given.
  if (auto v = r.string("platform")) out.platform = *v;
  out.due = r.integer("due");
  if (out.due == 0) out.due.reset();  // the Go SDK's unset integer, not a due time in 1970
  if (auto v = read_loose_flag(r.raw(), "skip_capture")) out.skip_capture = *v;
  if (auto v = read_loose_flag(r.raw(), "force_recurring")) out.force_recurring = *v;
  if (auto v = read_loose_flag(r.raw(), "send_receipt")) out.send_receipt = *v;
  // total_override 0 makes a preauthorization with skip_capture (seed 002). Without it, 0 is read
  // as absent: the Go SDK sends 0 for every integer it was not given, and would sell for nothing.
  if (out.total_override == 0 && !out.skip_capture) out.total_override.reset();
  out.payment_method_whitelist = read_payment_method_whitelist(r.raw());
  if (!errors.empty()) return std::nullopt;
  return out;
}

}  // namespace tender::api::collect
