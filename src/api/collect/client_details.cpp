#include "api/collect/client_details.hpp"

#include <regex>

#include "api/collect/purchase_fields.hpp"
#include "api/schema/table_reader.hpp"

namespace tender::api::collect {

namespace bj = boost::json;

bool valid_email(const std::string& text) {
  // Deliberately permissive (local@domain.tld); the seed only says "format: email".
  static const std::regex pattern(R"(^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$)");
  return std::regex_match(text, pattern);
}

bj::object read_client_details(const bj::object* input, const std::string& path, json::FieldErrors& errors,
                               bool require_email) {
  schema::TableReader r(require_email ? schema::Fields(kClientFields) : schema::Fields(kClientPatchFields), input, path,
                        errors);
  bj::object out;
  for (const auto& f : r.table()) {
    if (f.type != schema::Type::string) continue;
    if (auto v = r.string(f.name)) out[f.name] = *v;
  }
  for (const char* list : {"cc", "bcc"}) {
    if (auto* a = r.array(list)) {  // the Go SDK sends null
      const schema::Field& item = *r.field(list).items;
      bj::array emails;
      for (std::size_t i = 0; i < a->size(); ++i) {
        const auto& v = (*a)[i];
        auto item_path = r.path_of(list) + "." + std::to_string(i);
        if (!v.is_string() || v.get_string().size() > item.max_length)
          errors.add(item_path, json::ErrorCode::invalid, std::string(item.invalid_message));
        else if (schema::check_string(item, std::string(v.get_string()), item_path, errors))
          emails.push_back(v);
      }
      out[list] = std::move(emails);
    }
  }
  return out;
}

}  // namespace tender::api::collect
