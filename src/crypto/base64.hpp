#pragma once
// Base64 (RFC 4648) on top of OpenSSL's EVP_EncodeBlock/EVP_DecodeBlock.
#include <optional>
#include <string>
#include <string_view>

namespace tender::crypto {

// Standard alphabet (+/), '=' padded, no line breaks.
std::string base64_encode(std::string_view bytes);

// Strict inverse of base64_encode: nullopt unless the text is canonical padded base64 (length a
// multiple of 4, only [A-Za-z0-9+/], at most two trailing '=', unused bits zero). Whitespace,
// line breaks and missing padding are rejected, so each byte string has exactly one accepted
// encoding. "" decodes to "".
std::optional<std::string> base64_decode(std::string_view text);

// URL-safe alphabet (-_) without padding (RFC 4648 section 5), for CSRF tokens and other values
// placed in URLs, cookies and form fields.
std::string base64url_encode(std::string_view bytes);

}  // namespace tender::crypto
