#include "engine/accounts.hpp"

#include <boost/json.hpp>

#include "crypto/aes_gcm.hpp"
#include "crypto/base64.hpp"
#include "crypto/digest.hpp"
#include "crypto/random.hpp"
#include "crypto/rsa_key.hpp"
#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "json/access.hpp"

namespace tender::engine {

namespace bj = boost::json;

namespace {

using json::text;

Company company_from(const store::Record& r) {
  auto o = bj::parse(r.body).as_object();
  return Company{r.id, text(o, "name"), text(o, "public_key_pem"), text(o, "sealed_private_key"), r.created_on};
}

std::string key_hash(const std::string& secret) { return crypto::sha256_hex(secret); }

ApiKey key_from(const store::Record& r) {
  auto o = bj::parse(r.body).as_object();
  return ApiKey{r.id, r.company_id, json::flag(o, "live"), text(o, "prefix"), r.created_on};
}

store::ListQuery keys_of(const std::string& company_id) {
  store::ListQuery q;
  q.kind = kApiKeyKind;
  q.company_id = company_id;
  q.limit = kMaxApiKeysPerCompany;
  return q;
}

}  // namespace

Accounts::Accounts(store::Store& store, std::string master_key) : store_(store), master_key_(std::move(master_key)) {}

Company Accounts::create_company(const std::string& name, std::int64_t now) {
  auto pair = crypto::generate_rsa_key_pair(2048);
  Company c{new_id(), name, pair.public_pem, {}, now};
  crypto::AesGcm aead(master_key_);
  c.sealed_private_key = crypto::base64_encode(aead.seal(pair.private_pem, "company-key:" + c.id));
  store::Record r{kCompanyKind, c.id, c.id, "", "", now, 0,
                  bj::serialize(bj::object{{"name", c.name},
                                           {"public_key_pem", c.public_key_pem},
                                           {"sealed_private_key", c.sealed_private_key}})};
  store_.write([&](store::WriteTxn& tx) { tx.put(r, 0); });
  return c;
}

Brand Accounts::create_brand(const std::string& company_id, const std::string& name, std::int64_t now) {
  Brand b{new_id(), company_id, name, "MYR", FeeSchedule{250, 0}, now};
  store::Record r{kBrandKind, b.id, company_id, "", "", now, 0,
                  bj::serialize(bj::object{{"name", b.name}, {"default_currency", b.default_currency},
                                           {"fee_percent_bp", b.fees.percent_bp}, {"fee_fixed_minor", b.fees.fixed_minor}})};
  store_.write([&](store::WriteTxn& tx) { tx.put(r, 0); });
  return b;
}

NewApiKey Accounts::create_api_key(const std::string& company_id, bool live, std::int64_t now) {
  std::string secret = std::string(live ? "tender_live_" : "tender_test_") + crypto::random_token(40);
  ApiKey k{new_id(), company_id, live, secret.substr(0, 16), now};
  store::Record r{kApiKeyKind, k.id, company_id, key_hash(secret), "", now, 0,
                  bj::serialize(bj::object{{"live", live}, {"prefix", k.prefix}})};
  store_.write([&](store::WriteTxn& tx) {
    // Counted in the transaction, so that concurrent creations cannot pass the limit together.
    if (tx.list(keys_of(company_id)).size() >= kMaxApiKeysPerCompany)
      throw EngineError(ErrorKind::invalid_input, "api_key_limit",
                        "A company can have at most " + std::to_string(kMaxApiKeysPerCompany) +
                            " API keys; revoke one first.");
    tx.put(r, 0);
  });
  return {k, secret};
}

std::vector<ApiKey> Accounts::api_keys(const std::string& company_id) {
  std::vector<ApiKey> out;
  for (const auto& r : store_.read()->list(keys_of(company_id))) out.push_back(key_from(r));
  return out;
}

ApiKey Accounts::revoke_api_key(const std::string& company_id, const std::string& key_id) {
  if (!is_uuid(key_id)) throw not_found();
  store::Record revoked;
  store_.write([&](store::WriteTxn& tx) {
    auto r = tx.get(kApiKeyKind, key_id);
    if (!r || r->company_id != company_id) throw not_found();
    tx.remove(kApiKeyKind, key_id);
    revoked = *r;
  });
  // After the commit: a request racing the revocation may still pass until here, none after.
  revocations_.fetch_add(1);
  keys_.erase(revoked.lookup);
  return key_from(revoked);
}

// Companies, brands and keys are never changed once written, so what was found stays true: only
// hits are cached (a key or brand created by another process is found at its first use). Keys are
// the exception, being deleted when revoked: this process drops a key it revokes from the cache,
// and a cached key is read again after kKeyRecheck for revocations made by other processes.
std::optional<ApiKey> Accounts::authenticate(const std::string& secret) {
  if (secret.size() < 20 || secret.size() > 128) return std::nullopt;
  const std::string hash = key_hash(secret);
  const auto now = std::chrono::steady_clock::now();
  if (auto cached = keys_.get(hash); cached && now - cached->read_at < kKeyRecheck) return cached->key;
  const auto revocations_before = revocations_.load();
  auto rec = store_.read()->find_by_lookup(kApiKeyKind, hash);
  if (!rec) {
    keys_.erase(hash);
    return std::nullopt;
  }
  auto key = key_from(*rec);
  keys_.put(hash, CachedKey{key, now});
  // A revocation that committed after the read above must not leave this entry behind: it
  // counts before it erases, so either it erases what was put, or the count shows here.
  if (revocations_.load() != revocations_before) keys_.erase(hash);
  return key;
}

std::optional<Company> Accounts::company(const std::string& id) {
  if (auto cached = companies_.get(id)) return cached;
  auto rec = store_.read()->get(kCompanyKind, id);
  if (!rec) return std::nullopt;
  auto company = company_from(*rec);
  companies_.put(id, company);
  return company;
}

std::optional<Brand> Accounts::brand(const std::string& company_id, const std::string& id) {
  auto cached = brands_.get(id);
  if (!cached) {
    auto rec = store_.read()->get(kBrandKind, id);
    if (!rec) return std::nullopt;
    auto o = bj::parse(rec->body).as_object();
    cached = Brand{rec->id, rec->company_id, text(o, "name"), text(o, "default_currency"),
                   FeeSchedule{json::integer(o, "fee_percent_bp"), json::integer(o, "fee_fixed_minor")}, rec->created_on};
    brands_.put(id, *cached);
  }
  if (cached->company_id != company_id) return std::nullopt;  // another company's: not found
  return cached;
}

std::optional<Brand> Accounts::default_brand(const std::string& company_id) {
  store::ListQuery q;
  q.kind = kBrandKind;
  q.company_id = company_id;
  q.limit = 1000;
  auto rows = store_.read()->list(q);  // newest first
  if (rows.empty()) return std::nullopt;
  return brand(company_id, rows.back().id);
}

std::string Accounts::company_private_key_pem(const Company& company) const {
  crypto::AesGcm aead(master_key_);
  auto sealed = crypto::base64_decode(company.sealed_private_key);
  if (!sealed) throw std::runtime_error("company key is damaged");
  auto pem = aead.open(*sealed, "company-key:" + company.id);
  if (!pem) throw std::runtime_error("company key cannot be opened with this vault key");
  return *pem;
}

}  // namespace tender::engine
