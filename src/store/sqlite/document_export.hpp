#pragma once
// `tender documents`: every document a SQLite data directory stores (records' bodies and outbox
// payloads), decoded to JSON text, one JSON line each — what an operator or an audit reads when
// the stored form is compressed (document_codec.hpp). PostgreSQL keeps documents as text, where
// pg_dump shows them.
#include <ostream>
#include <string>

namespace tender::store::sqlite {

// Reads `database_path` in one read-only snapshot; returns the number of lines written.
std::size_t export_documents(const std::string& database_path, std::ostream& out);

}  // namespace tender::store::sqlite
