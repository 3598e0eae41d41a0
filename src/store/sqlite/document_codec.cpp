#include "store/sqlite/document_codec.hpp"

#include <zstd.h>

#include <memory>

#include "store/sqlite/document_dictionary.hpp"
#include "store/sqlite/limits.hpp"
#include "store/store_error.hpp"
#include "util/invariant.hpp"

namespace tender::store::sqlite {

namespace {

// Level 1: the fastest; with the dictionary it already finds nearly every match a higher level
// would (a stored S2S purchase: 3,675 -> 169 bytes at level 1 and at level 3).
constexpr int kLevel = 1;

struct Dictionaries {
  ZSTD_CDict* compress;
  ZSTD_DDict* decompress;
};

// Built once and shared: zstd's digested dictionaries are read-only, safe across threads.
const Dictionaries& dictionaries() {
  static const Dictionaries d = [] {
    const auto raw = document_dictionary_v1();
    Dictionaries out{ZSTD_createCDict(raw.data(), raw.size(), kLevel), ZSTD_createDDict(raw.data(), raw.size())};
    TENDER_ASSERT(out.compress != nullptr && out.decompress != nullptr, "document_dictionary_loaded",
                  "document_codec.cpp");
    return out;
  }();
  return d;
}

struct CctxFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DctxFree {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

}  // namespace

std::string encode_document(std::string_view json) {
  if (json.size() < kMinEncodedBytes) return std::string(json);
  // One context per thread: reused across calls, never shared.
  thread_local std::unique_ptr<ZSTD_CCtx, CctxFree> context(ZSTD_createCCtx());
  TENDER_ASSERT(context != nullptr, "zstd_context_created", "document_codec.cpp");
  std::string out(1 + ZSTD_compressBound(json.size()), '\0');
  out[0] = kDocumentFormatV1;
  const std::size_t n = ZSTD_compress_usingCDict(context.get(), out.data() + 1, out.size() - 1, json.data(),
                                                 json.size(), dictionaries().compress);
  // Compression into a buffer of compressBound cannot fail but for a bug or memory exhaustion.
  TENDER_ASSERT(!ZSTD_isError(n), "document_compressed", "zstd: {}", ZSTD_getErrorName(n));
  out.resize(1 + n);
  return out;
}

bool encodes_kind(std::string_view kind) {
  // Named here rather than taken from the engine's and webhooks' headers: the store stays below
  // them. The unit test checks these against engine::kPurchaseKind, kRefundKind and
  // webhooks::kDeliveryKind.
  return kind == "purchase" || kind == "refund" || kind == "delivery";
}

std::string decode_document(std::string_view stored) {
  if (!is_encoded_document(stored)) return std::string(stored);
  const char* frame = stored.data() + 1;
  const std::size_t frame_size = stored.size() - 1;
  const unsigned long long size = ZSTD_getFrameContentSize(frame, frame_size);
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxDocumentBytes)
    throw StoreError("sqlite: a stored document is damaged (its compressed frame has no valid size)");
  thread_local std::unique_ptr<ZSTD_DCtx, DctxFree> context(ZSTD_createDCtx());
  TENDER_ASSERT(context != nullptr, "zstd_context_created", "document_codec.cpp");
  std::string out(static_cast<std::size_t>(size), '\0');
  const std::size_t n = ZSTD_decompress_usingDDict(context.get(), out.data(), out.size(), frame, frame_size,
                                                   dictionaries().decompress);
  if (ZSTD_isError(n) || n != out.size())
    throw StoreError(std::string("sqlite: a stored document is damaged: ") +
                     (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short frame"));
  return out;
}

}  // namespace tender::store::sqlite
