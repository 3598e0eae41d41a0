// Signatures of deliveries, checked with OpenSSL directly (not with the code that signs): the
// X-Signature of a body is RSASSA-PKCS1-v1_5 over SHA-256 of exactly those bytes. Also the
// webhook key pairs (one per webhook, private half sealed) and the callback address policy.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "crypto/base64.hpp"
#include "crypto/random.hpp"
#include "crypto/rsa_key.hpp"
#include "engine/errors.hpp"
#include "engine/state_machine.hpp"
#include "store/store.hpp"
#include "store_test_support.hpp"
#include "webhooks/address_policy.hpp"
#include "webhooks/delivery.hpp"
#include "webhooks/event_types.hpp"
#include "webhooks/webhook_commands.hpp"

namespace tender::webhooks {
namespace {

// Plain OpenSSL verification, written here on purpose.
bool openssl_verify(const std::string& public_pem, const std::string& body, const std::string& signature_base64) {
  auto sig = crypto::base64_decode(signature_base64);
  if (!sig) return false;
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size())), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
  if (!key) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;
  if (EVP_DigestVerifyInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key.get()) != 1) return false;
  if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1) return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig->data()), sig->size(),
                          reinterpret_cast<const unsigned char*>(body.data()), body.size()) == 1;
}

class FixedClock : public engine::Clock {
 public:
  std::int64_t now_seconds() const override { return 1'700'000'000; }
};

// Every webhook record in a store, across companies.
std::vector<store::Record> all_webhooks(store::Store& store) {
  store::ListQuery q;
  q.kind = kWebhookKind;
  q.all_companies = true;
  q.limit = 1000;
  return store.read()->list(q);
}

TEST(WebhooksSigning, SignatureCoversTheExactBodyBytes) {
  auto pair = crypto::generate_rsa_key_pair(2048);
  crypto::RsaSigner signer(pair.private_pem);
  const std::string body = R"({"id":"x","event_type":"purchase.paid","total":100})";
  const std::string sig = signer.sign_base64(body);
  EXPECT_TRUE(openssl_verify(pair.public_pem, body, sig));
  EXPECT_FALSE(openssl_verify(pair.public_pem, body + " ", sig)) << "one more byte";
  std::string changed = body;
  changed[10] = 'y';
  EXPECT_FALSE(openssl_verify(pair.public_pem, changed, sig));
  EXPECT_FALSE(openssl_verify(crypto::generate_rsa_key_pair(2048).public_pem, body, sig)) << "another key";
}

TEST(WebhooksSigning, OpensslCliVerifiesTheSignature) {
  if (std::system("openssl version > /dev/null 2>&1") != 0) GTEST_SKIP() << "no openssl CLI";
  auto pair = crypto::generate_rsa_key_pair(2048);
  const std::string body = "{\"a\":\"\xc3\xa9\",\"n\":1}\n";  // non-ASCII and a trailing newline: bytes, not text
  const std::string sig = *crypto::base64_decode(crypto::RsaSigner(pair.private_pem).sign_base64(body));
  std::string dir = (std::filesystem::temp_directory_path() / "tender_sig_XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  auto write = [&](const char* name, const std::string& data) {
    std::ofstream(dir + "/" + name, std::ios::binary) << data;
  };
  write("pub.pem", pair.public_pem);
  write("body", body);
  write("sig", sig);
  const std::string cmd = "openssl dgst -sha256 -verify " + dir + "/pub.pem -signature " + dir + "/sig " + dir +
                          "/body > /dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  write("body", body + "x");
  EXPECT_NE(std::system(cmd.c_str()), 0);
  std::filesystem::remove_all(dir);
}

TEST(WebhooksSigning, EachWebhookHasItsOwnKeyPairSealedWithTheMasterKey) {
  store::test_support::TempSqliteStore store{"tender_hooks"};
  FixedClock clock;
  const std::string master = crypto::random_bytes(32);
  WebhookCommands commands(*store, clock, master, AddressPolicy{});
  engine::Caller caller{"company-1", true, "127.0.0.1"};
  WebhookFields f{"t", "https://example.com/hook", std::vector<std::string>{"purchase.paid"}, false};
  Webhook a = commands.create(caller, f);
  Webhook b = commands.create(caller, f);
  EXPECT_NE(a.public_key_pem, b.public_key_pem);
  EXPECT_EQ(a.public_key_pem.rfind("-----BEGIN PUBLIC KEY-----", 0), 0u);
  EXPECT_EQ(a.sealed_private_key.find("PRIVATE KEY"), std::string::npos) << "stored sealed, not in clear";
  const auto stored = all_webhooks(*store);
  EXPECT_EQ(stored.size(), 2u);
  for (const auto& r : stored) EXPECT_EQ(r.body.find("BEGIN PRIVATE KEY"), std::string::npos);

  const std::string body = "{\"event_type\":\"purchase.paid\"}";
  const std::string sig = crypto::RsaSigner(commands.private_key_pem(a)).sign_base64(body);
  EXPECT_TRUE(openssl_verify(a.public_key_pem, body, sig));
  EXPECT_FALSE(openssl_verify(b.public_key_pem, body, sig));

  WebhookCommands other_master(*store, clock, crypto::random_bytes(32), AddressPolicy{});
  EXPECT_THROW(other_master.private_key_pem(a), std::runtime_error);
  Webhook swapped = b;
  swapped.sealed_private_key = a.sealed_private_key;  // bound to its webhook id
  EXPECT_THROW(commands.private_key_pem(swapped), std::runtime_error);
}

TEST(WebhooksSigning, WebhookRulesNameTheField) {
  store::test_support::TempSqliteStore store{"tender_hooks"};
  FixedClock clock;
  WebhookCommands commands(*store, clock, crypto::random_bytes(32), AddressPolicy{});
  engine::Caller test{"c", true, ""};
  engine::Caller live{"c", false, ""};
  auto field_of = [&](const engine::Caller& who, WebhookFields f) -> std::string {
    try {
      commands.create(who, f);
      return "";
    } catch (const engine::EngineError& e) {
      return e.field();
    }
  };
  EXPECT_EQ(field_of(test, {"t", "https://e.com/", std::vector<std::string>{"purchase.nope"}, false}), "events");
  EXPECT_EQ(field_of(test, {"t", "https://e.com/", std::vector<std::string>{}, false}), "events");
  EXPECT_EQ(field_of(test, {"t", "https://e.com/", std::nullopt, true}), "");
  EXPECT_EQ(field_of(test, {"t", "http://127.0.0.1:9/x", std::nullopt, true}), "") << "test mode: loopback allowed";
  EXPECT_EQ(field_of(test, {"t", "http://10.1.2.3/x", std::nullopt, true}), "callback");
  EXPECT_EQ(field_of(live, {"t", "http://127.0.0.1:9/x", std::nullopt, true}), "callback");
  EXPECT_EQ(field_of(live, {"t", "http://localhost/x", std::nullopt, true}), "callback");
  EXPECT_EQ(field_of(live, {"t", "http://[::1]/x", std::nullopt, true}), "callback");
  EXPECT_EQ(field_of(live, {"t", "http://169.254.169.254/latest", std::nullopt, true}), "callback");
  EXPECT_EQ(field_of(live, {"t", "ftp://example.com/x", std::nullopt, true}), "callback");

  WebhookCommands permissive(*store, clock, crypto::random_bytes(32), AddressPolicy{true});
  EXPECT_NO_THROW(permissive.create(live, {"t", "http://127.0.0.1:9/x", std::nullopt, true}));
}

sockaddr_storage v4(const char* text) {
  sockaddr_storage s{};
  auto* a = reinterpret_cast<sockaddr_in*>(&s);
  a->sin_family = AF_INET;
  inet_pton(AF_INET, text, &a->sin_addr);
  return s;
}
sockaddr_storage v6(const char* text) {
  sockaddr_storage s{};
  auto* a = reinterpret_cast<sockaddr_in6*>(&s);
  a->sin6_family = AF_INET6;
  inet_pton(AF_INET6, text, &a->sin6_addr);
  return s;
}

TEST(WebhooksAddressPolicy, ClassifiesConnectedAddresses) {
  auto c = [](const sockaddr_storage& s) { return classify(reinterpret_cast<const sockaddr*>(&s)); };
  EXPECT_EQ(c(v4("127.0.0.1")), AddressClass::loopback);
  EXPECT_EQ(c(v4("127.9.9.9")), AddressClass::loopback);
  EXPECT_EQ(c(v4("10.0.0.1")), AddressClass::private_address);
  EXPECT_EQ(c(v4("172.16.0.1")), AddressClass::private_address);
  EXPECT_EQ(c(v4("172.31.255.255")), AddressClass::private_address);
  EXPECT_EQ(c(v4("172.32.0.1")), AddressClass::public_address);
  EXPECT_EQ(c(v4("192.168.1.1")), AddressClass::private_address);
  EXPECT_EQ(c(v4("169.254.169.254")), AddressClass::link_local);
  EXPECT_EQ(c(v4("0.0.0.0")), AddressClass::unspecified);
  EXPECT_EQ(c(v4("8.8.8.8")), AddressClass::public_address);
  EXPECT_EQ(c(v6("::1")), AddressClass::loopback);
  EXPECT_EQ(c(v6("::")), AddressClass::unspecified);
  EXPECT_EQ(c(v6("::ffff:127.0.0.1")), AddressClass::loopback) << "IPv4-mapped";
  EXPECT_EQ(c(v6("::ffff:10.0.0.1")), AddressClass::private_address);
  EXPECT_EQ(c(v6("fd00::1")), AddressClass::private_address);
  EXPECT_EQ(c(v6("fe80::1")), AddressClass::link_local);
  EXPECT_EQ(c(v6("2001:4860:4860::8888")), AddressClass::public_address);

  AddressPolicy strict;
  EXPECT_TRUE(strict.allowed(AddressClass::loopback, true));
  EXPECT_FALSE(strict.allowed(AddressClass::loopback, false));
  EXPECT_FALSE(strict.allowed(AddressClass::private_address, true));
  EXPECT_FALSE(strict.allowed(AddressClass::link_local, true));
  EXPECT_TRUE(strict.allowed(AddressClass::public_address, false));
  EXPECT_TRUE(AddressPolicy{true}.allowed(AddressClass::link_local, false));
}

TEST(WebhooksEventTypes, EveryEngineEventIsListedAndDocumented) {
  std::set<std::string> engine_events{"purchase.created", "purchase.recurring_token_deleted"};
  for (const auto& t : engine::transition_table()) engine_events.insert(std::string(t.event_type));
  const auto& listed = event_types();
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), engine_events);
  EXPECT_TRUE(std::is_sorted(listed.begin(), listed.end()));
  for (const char* e : {"purchase.paid", "purchase.payment_failure", "purchase.cancelled", "purchase.hold",
                        "purchase.captured", "purchase.released", "purchase.preauthorized", "purchase.pending_execute",
                        "payment.refunded"}) {
    EXPECT_TRUE(is_event_type(e)) << e;
  }
  EXPECT_FALSE(is_event_type("purchase.nope"));

  std::ifstream doc(std::string(TENDER_SOURCE_DIR) + "/docs/webhooks.md");
  ASSERT_TRUE(doc) << "docs/webhooks.md";
  std::stringstream text;
  text << doc.rdbuf();
  for (const auto& e : listed) EXPECT_NE(text.str().find("`" + e + "`"), std::string::npos) << e << " undocumented";
}

TEST(WebhooksDelivery, RecordRoundTrip) {
  Delivery d;
  d.id = "11111111-1111-4111-8111-111111111111";
  d.company_id = "c";
  d.is_test = false;
  d.status = DeliveryStatus::failed;
  d.event_id = "e";
  d.event_seq = 42;
  d.event_type = "purchase.paid";
  d.object_id = "p";
  d.destination = "webhook";
  d.webhook_id = "w";
  d.payload = "{\"x\":\"\\u00e9\"}";
  d.attempts.push_back({10, "http://h/", 500, 12, "HTTP 500", false});
  d.attempts.push_back({40, "http://h/", std::nullopt, 5000, "Timeout was reached", true});
  d.max_attempts = 9;
  d.give_up_at = 99;
  d.failure_reason = "r";
  auto r = delivery_record(d);
  EXPECT_EQ(r.status, "failed");
  EXPECT_EQ(r.lookup, "e:w");
  auto back = delivery_from_record(r);
  EXPECT_EQ(back.payload, d.payload);
  ASSERT_EQ(back.attempts.size(), 2u);
  EXPECT_EQ(back.attempts[0].status_code, 500);
  EXPECT_EQ(back.attempts[1].status_code, std::nullopt);
  EXPECT_TRUE(back.attempts[1].manual);
  EXPECT_EQ(back.event_seq, 42);
  EXPECT_FALSE(back.is_test);
  EXPECT_EQ(back.queue_key(), "p|w");
}

}  // namespace
}  // namespace tender::webhooks
