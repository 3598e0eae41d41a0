#pragma once
// A decorator around the real Store (store/store.hpp) that injects the storage faults of the
// simulation into one chosen write: a failed commit (the write throws and nothing is applied; the
// process lives on), a crash before the commit (nothing applied) and a crash after it (applied,
// but the caller never learns it). After a crash the process is dead: every later read or write
// throws SimulatedCrash until the driver drops the engine and this store and reopens the files
// (a restart). Everything else is passed to the real SQLite store untouched.
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

#include "store/store.hpp"

namespace tender::sim {

enum class StoreFault { none, fail_commit, crash_before_commit, crash_after_commit };
const char* to_string(StoreFault fault);

// The process died: no code of it runs any more (thrown through the engine up to the driver).
struct SimulatedCrash : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class FaultStore final : public store::Store {
 public:
  explicit FaultStore(std::unique_ptr<store::Store> inner) : inner_(std::move(inner)) {}

  // The `nth` write from now (0: the next one) gets `fault`; replaces any armed fault.
  void arm(StoreFault fault, std::size_t nth);
  void disarm() { armed_ = StoreFault::none; }
  bool crashed() const { return crashed_; }
  // Whether the armed fault went off (a step may end before its nth write).
  bool fired() const { return fired_; }
  std::size_t writes() const { return writes_; }

  std::unique_ptr<store::ReadView> read() override;
  void write(const std::function<void(store::WriteTxn&)>& work) override;
  store::SchemaVersions schema_versions() override { return inner_->schema_versions(); }

 private:
  void throw_if_dead() const;

  std::unique_ptr<store::Store> inner_;
  StoreFault armed_ = StoreFault::none;
  std::size_t armed_at_ = 0;  // value of writes_ that triggers
  std::size_t writes_ = 0;
  bool fired_ = false;
  bool crashed_ = false;
};

}  // namespace tender::sim
