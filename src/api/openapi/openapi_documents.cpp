#include "api/openapi/openapi_documents.hpp"

#include <map>
#include <mutex>

#include "api/collect/collect_openapi.hpp"
#include "api/orders/orders_openapi.hpp"
#include "api/s2s/s2s_openapi.hpp"

namespace tender::api::openapi {

namespace {

constexpr DialectDocument kDocuments[] = {
    {"collect", "Collect API"},
    {"s2s", "Server-to-server Purchase API"},
    {"orders", "Orders API"},
};

schema::DocumentSpec spec_of(std::string_view name) {
  if (name == "collect") return collect::openapi_spec();
  if (name == "s2s") return s2s::openapi_spec();
  return orders::openapi_spec();
}

}  // namespace

std::span<const DialectDocument> dialect_documents() { return kDocuments; }

const boost::json::object* document(std::string_view name, const std::string& public_url) {
  bool known = false;
  for (const auto& d : kDocuments) known = known || d.name == name;
  if (!known) return nullptr;
  // One installation has one public URL; the map holds at most the three documents per URL seen
  // (tests run several servers in one process only in unit tests).
  static std::mutex mutex;
  static std::map<std::pair<std::string, std::string>, boost::json::object> cache;
  std::lock_guard lock(mutex);
  auto key = std::pair{std::string(name), public_url};
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, schema::openapi_document(spec_of(name), public_url)).first;
  return &it->second;
}

}  // namespace tender::api::openapi
