#pragma once
// Hashes, MACs and the comparison to use on them.
#include <string>
#include <string_view>

namespace tender::crypto {

// SHA-256 of data: 32 raw bytes.
std::string sha256(std::string_view data);

// SHA-256 of data as 64 lowercase hex characters (e.g. for storing API key hashes).
std::string sha256_hex(std::string_view data);

// HMAC-SHA-256 of data under key: 32 raw bytes. Any key length is accepted (HMAC hashes long
// keys), but keys shorter than 32 random bytes weaken it.
std::string hmac_sha256(std::string_view key, std::string_view data);

// Equality whose running time does not depend on where a and b differ (CRYPTO_memcmp). Use it
// for every secret comparison: MACs, tokens, key hashes. Lengths are compared first and may
// leak; they are not secret for fixed-size values.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace tender::crypto
