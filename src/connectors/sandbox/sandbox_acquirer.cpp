#include "connectors/sandbox/sandbox_acquirer.hpp"

#include <chrono>
#include <utility>

#include "cards/card_number.hpp"
#include "cards/expiry.hpp"
#include "connectors/sandbox/sandbox_responses.hpp"
#include "util/wakeup.hpp"

namespace tender::connectors::sandbox {
namespace {

using R = DeclineReason;

// Expiry dates further ahead than this are typing errors, not cards.
constexpr int kMaxYearsAhead = 50;
// The country of cards that are not test cards.
constexpr std::string_view kDefaultCountry = "US";

struct YearMonth {
  int year;
  int month;
};

YearMonth utc_year_month(std::int64_t unix_seconds) {
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_seconds{seconds{unix_seconds}});
  const year_month_day ymd{day};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month()))};
}

bool is_digits(std::string_view s) { return cards::all_digits(s); }

std::string scheme_of(std::string_view pan) { return std::string(cards::to_string(cards::detect_scheme(pan))); }

bool other_currency(const Hold& hold, const std::string& currency) {
  return !currency.empty() && !hold.currency.empty() && currency != hold.currency;
}

// What the "issuer" says to an authorization with valid card data, in the order it checks:
// 3-D Secure before the CVC, so a wrong CVC on an enrolled card fails after the challenge.
std::optional<DeclineReason> issuer_decline(const AuthorizeRequest& request, const TestCard* card) {
  if (!card) return R::authorization_failed;
  const std::string& tds = request.three_ds_result;
  if (card->behaviour == Behaviour::acs_fails) {
    if (tds != "Y") return R::authentication_failed;
  } else if (card->enrolled && !request.merchant_initiated) {
    if (tds.empty()) return R::authentication_required;
    if (tds != "Y" && tds != "A") return R::authentication_failed;
  }
  const bool cvc_waived = request.merchant_initiated || !request.wallet_cryptogram.empty();
  if (!(cvc_waived && request.card.cvc.empty()) && request.card.cvc != card->cvc) return R::invalid_card_data;
  if (card->behaviour == Behaviour::decline) return card->decline.value_or(R::authorization_failed);
  return std::nullopt;
}

Hold new_hold(const AuthorizeRequest& request, const TestCard& card) {
  const HoldState state = request.verify_only ? HoldState::verified
                          : request.capture   ? HoldState::captured
                                              : HoldState::held;
  return Hold{new_reference(card.behaviour),
              state,
              request.amount_minor,
              state == HoldState::captured ? request.amount_minor : 0,
              0,
              request.currency,
              scheme_of(request.card.pan),
              std::string(card.country),
              std::string(card.card_type)};
}

}  // namespace

SandboxAcquirer::SandboxAcquirer(const engine::Clock& clock, SandboxOptions options)
    : clock_(&clock),
      options_(std::move(options)),
      holds_(options_.max_authorizations),
      journal_(options_.journal_path, options_.max_authorizations) {
  for (const JournalRecord& record : journal_.records())
    if (record.hold) holds_.put(*record.hold);
}

std::optional<DeclineReason> SandboxAcquirer::validate_card(const CardData& card, bool cvc_required) const {
  const std::string& pan = card.pan;
  if (!is_digits(pan) || pan.size() < 12 || pan.size() > 19 || !cards::luhn_valid(pan)) return R::invalid_card_number;
  const YearMonth now = utc_year_month(clock_->now_seconds());
  if (card.expiry_month < 1 || card.expiry_month > 12 || card.expiry_year < 1000 ||
      card.expiry_year > now.year + kMaxYearsAhead)
    return R::invalid_expiry;
  if (cards::expired({card.expiry_month, card.expiry_year}, now.year, now.month)) return R::expired_card;
  if (card.cvc.empty() && !cvc_required) return std::nullopt;
  const std::size_t cvc_len = cards::detect_scheme(pan) == cards::Scheme::amex ? 4 : 3;
  if (card.cvc.size() != cvc_len || !is_digits(card.cvc)) return R::invalid_card_data;
  return std::nullopt;
}

std::optional<Outcome> SandboxAcquirer::invalid_request(const AuthorizeRequest& request) const {
  const bool cvc_required = !request.merchant_initiated && request.wallet_cryptogram.empty();
  if (const auto reason = validate_card(request.card, cvc_required)) {
    Outcome out = decline(*reason, false, clock_->now_seconds());
    if (is_digits(request.card.pan)) out.scheme = scheme_of(request.card.pan);
    return out;
  }
  if (request.verify_only ? request.amount_minor != 0 : request.amount_minor <= 0)
    return decline(R::invalid_amount, false, clock_->now_seconds());
  return std::nullopt;
}

Outcome SandboxAcquirer::declined(DeclineReason reason) const { return decline(reason, true, clock_->now_seconds()); }

bool SandboxAcquirer::answers_at_once(const AuthorizeRequest& request) const {
  if (options_.delay_ms > 0) return false;
  const TestCard* card = find_test_card(request.card.pan);
  return !(card && card->behaviour == Behaviour::slow_approve);
}

void SandboxAcquirer::sleep_for_answer(std::uint32_t extra_ms) const {
  const std::uint64_t total = std::uint64_t{options_.delay_ms} + extra_ms;
  // On a request's fiber (a 3-D Secure enrollment check) the fiber suspends; its I/O thread goes on.
  if (total > 0) util::sleep_for(std::chrono::milliseconds(total));
}

Outcome SandboxAcquirer::journaled(const std::string& operation_id, Outcome out) {
  std::optional<Hold> hold;
  if (out.approved)
    if (const Hold* kept = holds_.find(out.acquirer_reference)) hold = *kept;
  journal_.record(JournalRecord{operation_id, out, std::move(hold)});
  return out;
}

std::size_t SandboxAcquirer::remembered_authorizations() const {
  std::lock_guard lock(mutex_);
  return holds_.size();
}

EnrollmentResult SandboxAcquirer::check_enrollment(const CardData& card) {
  // The CVC is only checked for format here (when given); its value is checked by authorize,
  // after the challenge, as the specification describes for 3-D Secure cards.
  if (const auto reason = validate_card(card, false))
    return {false, *reason, std::string(sandbox_response(*reason).message)};
  sleep_for_answer();
  const TestCard* test_card = find_test_card(card.pan);
  return {test_card != nullptr && test_card->enrolled, std::nullopt, ""};
}

Outcome SandboxAcquirer::authorize(const AuthorizeRequest& request) {
  if (std::optional<Outcome> invalid = invalid_request(request)) return *invalid;
  const TestCard* card = find_test_card(request.card.pan);
  // The timeout card's request is lost in the network for its long sleep: the sandbox hears of
  // it (and journals it) only afterwards. Every other request is decided first.
  const bool slow = card && card->behaviour == Behaviour::slow_approve;
  if (slow) sleep_for_answer(options_.timeout_card_delay_ms);
  const Outcome out = decide_authorization(request, card);
  if (!slow) sleep_for_answer();
  return out;
}

Outcome SandboxAcquirer::decide_authorization(const AuthorizeRequest& request, const TestCard* card) {
  std::lock_guard lock(mutex_);
  if (const auto reason = issuer_decline(request, card)) {
    Outcome out = declined(*reason);
    out.scheme = scheme_of(request.card.pan);
    out.country = std::string(card ? card->country : kDefaultCountry);
    if (card) out.card_type = std::string(card->card_type);
    return journaled(request.operation_id, std::move(out));
  }
  const Hold& hold = holds_.put(new_hold(request, *card));
  return journaled(request.operation_id, authorization_approval(hold, clock_->now_seconds()));
}

Outcome SandboxAcquirer::capture(const FollowUpRequest& request) {
  if (request.amount_minor <= 0) return decline(R::invalid_amount, false, clock_->now_seconds());
  return answer(request, &SandboxAcquirer::capture_hold);
}

Outcome SandboxAcquirer::release(const FollowUpRequest& request) {
  return answer(request, &SandboxAcquirer::release_hold);
}

Outcome SandboxAcquirer::refund(const FollowUpRequest& request) {
  if (request.amount_minor <= 0) return decline(R::invalid_amount, false, clock_->now_seconds());
  return answer(request, &SandboxAcquirer::refund_hold);
}

Outcome SandboxAcquirer::answer(const FollowUpRequest& request, Decision decide) {
  Outcome out;
  {
    std::lock_guard lock(mutex_);
    // A reference the sandbox never issued is not one of its holds, forgotten or not.
    out = journaled(request.operation_id, is_sandbox_reference(request.acquirer_reference)
                                              ? (this->*decide)(request)
                                              : declined(R::unrecognized));
  }
  sleep_for_answer();
  return out;
}

Outcome SandboxAcquirer::capture_hold(const FollowUpRequest& request) {
  const std::string& reference = request.acquirer_reference;
  const std::int64_t now = clock_->now_seconds();
  if (behaviour_of_reference(reference) == Behaviour::capture_fails) return declined(R::acquirer_error);
  const std::int64_t amount = request.amount_minor;
  Hold* hold = holds_.find(reference);
  // Forgiven: a hold older than the journal. Remember it so refunds are bounded from now on.
  if (!hold) return approval(holds_.put(Hold{reference, HoldState::captured, amount, amount, 0, request.currency}), now);
  switch (hold->state) {
    case HoldState::released: return declined(R::unrecognized);
    case HoldState::captured:
      // A repeated capture of the same amount is a retry: answer it again.
      return hold->captured == request.amount_minor ? approval(*hold, now) : declined(R::unrecognized);
    case HoldState::verified:
    case HoldState::held: break;
  }
  if (other_currency(*hold, request.currency) || request.amount_minor > hold->authorized)
    return declined(R::invalid_amount);
  hold->state = HoldState::captured;
  hold->captured = request.amount_minor;
  return approval(*hold, now);
}

Outcome SandboxAcquirer::release_hold(const FollowUpRequest& request) {
  const std::string& reference = request.acquirer_reference;
  Hold* hold = holds_.find(reference);
  if (!hold) hold = &holds_.put(Hold{.reference = reference, .state = HoldState::released});  // forgiven
  if (hold->state == HoldState::captured) return declined(R::unrecognized);
  hold->state = HoldState::released;  // releasing twice answers the same
  return approval(*hold, clock_->now_seconds());
}

Outcome SandboxAcquirer::refund_hold(const FollowUpRequest& request) {
  const std::string& reference = request.acquirer_reference;
  const std::int64_t now = clock_->now_seconds();
  if (behaviour_of_reference(reference) == Behaviour::refund_fails) return declined(R::refund_limit_exceeded);
  Hold* hold = holds_.find(reference);
  // Forgiven; the captured amount is unknown, so nothing is remembered to bound later refunds.
  if (!hold) return approval(Hold{.reference = reference, .state = HoldState::captured}, now);
  if (other_currency(*hold, request.currency)) return declined(R::invalid_amount);
  if (hold->state != HoldState::captured || request.amount_minor > hold->captured - hold->refunded)
    return declined(R::refund_limit_exceeded);
  hold->refunded += request.amount_minor;
  return approval(*hold, now);
}

StatusAnswer SandboxAcquirer::status(const std::string& operation_id) {
  std::lock_guard lock(mutex_);
  const Outcome* out = journal_.find(operation_id);
  if (!out) return {};
  return {out->approved ? StatusAnswer::Known::approved : StatusAnswer::Known::declined, *out};
}

}  // namespace tender::connectors::sandbox
