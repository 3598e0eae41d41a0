#include "api/collect/client_details.hpp"

#include <regex>

#include "json/reader.hpp"

namespace tender::api::collect {

namespace bj = boost::json;

bool valid_email(const std::string& text) {
  // Deliberately permissive (local@domain.tld); the seed only says "format: email".
  static const std::regex pattern(R"(^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$)");
  return std::regex_match(text, pattern);
}

namespace {

struct TextField {
  const char* name;
  std::size_t max_length;
};

// Lengths from the seed's schemas (Email 254, Phone 32, StreetAddress 128, Country 2, City 128,
// ZIPCode 32, State 128, BankAccount 34, bank_code 11, names 128, codes 32).
constexpr TextField kTextFields[] = {
    {"phone", 32},          {"full_name", 128},           {"personal_code", 32},        {"street_address", 128},
    {"country", 2},         {"city", 128},                {"zip_code", 32},             {"state", 128},
    {"shipping_street_address", 128}, {"shipping_country", 2}, {"shipping_city", 128}, {"shipping_zip_code", 32},
    {"shipping_state", 128}, {"legal_name", 128},         {"brand_name", 128},          {"registration_number", 32},
    {"tax_number", 32},     {"bank_account", 34},         {"bank_code", 11},
};

}  // namespace

bj::object read_client_details(const bj::object* input, const std::string& path, json::FieldErrors& errors,
                               bool require_email) {
  json::ObjectReader r(input, path, errors);
  bj::object out;
  if (auto email = r.string("email", {.required = require_email, .max_length = 254})) {
    if (!valid_email(*email))
      errors.add(r.path_of("email"), json::ErrorCode::invalid, "Enter a valid email address.");
    else
      out["email"] = *email;
  }
  for (const auto& f : kTextFields) {
    if (auto v = r.string(f.name, {.nullable = true, .max_length = f.max_length})) out[f.name] = *v;
  }
  for (const char* list : {"cc", "bcc"}) {
    if (auto* a = r.array(list, false, 0, 50, /*nullable=*/true)) {  // the Go SDK sends null
      bj::array emails;
      for (std::size_t i = 0; i < a->size(); ++i) {
        const auto& v = (*a)[i];
        auto item_path = r.path_of(list) + "." + std::to_string(i);
        if (!v.is_string() || v.get_string().size() > 254 || !valid_email(std::string(v.get_string())))
          errors.add(item_path, json::ErrorCode::invalid, "Enter a valid email address.");
        else
          emails.push_back(v);
      }
      out[list] = std::move(emails);
    }
  }
  return out;
}

}  // namespace tender::api::collect
