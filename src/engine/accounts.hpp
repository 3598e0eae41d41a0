#pragma once
// Companies, brands and API keys: who may call, and whose objects they see. API keys are shown
// once at creation and stored only as a SHA-256 hash (they are 190-bit random tokens, so a fast
// hash is enough: no dictionary to attack).
#include <cstdint>
#include <optional>
#include <string>

#include "engine/fees.hpp"
#include "store/store.hpp"
#include "util/bounded_cache.hpp"

namespace tender::engine {

struct Company {
  std::string id;
  std::string name;
  std::string public_key_pem;      // success callbacks are signed with the matching private key
  std::string sealed_private_key;  // base64 of AES-256-GCM sealed PKCS#8 PEM (vault master key)
  std::int64_t created_on = 0;
};

struct Brand {
  std::string id;
  std::string company_id;
  std::string name;
  std::string default_currency = "MYR";
  FeeSchedule fees{250, 0};  // the demo brand's schedule: 2.50 %, no fixed part
  std::int64_t created_on = 0;
};

struct ApiKey {
  std::string id;
  std::string company_id;
  bool live = false;
  std::string prefix;  // first characters, to tell keys apart in listings
  std::int64_t created_on = 0;
};

struct NewApiKey {
  ApiKey key;
  std::string secret;  // the full key; only ever returned here
};

// Storage kinds, one place.
inline constexpr const char* kCompanyKind = "company";
inline constexpr const char* kBrandKind = "brand";
inline constexpr const char* kApiKeyKind = "api_key";

class Accounts {
 public:
  Accounts(store::Store& store, std::string master_key);

  Company create_company(const std::string& name, std::int64_t now);
  Brand create_brand(const std::string& company_id, const std::string& name, std::int64_t now);
  NewApiKey create_api_key(const std::string& company_id, bool live, std::int64_t now);
  std::optional<ApiKey> authenticate(const std::string& secret);
  std::optional<Company> company(const std::string& id);
  std::optional<Brand> brand(const std::string& company_id, const std::string& id);
  // The company's first brand: what dialects without a brand field (Orders) charge under.
  std::optional<Brand> default_brand(const std::string& company_id);
  std::string company_private_key_pem(const Company& company) const;

 private:
  static constexpr std::size_t kCachedObjects = 10'000;  // of each kind

  store::Store& store_;
  std::string master_key_;
  util::BoundedCache<ApiKey> keys_{kCachedObjects};  // by key hash
  util::BoundedCache<Company> companies_{kCachedObjects};
  util::BoundedCache<Brand> brands_{kCachedObjects};
};

}  // namespace tender::engine
