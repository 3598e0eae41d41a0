#include "connectors/sandbox/sandbox_journal.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <stdexcept>
#include <utility>

#include "json/access.hpp"

namespace tender::connectors::sandbox {
namespace {

namespace bj = boost::json;

using json::text;

const bj::object* object_at(const bj::object& o, std::string_view key) {
  const bj::value* v = o.if_contains(key);
  return v ? v->if_object() : nullptr;
}

bj::object hold_to_json(const Hold& h) {
  return {{"reference", h.reference}, {"state", to_string(h.state)}, {"authorized", h.authorized},
          {"captured", h.captured},   {"refunded", h.refunded},      {"currency", h.currency},
          {"scheme", h.scheme},       {"country", h.country},    {"card_type", h.card_type}};
}

std::optional<Hold> hold_from_json(const bj::object& o) {
  const std::optional<HoldState> state = hold_state_from_string(text(o, "state"));
  if (!state || text(o, "reference").empty()) return std::nullopt;
  return Hold{text(o, "reference"), *state, json::integer(o, "authorized"), json::integer(o, "captured"), json::integer(o, "refunded"),
              text(o, "currency"), text(o, "scheme"), text(o, "country"), text(o, "card_type")};
}

bj::object outcome_to_json(const Outcome& out) {
  bj::object o{{"approved", out.approved},     {"message", out.message},
               {"auth_code", out.auth_code},   {"rrn", out.rrn},
               {"stan", out.stan},             {"reference", out.acquirer_reference},
               {"scheme", out.scheme},         {"country", out.country},
               {"response_code", out.response_code}, {"time", out.processing_time},
               {"card_type", out.card_type}};
  if (out.decline) o["decline"] = to_string(*out.decline);
  return o;
}

std::optional<Outcome> outcome_from_json(const bj::object& o) {
  Outcome out;
  const bj::value* approved = o.if_contains("approved");
  out.approved = approved && approved->is_bool() && approved->get_bool();
  if (!out.approved) {
    out.decline = decline_reason_from_string(text(o, "decline"));
    if (!out.decline) return std::nullopt;
  }
  out.message = text(o, "message");
  out.auth_code = text(o, "auth_code");
  out.rrn = text(o, "rrn");
  out.stan = text(o, "stan");
  out.acquirer_reference = text(o, "reference");
  out.scheme = text(o, "scheme");
  out.country = text(o, "country");
  out.card_type = text(o, "card_type");
  out.response_code = text(o, "response_code");
  out.processing_time = json::integer(o, "time");
  return out;
}

std::string to_line(const JournalRecord& record) {
  bj::object o{{"operation_id", record.operation_id}, {"outcome", outcome_to_json(record.outcome)}};
  if (record.hold) o["hold"] = hold_to_json(*record.hold);
  return bj::serialize(o);
}

// The record on this line, or nullopt when the line is not one (a torn write, say).
std::optional<JournalRecord> from_line(std::string_view line) {
  boost::system::error_code ec;
  const bj::value v = bj::parse(line, ec);
  const bj::object* o = ec ? nullptr : v.if_object();
  const bj::object* outcome = o ? object_at(*o, "outcome") : nullptr;
  if (!outcome) return std::nullopt;
  std::optional<Outcome> answer = outcome_from_json(*outcome);
  if (!answer) return std::nullopt;
  JournalRecord record{text(*o, "operation_id"), std::move(*answer), std::nullopt};
  if (const bj::object* hold = object_at(*o, "hold")) {
    record.hold = hold_from_json(*hold);
    if (!record.hold) return std::nullopt;
  }
  return record;
}

}  // namespace

SandboxJournal::SandboxJournal(std::string path, std::size_t capacity)
    : path_(std::move(path)), capacity_(std::max<std::size_t>(capacity, 1)) {
  if (path_.empty()) return;
  if (!load()) rewrite();
  open_for_append();
}

void SandboxJournal::record(JournalRecord record) {
  keep(std::move(record));
  if (path_.empty()) return;
  append(records_.back());
  if (lines_in_file_ > 2 * capacity_) {
    rewrite();
    open_for_append();
  }
}

const Outcome* SandboxJournal::find(const std::string& operation_id) const {
  auto it = by_operation_.find(operation_id);
  return it == by_operation_.end() ? nullptr : &it->second->outcome;
}

void SandboxJournal::keep(JournalRecord record) {
  while (records_.size() >= capacity_) {
    const JournalRecord& oldest = records_.front();
    auto it = by_operation_.find(oldest.operation_id);
    if (it != by_operation_.end() && it->second == &oldest) by_operation_.erase(it);
    records_.pop_front();
  }
  records_.push_back(std::move(record));
  const JournalRecord& kept = records_.back();  // deque: stays put while others come and go
  if (!kept.operation_id.empty()) by_operation_[kept.operation_id] = &kept;
}

bool SandboxJournal::load() {
  if (!std::filesystem::exists(path_)) return true;
  std::ifstream in(path_);
  if (!in) throw std::runtime_error("sandbox journal: cannot read " + path_);
  bool clean = true;
  std::string line;
  while (std::getline(in, line)) {
    ++lines_in_file_;
    if (in.eof()) clean = false;  // the last line has no newline: a write cut short
    if (std::optional<JournalRecord> record = from_line(line))
      keep(std::move(*record));
    else
      clean = false;
  }
  if (in.bad()) throw std::runtime_error("sandbox journal: cannot read " + path_);
  return clean && lines_in_file_ <= capacity_;
}

void SandboxJournal::rewrite() {
  file_.close();
  const std::string temporary = path_ + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    for (const auto& record : records_) out << to_line(record) << '\n';
    out.flush();
    if (!out) throw std::runtime_error("sandbox journal: cannot write " + temporary);
  }
  std::filesystem::rename(temporary, path_);
  lines_in_file_ = records_.size();
}

void SandboxJournal::open_for_append() {
  file_.open(path_, std::ios::app);
  if (!file_) throw std::runtime_error("sandbox journal: cannot open " + path_);
}

void SandboxJournal::append(const JournalRecord& record) {
  const std::string line = to_line(record) + '\n';
  file_.write(line.data(), static_cast<std::streamsize>(line.size()));
  file_.flush();  // to the kernel now: the record must survive the process
  if (!file_) throw std::runtime_error("sandbox journal: cannot append to " + path_);
  ++lines_in_file_;
}

}  // namespace tender::connectors::sandbox
