#include "crypto/base64.hpp"

#include <algorithm>
#include <cstddef>

#include <openssl/evp.h>

#include "crypto/openssl_handles.hpp"

namespace tender::crypto {
namespace {

// EVP_EncodeBlock/EVP_DecodeBlock take int lengths, so large inputs go through in chunks of
// whole groups (3 bytes in, 4 characters out).
constexpr std::size_t kGroupsPerChunk = 1 << 20;

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  const std::size_t groups = (bytes.size() + 2) / 3;
  std::string out(4 * groups + 1, '\0');  // +1: EVP_EncodeBlock writes a trailing NUL
  std::size_t in_pos = 0;
  std::size_t out_pos = 0;
  while (in_pos < bytes.size()) {
    const std::size_t chunk = std::min(bytes.size() - in_pos, 3 * kGroupsPerChunk);
    out_pos += static_cast<std::size_t>(EVP_EncodeBlock(detail::bytes_of(out) + out_pos,
                                                        detail::bytes_of(bytes) + in_pos,
                                                        static_cast<int>(chunk)));
    in_pos += chunk;
  }
  out.resize(out_pos);
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  // EVP_DecodeBlock would skip surrounding whitespace and accept '=' mid-text; check first.
  if (!std::all_of(text.begin(), text.end() - static_cast<std::ptrdiff_t>(padding), is_base64_char))
    return std::nullopt;

  std::string out(text.size() / 4 * 3, '\0');
  std::size_t in_pos = 0;
  std::size_t out_pos = 0;
  while (in_pos < text.size()) {
    const std::size_t chunk = std::min(text.size() - in_pos, 4 * kGroupsPerChunk);
    const int n = EVP_DecodeBlock(detail::bytes_of(out) + out_pos, detail::bytes_of(text) + in_pos,
                                  static_cast<int>(chunk));
    if (n < 0) return std::nullopt;
    in_pos += chunk;
    out_pos += static_cast<std::size_t>(n);
  }
  // EVP_DecodeBlock counts the zero bytes that '=' padding stands for; drop them.
  out.resize(out_pos - padding);

  // Canonical form: the last group must re-encode to itself, which rejects set "unused" bits
  // (e.g. "QR==" and "QQ==" both decoding to "A").
  if (padding > 0) {
    const std::size_t tail = 3 - padding;
    if (base64_encode(std::string_view(out).substr(out.size() - tail)) != text.substr(text.size() - 4))
      return std::nullopt;
  }
  return out;
}

std::string base64url_encode(std::string_view bytes) {
  std::string out = base64_encode(bytes);
  while (!out.empty() && out.back() == '=') out.pop_back();
  std::replace(out.begin(), out.end(), '+', '-');
  std::replace(out.begin(), out.end(), '/', '_');
  return out;
}

}  // namespace tender::crypto
