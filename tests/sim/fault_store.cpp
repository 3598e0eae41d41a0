#include "fault_store.hpp"

#include "store/store_error.hpp"

namespace tender::sim {

const char* to_string(StoreFault fault) {
  switch (fault) {
    case StoreFault::none: return "none";
    case StoreFault::fail_commit: return "fail_commit";
    case StoreFault::crash_before_commit: return "crash_before_commit";
    case StoreFault::crash_after_commit: return "crash_after_commit";
  }
  return "?";
}

void FaultStore::arm(StoreFault fault, std::size_t nth) {
  armed_ = fault;
  armed_at_ = writes_ + nth;
  fired_ = false;
}

void FaultStore::throw_if_dead() const {
  if (crashed_) throw SimulatedCrash("the process crashed");
}

std::unique_ptr<store::ReadView> FaultStore::read() {
  throw_if_dead();
  return inner_->read();
}

void FaultStore::write(const std::function<void(store::WriteTxn&)>& work) {
  throw_if_dead();
  const std::size_t index = writes_++;
  if (armed_ == StoreFault::none || index != armed_at_) return inner_->write(work);
  const StoreFault fault = armed_;
  armed_ = StoreFault::none;
  fired_ = true;
  switch (fault) {
    case StoreFault::fail_commit:
      // As SQLite reports a failed COMMIT (disk full, I/O error): the transaction is rolled back.
      throw store::StoreError("simulated commit failure (disk I/O error)", 10);
    case StoreFault::crash_before_commit:
      crashed_ = true;
      throw SimulatedCrash("crash before commit");
    case StoreFault::crash_after_commit:
      crashed_ = true;
      inner_->write(work);  // a refusal thrown by `work` commits nothing, and the process dies all the same
      throw SimulatedCrash("crash after commit");
    case StoreFault::none:
      break;
  }
  inner_->write(work);
}

}  // namespace tender::sim
