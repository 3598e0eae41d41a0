#include "engine/staged_write.hpp"

#include <stdexcept>

#include "util/invariant.hpp"

namespace tender::engine {

namespace {

[[noreturn]] void not_staged(const char* what) {
  throw std::logic_error(std::string("StagedWrite: ") + what + " reads the store, which a staged write cannot");
}

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

void StagedWrite::stage(Write w) {
  TENDER_ASSERT(writes_.size() < kMaxWrites, "staged_writes_bounded", "{} staged writes", writes_.size());
  writes_.push_back(std::move(w));
}

void StagedWrite::replay(store::WriteTxn& tx) const {
  for (const auto& w : writes_) {
    std::visit(Overloaded{
                   [&](const Put& p) {
                     store::Record copy = p.record;
                     copy.version = p.expected_version;
                     tx.put(copy, p.expected_version);
                     TENDER_ASSERT(copy.version == p.record.version, "staged_version_matches",
                                   "{} {}: staged version {}, stored {}", copy.kind, copy.id, p.record.version,
                                   copy.version);
                   },
                   [&](const Remove& r) { tx.remove(r.kind, r.id); },
                   [&](const Post& p) { tx.post(p.legs); },
                   [&](const Append& a) {
                     store::OutboxEvent copy = a.event;
                     tx.append(copy);
                   },
                   [&](const PutIdempotency& i) { tx.put_idempotency(i.record); },
               },
               w);
  }
}

void StagedWrite::put(store::Record& record, std::int64_t expected_version) {
  auto current_record = get(record.kind, record.id);
  const std::int64_t current = current_record ? current_record->version : 0;
  if (current != expected_version) throw store::VersionConflict("staged " + record.kind + " " + record.id);
  record.version = expected_version + 1;
  stage(Put{record, expected_version});
}

void StagedWrite::remove(const std::string& kind, const std::string& id) { stage(Remove{kind, id}); }

void StagedWrite::post(const std::vector<store::Posting>& legs) { stage(Post{legs}); }

void StagedWrite::append(store::OutboxEvent& event) { stage(Append{event}); }

void StagedWrite::put_idempotency(const store::IdempotencyRecord& record) { stage(PutIdempotency{record}); }

void StagedWrite::remove_idempotency(const std::string&, const std::string&) { not_staged("remove_idempotency"); }

std::size_t StagedWrite::purge_idempotency(std::int64_t, std::size_t) { not_staged("purge_idempotency"); }

std::size_t StagedWrite::purge_outbox(std::int64_t, std::int64_t, std::size_t) { not_staged("purge_outbox"); }

std::optional<store::Record> StagedWrite::get(const std::string& kind, const std::string& id) {
  std::optional<store::Record> found;
  bool staged = false;
  for (const auto& w : writes_) {
    if (const auto* p = std::get_if<Put>(&w); p && p->record.kind == kind && p->record.id == id) {
      found = p->record;
      staged = true;
    }
    if (const auto* r = std::get_if<Remove>(&w); r && r->kind == kind && r->id == id) {
      found.reset();
      staged = true;
    }
  }
  if (!staged && snapshot_) return snapshot_->get(kind, id);
  return found;
}

std::optional<store::Record> StagedWrite::find_by_lookup(const std::string&, const std::string&) {
  not_staged("find_by_lookup");
}
std::vector<store::Record> StagedWrite::list(const store::ListQuery&) { not_staged("list"); }
std::vector<store::Posting> StagedWrite::postings_for_purchase(const std::string&) { not_staged("postings_for_purchase"); }
std::vector<store::Posting> StagedWrite::postings_for_company(const std::string&, bool, std::int64_t, std::int64_t, std::size_t) {
  not_staged("postings_for_company");
}
std::vector<StagedWrite::AccountBalance> StagedWrite::balances(const std::string&, bool) { not_staged("balances"); }
std::optional<store::IdempotencyRecord> StagedWrite::idempotency(const std::string&, const std::string&) {
  not_staged("idempotency");
}
std::vector<store::OutboxEvent> StagedWrite::outbox_after(std::int64_t, std::size_t) { not_staged("outbox_after"); }

}  // namespace tender::engine
