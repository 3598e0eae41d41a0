#pragma once
// RSA keys for signing what Tender sends (e.g. webhook bodies) so receivers can verify them with
// any standard tool: RSASSA-PKCS1-v1_5 with SHA-256, keys as PEM.
#include <string>
#include <string_view>

#include "crypto/openssl_handles.hpp"

namespace tender::crypto {

struct RsaKeyPair {
  std::string private_pem;  // PKCS#8, "-----BEGIN PRIVATE KEY-----", unencrypted: store it 0600
  std::string public_pem;   // SubjectPublicKeyInfo, "-----BEGIN PUBLIC KEY-----"
};

// A fresh key pair. bits must be 2048..16384; below 2048 is refused as too weak.
RsaKeyPair generate_rsa_key_pair(int bits = 2048);

// Signs with one private key. The key is parsed once; sign_base64 is const and safe to call
// from many threads at once (each call has its own digest context; the key is only read).
class RsaSigner {
 public:
  // Throws CryptoError unless private_pem is an unencrypted RSA private key (PKCS#8 or the
  // traditional "RSA PRIVATE KEY" form) of at least 2048 bits.
  explicit RsaSigner(const std::string& private_pem);

  // base64(RSASSA-PKCS1-v1_5 signature over SHA-256 of body), i.e. what
  // `openssl dgst -sha256 -sign key.pem body | base64 -w0` prints.
  std::string sign_base64(std::string_view body) const;

 private:
  detail::EvpPkeyPtr key_;
};

// True when signature_base64 is a valid signature of body under public_pem. Any problem with the
// signature (bad base64, wrong length, mismatch) is false; a public_pem that is not an RSA
// public key is a caller bug and throws CryptoError.
bool rsa_verify_base64(const std::string& public_pem, std::string_view body,
                       std::string_view signature_base64);

}  // namespace tender::crypto
