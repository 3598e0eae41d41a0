#pragma once
// Companies, brands and API keys: who may call, and whose objects they see. API keys are shown
// once at creation and stored only as a SHA-256 hash (they are 190-bit random tokens, so a fast
// hash is enough: no dictionary to attack). A revoked key is deleted.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

// Both modes together; listings read them all at once.
inline constexpr std::size_t kMaxApiKeysPerCompany = 100;

class Accounts {
 public:
  Accounts(store::Store& store, std::string master_key);

  Company create_company(const std::string& name, std::int64_t now);
  Brand create_brand(const std::string& company_id, const std::string& name, std::int64_t now);
  // Throws EngineError(invalid_input, "api_key_limit") when the company has kMaxApiKeysPerCompany.
  NewApiKey create_api_key(const std::string& company_id, bool live, std::int64_t now);
  // The company's keys of both modes, newest first.
  std::vector<ApiKey> api_keys(const std::string& company_id);
  // Deletes the key; it stops authenticating in this process at once, and in other processes on
  // the same database within kKeyRecheck. Throws EngineError(not_found) for an unknown key or
  // another company's. Returns the key as it was.
  ApiKey revoke_api_key(const std::string& company_id, const std::string& key_id);
  std::optional<ApiKey> authenticate(const std::string& secret);
  std::optional<Company> company(const std::string& id);
  std::optional<Brand> brand(const std::string& company_id, const std::string& id);
  // The company's first brand: what dialects without a brand field (Orders) charge under.
  std::optional<Brand> default_brand(const std::string& company_id);
  std::string company_private_key_pem(const Company& company) const;

 private:
  static constexpr std::size_t kCachedObjects = 10'000;  // of each kind
  // A cached key is read again after this long: a key revoked by another process sharing the
  // database (PostgreSQL) must not keep working there for as long as the process lives.
  static constexpr std::chrono::seconds kKeyRecheck{30};

  struct CachedKey {
    ApiKey key;
    std::chrono::steady_clock::time_point read_at;
  };

  store::Store& store_;
  std::string master_key_;
  util::BoundedCache<CachedKey> keys_{kCachedObjects};  // by key hash
  // Revocations made by this process: a key read before a revocation committed is not cached
  // after it (see authenticate).
  std::atomic<std::uint64_t> revocations_{0};
  util::BoundedCache<Company> companies_{kCachedObjects};
  util::BoundedCache<Brand> brands_{kCachedObjects};
};

}  // namespace tender::engine
