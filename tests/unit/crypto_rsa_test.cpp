#include "crypto/rsa_key.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "crypto/base64.hpp"
#include "crypto/crypto_error.hpp"

namespace {

namespace fs = std::filesystem;
using tender::crypto::base64_decode;
using tender::crypto::base64_encode;
using tender::crypto::CryptoError;
using tender::crypto::generate_rsa_key_pair;
using tender::crypto::RsaKeyPair;
using tender::crypto::RsaSigner;
using tender::crypto::rsa_verify_base64;

// A fresh directory under the system temp dir, removed with its contents.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "tender-rsa-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() { std::error_code ec; fs::remove_all(path_, ec); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool have_openssl_cli() { return std::system("openssl version >/dev/null 2>&1") == 0; }

// Runs a shell command with its output silenced; true when it exits 0.
bool run(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()) == 0; }

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

class CryptoRsa : public ::testing::Test {
 protected:
  // Key generation takes a noticeable fraction of a second; share one pair per suite.
  static void SetUpTestSuite() { keys_ = new RsaKeyPair(generate_rsa_key_pair()); }
  static void TearDownTestSuite() { delete keys_; keys_ = nullptr; }
  static const RsaKeyPair& keys() { return *keys_; }

 private:
  static RsaKeyPair* keys_;
};
RsaKeyPair* CryptoRsa::keys_ = nullptr;

TEST_F(CryptoRsa, GeneratesPemKeyPair) {
  EXPECT_EQ(keys().private_pem.rfind("-----BEGIN PRIVATE KEY-----\n", 0), 0u);
  EXPECT_NE(keys().private_pem.find("-----END PRIVATE KEY-----"), std::string::npos);
  EXPECT_EQ(keys().public_pem.rfind("-----BEGIN PUBLIC KEY-----\n", 0), 0u);
  EXPECT_NE(keys().public_pem.find("-----END PUBLIC KEY-----"), std::string::npos);
}

TEST_F(CryptoRsa, GeneratesDistinctKeys) {
  EXPECT_NE(generate_rsa_key_pair().public_pem, keys().public_pem);
}

TEST_F(CryptoRsa, RefusesWeakOrAbsurdKeySizes) {
  EXPECT_THROW(generate_rsa_key_pair(1024), CryptoError);
  EXPECT_THROW(generate_rsa_key_pair(0), CryptoError);
  EXPECT_THROW(generate_rsa_key_pair(32768), CryptoError);
}

TEST_F(CryptoRsa, SignThenVerify) {
  const RsaSigner signer(keys().private_pem);
  const std::string body = R"({"event":"purchase.paid","id":"123"})";
  const std::string signature = signer.sign_base64(body);
  EXPECT_EQ(base64_decode(signature)->size(), 256u);  // 2048-bit modulus
  EXPECT_TRUE(rsa_verify_base64(keys().public_pem, body, signature));
  // PKCS#1 v1.5 is deterministic.
  EXPECT_EQ(signer.sign_base64(body), signature);
}

TEST_F(CryptoRsa, SignsEmptyBody) {
  const RsaSigner signer(keys().private_pem);
  EXPECT_TRUE(rsa_verify_base64(keys().public_pem, "", signer.sign_base64("")));
}

TEST_F(CryptoRsa, VerifyFailsOnFlippedSignatureByte) {
  const RsaSigner signer(keys().private_pem);
  const std::string body = "hello";
  std::string raw = *base64_decode(signer.sign_base64(body));
  for (const std::size_t i : {std::size_t{0}, raw.size() / 2, raw.size() - 1}) {
    std::string flipped = raw;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x01);
    EXPECT_FALSE(rsa_verify_base64(keys().public_pem, body, base64_encode(flipped))) << i;
  }
}

TEST_F(CryptoRsa, VerifyFailsOnChangedBodyOrOtherKey) {
  const RsaSigner signer(keys().private_pem);
  const std::string signature = signer.sign_base64("amount=100");
  EXPECT_FALSE(rsa_verify_base64(keys().public_pem, "amount=101", signature));
  EXPECT_FALSE(rsa_verify_base64(generate_rsa_key_pair().public_pem, "amount=100", signature));
}

TEST_F(CryptoRsa, VerifyFailsOnMalformedSignature) {
  EXPECT_FALSE(rsa_verify_base64(keys().public_pem, "body", ""));
  EXPECT_FALSE(rsa_verify_base64(keys().public_pem, "body", "not base64!"));
  EXPECT_FALSE(rsa_verify_base64(keys().public_pem, "body", base64_encode("short")));
}

TEST_F(CryptoRsa, RejectsBadKeys) {
  EXPECT_THROW(RsaSigner("not a pem"), CryptoError);
  EXPECT_THROW(RsaSigner(keys().public_pem), CryptoError);
  EXPECT_THROW(rsa_verify_base64("not a pem", "body", "c2ln"), CryptoError);
}

TEST_F(CryptoRsa, ConcurrentSigningIsSafe) {
  const RsaSigner signer(keys().private_pem);
  constexpr int kThreads = 8;
  constexpr int kSignsPerThread = 20;
  std::vector<std::vector<std::string>> signatures(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&signer, &signatures, t] {
      for (int i = 0; i < kSignsPerThread; ++i)
        signatures[t].push_back(signer.sign_base64("body " + std::to_string(t) + "/" + std::to_string(i)));
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(signatures[t].size(), static_cast<std::size_t>(kSignsPerThread));
    for (int i = 0; i < kSignsPerThread; ++i) {
      EXPECT_TRUE(rsa_verify_base64(keys().public_pem,
                                    "body " + std::to_string(t) + "/" + std::to_string(i),
                                    signatures[t][i]));
    }
  }
}

// The signature is the standard format: the openssl CLI verifies it, and signs identically.
TEST_F(CryptoRsa, OpensslCliAgreesWithSignature) {
  if (!have_openssl_cli()) GTEST_SKIP() << "openssl CLI not installed";
  const TempDir dir;
  const std::string body = "{\"id\":\"pur_1\",\"amount\":1999}\n";
  const std::string signature = RsaSigner(keys().private_pem).sign_base64(body);
  write_file(dir.path() / "pub.pem", keys().public_pem);
  write_file(dir.path() / "priv.pem", keys().private_pem);
  write_file(dir.path() / "body", body);
  write_file(dir.path() / "sig.bin", *base64_decode(signature));

  EXPECT_TRUE(run("openssl dgst -sha256 -verify " + quoted(dir.path() / "pub.pem") + " -signature " +
                  quoted(dir.path() / "sig.bin") + " " + quoted(dir.path() / "body")));

  ASSERT_TRUE(run("openssl dgst -sha256 -sign " + quoted(dir.path() / "priv.pem") + " -out " +
                  quoted(dir.path() / "cli.sig") + " " + quoted(dir.path() / "body")));
  EXPECT_EQ(base64_encode(read_file(dir.path() / "cli.sig")), signature);

  // And a tampered body fails the CLI check too.
  write_file(dir.path() / "body", body + " ");
  EXPECT_FALSE(run("openssl dgst -sha256 -verify " + quoted(dir.path() / "pub.pem") + " -signature " +
                   quoted(dir.path() / "sig.bin") + " " + quoted(dir.path() / "body")));
}

// Keys made elsewhere: traditional PKCS#1 PEM works; encrypted, short and non-RSA keys are
// refused (and the encrypted one must not prompt for a passphrase).
TEST_F(CryptoRsa, AcceptsAndRefusesExternalKeys) {
  if (!have_openssl_cli()) GTEST_SKIP() << "openssl CLI not installed";
  const TempDir dir;
  const auto key = [&](const char* name) { return read_file(dir.path() / name); };
  write_file(dir.path() / "priv.pem", keys().private_pem);

  ASSERT_TRUE(run("openssl rsa -traditional -in " + quoted(dir.path() / "priv.pem") + " -out " +
                  quoted(dir.path() / "pkcs1.pem")));
  ASSERT_EQ(key("pkcs1.pem").rfind("-----BEGIN RSA PRIVATE KEY-----", 0), 0u);
  EXPECT_TRUE(rsa_verify_base64(keys().public_pem, "x", RsaSigner(key("pkcs1.pem")).sign_base64("x")));

  ASSERT_TRUE(run("openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:secret -in " +
                  quoted(dir.path() / "priv.pem") + " -out " + quoted(dir.path() / "encrypted.pem")));
  EXPECT_THROW(RsaSigner(key("encrypted.pem")), CryptoError);

  ASSERT_TRUE(run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out " +
                  quoted(dir.path() / "short.pem")));
  EXPECT_THROW(RsaSigner(key("short.pem")), CryptoError);

  ASSERT_TRUE(run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " +
                  quoted(dir.path() / "ec.pem")));
  EXPECT_THROW(RsaSigner(key("ec.pem")), CryptoError);
}

}  // namespace
