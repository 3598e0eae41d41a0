#include "connectors/sandbox/sandbox_acquirer.hpp"

#include <chrono>
#include <thread>
#include <utility>

#include "cards/card_number.hpp"
#include "cards/expiry.hpp"
#include "crypto/random.hpp"

namespace tender::connectors::sandbox {
namespace {

constexpr std::string_view kReferencePrefix = "sbx_";
constexpr std::string_view kCaptureFailsTag = "sbx_cf_";
constexpr std::string_view kRefundFailsTag = "sbx_rf_";
constexpr std::size_t kReferenceRandomChars = 24;
// Expiry dates further ahead than this are typing errors, not cards.
constexpr int kMaxYearsAhead = 50;

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

std::string new_reference(Behaviour behaviour) {
  std::string ref;
  switch (behaviour) {
    case Behaviour::capture_fails: ref = kCaptureFailsTag; break;
    case Behaviour::refund_fails: ref = kRefundFailsTag; break;
    default: ref = kReferencePrefix; break;
  }
  return ref + crypto::random_token(kReferenceRandomChars);
}

// The behaviour a forgotten reference stands for (see the header).
Behaviour behaviour_of_reference(std::string_view ref) {
  if (ref.starts_with(kCaptureFailsTag)) return Behaviour::capture_fails;
  if (ref.starts_with(kRefundFailsTag)) return Behaviour::refund_fails;
  return Behaviour::approve;
}

}  // namespace

SandboxAcquirer::SandboxAcquirer(const engine::Clock& clock, SandboxOptions options)
    : clock_(&clock), options_(options) {
  if (options_.max_authorizations == 0) options_.max_authorizations = 1;
}

std::string SandboxAcquirer::validate_card(const CardData& card, bool cvc_required) const {
  const std::string& pan = card.pan;
  if (!is_digits(pan) || pan.size() < 12 || pan.size() > 19 || !cards::luhn_valid(pan))
    return "invalid_card_number";
  const YearMonth now = utc_year_month(clock_->now_seconds());
  if (card.expiry_month < 1 || card.expiry_month > 12 || card.expiry_year < 1000 ||
      card.expiry_year > now.year + kMaxYearsAhead)
    return "invalid_expires";
  if (cards::expired({card.expiry_month, card.expiry_year}, now.year, now.month)) return "expired_card";
  if (card.cvc.empty() && !cvc_required) return "";
  const std::size_t cvc_len = cards::detect_scheme(pan) == cards::Scheme::amex ? 4 : 3;
  if (card.cvc.size() != cvc_len || !is_digits(card.cvc)) return "invalid_card_data";
  return "";
}

Outcome SandboxAcquirer::error(std::string_view code, bool network) const {
  const ErrorInfo info = error_info(code);
  Outcome out;
  out.error_code = std::string(code);
  out.error_message = std::string(info.message);
  out.response_code = std::string(info.response_code);
  out.blocked = is_blocking_error(code);
  if (network) {
    out.stan = crypto::random_digits(6);
    out.rrn = crypto::random_digits(12);
  }
  out.processing_time = clock_->now_seconds();
  return out;
}

Outcome SandboxAcquirer::approval(const std::string& reference, const Authorization& auth) const {
  Outcome out;
  out.approved = true;
  out.response_code = "00";
  out.stan = crypto::random_digits(6);
  out.rrn = crypto::random_digits(12);
  out.acquirer_reference = reference;
  out.scheme = auth.scheme;
  out.country = auth.country;
  out.processing_time = clock_->now_seconds();
  return out;
}

void SandboxAcquirer::sleep_for_answer(std::uint32_t extra_ms) const {
  const std::uint64_t total = std::uint64_t{options_.delay_ms} + extra_ms;
  if (total > 0) std::this_thread::sleep_for(std::chrono::milliseconds(total));
}

void SandboxAcquirer::remember(const std::string& reference, Authorization auth) {
  while (authorizations_.size() >= options_.max_authorizations && !order_.empty()) {
    authorizations_.erase(order_.front());
    order_.pop_front();
  }
  if (authorizations_.emplace(reference, std::move(auth)).second) order_.push_back(reference);
}

std::size_t SandboxAcquirer::remembered_authorizations() const {
  std::lock_guard lock(mutex_);
  return authorizations_.size();
}

EnrollmentResult SandboxAcquirer::check_enrollment(const CardData& card) {
  // The CVC is only checked for format here (when given); its value is checked by authorize,
  // after the challenge, as the specification describes for 3-D Secure cards.
  if (const std::string code = validate_card(card, false); !code.empty())
    return {false, code, std::string(error_info(code).message)};
  sleep_for_answer();
  const TestCard* test_card = find_test_card(card.pan);
  return {test_card != nullptr && test_card->enrolled, "", ""};
}

Outcome SandboxAcquirer::authorize(const AuthorizeRequest& request) {
  const CardData& card = request.card;
  const bool wallet = !request.wallet_cryptogram.empty();
  const bool cvc_required = !request.merchant_initiated && !wallet;
  if (const std::string code = validate_card(card, cvc_required); !code.empty()) {
    Outcome out = error(code, false);
    if (is_digits(card.pan)) out.scheme = std::string(cards::to_string(cards::detect_scheme(card.pan)));
    return out;
  }
  if (request.verify_only ? request.amount_minor != 0 : request.amount_minor <= 0)
    return error("invalid_amount", false);

  const TestCard* test_card = find_test_card(card.pan);
  sleep_for_answer(test_card && test_card->behaviour == Behaviour::slow_approve
                       ? options_.timeout_card_delay_ms
                       : 0);

  const std::string scheme(cards::to_string(cards::detect_scheme(card.pan)));
  auto decline = [&](std::string_view code) {
    Outcome out = error(code, true);
    out.scheme = scheme;
    out.country = test_card ? std::string(test_card->country) : "US";
    return out;
  };
  if (!test_card) return decline("authorization_failed");

  // 3-D Secure before the CVC: a wrong CVC on an enrolled card fails after the challenge.
  const std::string& tds = request.three_ds_result;
  if (test_card->behaviour == Behaviour::acs_fails) {
    if (tds != "Y") return decline("3ds_authentication_failed");
  } else if (test_card->enrolled && !request.merchant_initiated) {
    if (tds.empty()) return decline("3ds_required");
    if (tds != "Y" && tds != "A") return decline("3ds_authentication_failed");
  }
  if (!((request.merchant_initiated || wallet) && card.cvc.empty()) && card.cvc != test_card->cvc)
    return decline("invalid_card_data");
  if (test_card->behaviour == Behaviour::decline) return decline(test_card->error_code);

  Authorization auth{test_card->behaviour,
                     request.verify_only ? State::verified : request.capture ? State::captured : State::held,
                     request.amount_minor,
                     request.capture && !request.verify_only ? request.amount_minor : 0,
                     0,
                     request.currency,
                     scheme,
                     std::string(test_card->country),
                     cards::mask_pan(card.pan)};
  const std::string reference = new_reference(test_card->behaviour);
  Outcome out = approval(reference, auth);
  out.auth_code = crypto::random_digits(6);
  std::lock_guard lock(mutex_);
  remember(reference, std::move(auth));
  return out;
}

Outcome SandboxAcquirer::capture(const std::string& reference, std::int64_t amount_minor,
                                 const std::string& currency) {
  if (amount_minor <= 0) return error("invalid_amount", false);
  sleep_for_answer();
  std::lock_guard lock(mutex_);
  auto it = authorizations_.find(reference);
  if (it == authorizations_.end()) {
    if (!reference.starts_with(kReferencePrefix)) return error("general_transaction_error", true);
    const Behaviour behaviour = behaviour_of_reference(reference);
    if (behaviour == Behaviour::capture_fails) return error("acquirer_internal_error", true);
    // Forgiven: a hold from before a restart. Remember it so refunds are bounded from now on.
    Authorization auth{behaviour, State::captured, amount_minor, amount_minor, 0, currency, "", "", ""};
    Outcome out = approval(reference, auth);
    remember(reference, std::move(auth));
    return out;
  }
  Authorization& auth = it->second;
  if (auth.behaviour == Behaviour::capture_fails) return error("acquirer_internal_error", true);
  switch (auth.state) {
    case State::released: return error("general_transaction_error", true);
    case State::captured:
      // A repeated capture of the same amount is a retry: answer it again.
      if (auth.captured == amount_minor) return approval(reference, auth);
      return error("general_transaction_error", true);
    case State::verified:
    case State::held: break;
  }
  if ((!currency.empty() && !auth.currency.empty() && currency != auth.currency) ||
      amount_minor > auth.authorized)
    return error("invalid_amount", true);
  auth.state = State::captured;
  auth.captured = amount_minor;
  return approval(reference, auth);
}

Outcome SandboxAcquirer::release(const std::string& reference) {
  sleep_for_answer();
  std::lock_guard lock(mutex_);
  auto it = authorizations_.find(reference);
  if (it == authorizations_.end()) {
    if (!reference.starts_with(kReferencePrefix)) return error("general_transaction_error", true);
    Authorization auth{behaviour_of_reference(reference), State::released, 0, 0, 0, "", "", "", ""};
    Outcome out = approval(reference, auth);
    remember(reference, std::move(auth));
    return out;
  }
  Authorization& auth = it->second;
  if (auth.state == State::captured) return error("general_transaction_error", true);
  auth.state = State::released;  // releasing twice answers the same
  return approval(reference, auth);
}

Outcome SandboxAcquirer::refund(const std::string& reference, std::int64_t amount_minor,
                                const std::string& currency) {
  if (amount_minor <= 0) return error("invalid_amount", false);
  sleep_for_answer();
  std::lock_guard lock(mutex_);
  auto it = authorizations_.find(reference);
  if (it == authorizations_.end()) {
    if (!reference.starts_with(kReferencePrefix)) return error("general_transaction_error", true);
    if (behaviour_of_reference(reference) == Behaviour::refund_fails)
      return error("exceeded_acquirer_refund_amount", true);
    // Forgiven; the captured amount is unknown, so nothing is remembered to bound later refunds.
    return approval(reference, Authorization{Behaviour::approve, State::captured, 0, 0, 0, "", "", "", ""});
  }
  Authorization& auth = it->second;
  if (auth.behaviour == Behaviour::refund_fails) return error("exceeded_acquirer_refund_amount", true);
  if (!currency.empty() && !auth.currency.empty() && currency != auth.currency)
    return error("invalid_amount", true);
  if (auth.state != State::captured || amount_minor > auth.captured - auth.refunded)
    return error("exceeded_acquirer_refund_amount", true);
  auth.refunded += amount_minor;
  return approval(reference, auth);
}

}  // namespace tender::connectors::sandbox
