#pragma once
// The stored form of a JSON document (a record's body, an outbox event's payload) in the SQLite
// store. The documents whose number grows with payments — purchases, refunds, webhook deliveries
// and outbox events — are kept, from kMinEncodedBytes (1 KiB) on, as one marker byte
// (kDocumentFormatV1) followed by a zstd frame compressed against a fixed dictionary of typical
// purchase documents: a 3.7 KB purchase becomes a few hundred bytes, which is most of what the
// single writer copies into the WAL per payment. Everything else (settings, keys, webhooks,
// cursors) stays plain JSON text, readable and editable with the sqlite3 shell. JSON text never starts with the marker byte, so both forms
// live in one column, and files written before the encoding existed read as they are.
//
// The dictionary is part of the format: changing it would make stored documents unreadable. A
// better one needs a new marker byte, with the old dictionary kept for reading.
//
// SQL cannot look into an encoded document (json_extract): a migration that needs a document's
// field must decode it in C++.
#include <cstddef>
#include <string>
#include <string_view>

namespace tender::store::sqlite {

inline constexpr char kDocumentFormatV1 = '\x01';
inline constexpr std::size_t kMinEncodedBytes = 1024;

// The bytes to store for `json`: encoded when long enough, else the text itself.
std::string encode_document(std::string_view json);

// Whether records of `kind` are stored encoded (the kinds that grow with payments).
bool encodes_kind(std::string_view kind);

// The JSON text of stored bytes in either form. Throws StoreError on a damaged frame or one that
// would decode to more than kMaxDocumentBytes.
std::string decode_document(std::string_view stored);

inline bool is_encoded_document(std::string_view stored) {
  return !stored.empty() && stored.front() == kDocumentFormatV1;
}

}  // namespace tender::store::sqlite
