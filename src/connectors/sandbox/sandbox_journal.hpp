#pragma once
// The sandbox's record of every operation it decided (authorize, capture, release, refund), by
// the engine's operation id: what status() answers from and, after a restart, where the holds
// come back from.
//
// Like a real acquirer's records it can outlive the gateway: with a path, each record is appended
// to that file as one JSON line and flushed to the kernel at once, so it survives kill -9 of the
// process (not a power cut: there is no fsync), and a new journal on the same file reads it back.
// Bounded: only the most recent `capacity` records are kept. The file is rewritten (through a
// temporary file and a rename) on open when it holds more than that or a torn last line, and
// while running whenever it has grown to twice the bound.
//
// Not thread-safe: the acquirer serializes every call.
#include <cstddef>
#include <deque>
#include <fstream>
#include <optional>
#include <string>
#include <unordered_map>

#include "connectors/connector.hpp"
#include "connectors/sandbox/sandbox_holds.hpp"

namespace tender::connectors::sandbox {

struct JournalRecord {
  std::string operation_id;  // empty: kept for its hold, never found by status
  Outcome outcome;           // the answer the sandbox gave
  std::optional<Hold> hold;  // the authorization as the operation left it, when it keeps one
};

class SandboxJournal {
 public:
  // path empty: memory only. Throws std::runtime_error when the file cannot be read or written.
  SandboxJournal(std::string path, std::size_t capacity);

  // Keeps the record (dropping the oldest beyond the capacity) and appends it to the file.
  void record(JournalRecord record);

  // The answer recorded under this operation id (the latest, if it was recorded twice), or nullptr.
  const Outcome* find(const std::string& operation_id) const;

  // Every record kept, oldest first.
  const std::deque<JournalRecord>& records() const { return records_; }

 private:
  void keep(JournalRecord record);
  bool load();  // false: the file needs rewriting
  void rewrite();
  void open_for_append();
  void append(const JournalRecord& record);

  std::string path_;
  std::size_t capacity_;
  std::deque<JournalRecord> records_;
  std::unordered_map<std::string, const JournalRecord*> by_operation_;
  std::ofstream file_;
  std::size_t lines_in_file_ = 0;
};

}  // namespace tender::connectors::sandbox
