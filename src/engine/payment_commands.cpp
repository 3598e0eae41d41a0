#include "engine/payment_commands.hpp"

#include <boost/asio/post.hpp>
#include <boost/json.hpp>
#include <future>
#include <spdlog/spdlog.h>

#include "cards/card_number.hpp"
#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "engine/ledger.hpp"
#include "engine/purchase_commands.hpp"
#include "engine/recurring_tokens.hpp"
#include "engine/timers.hpp"
#include "engine/state_machine.hpp"

namespace tender::engine {

namespace bj = boost::json;

namespace {

bool is_paid_like(Status s) {
  switch (s) {
    case Status::paid: case Status::hold: case Status::preauthorized: case Status::refunded:
    case Status::cleared: case Status::settled: case Status::chargeback: case Status::pending_capture:
    case Status::pending_release: case Status::pending_refund: case Status::released:
      return true;
    default:
      return false;
  }
}

Caller system_caller(const Purchase& p) { return Caller{p.company_id, p.is_test, ""}; }

bj::object card_extra(const connectors::CardData& card, bool three_ds) {
  return bj::object{{"masked_pan", cards::mask_pan(card.pan)},
                    {"three_d_secure", three_ds},
                    {"expiry_month", card.expiry_month},
                    {"expiry_year", card.expiry_year},
                    {"cardholder_name", card.cardholder_name},
                    {"card_brand", std::string(cards::to_string(cards::detect_scheme(card.pan)))}};
}

}  // namespace

void add_acquirer_details(bj::object& extra, const connectors::Outcome& outcome) {
  extra["auth_code"] = outcome.auth_code;
  extra["rrn"] = outcome.rrn;
  extra["stan"] = outcome.stan;
  extra["response_code"] = outcome.response_code;
}

PaymentCommands::PaymentCommands(store::Store& store, Accounts& accounts, Clock& clock, connectors::Connector& acquirer,
                                 const vault::CardVault& vault, PaymentOptions options)
    : store_(store), accounts_(accounts), clock_(clock), acquirer_(acquirer), vault_(vault), options_(options),
      acquirer_pool_(options.acquirer_threads) {}

PaymentCommands::~PaymentCommands() { acquirer_pool_.join(); }

std::optional<Purchase> PaymentCommands::find(const std::string& purchase_id) {
  if (!is_uuid(purchase_id)) return std::nullopt;
  auto r = store_.read()->get(kPurchaseKind, purchase_id);
  if (!r) return std::nullopt;
  auto p = purchase_from_storage(bj::parse(r->body).as_object());
  p.version = r->version;
  return p;
}

void PaymentCommands::mark_viewed(const std::string& purchase_id) {
  auto p = find(purchase_id);
  if (!p || p->viewed_on) return;
  store_.write([&](store::WriteTxn& tx) {
    PurchaseWriter w(tx, system_caller(*p), purchase_id);
    if (w.purchase().viewed_on) return;
    auto now = clock_.now_seconds();
    w.purchase().viewed_on = now;
    w.apply(Operation::view, now);  // only from created/sent; otherwise just the timestamp
    w.save();
  });
}

std::optional<std::string> PaymentCommands::challenge_card(const std::string& purchase_id, const std::string& challenge_id) {
  return challenges_.masked_pan(purchase_id, challenge_id);
}

void PaymentCommands::check_payable(const Purchase& p, std::int64_t now) {
  if (!p.pending_operation.empty() || p.status == Status::pending_execute || p.status == Status::pending_charge)
    throw EngineError(ErrorKind::conflict, "payment_in_progress", "A payment for this purchase is already being processed.");
  if (is_paid_like(p.status))
    throw EngineError(ErrorKind::invalid_state, "purchase_already_paid_for", "Purchase is already paid for");
  if (p.due_strict && p.due && now > *p.due)
    throw EngineError(ErrorKind::invalid_state, "purchase_expired", "Purchase is past its due time and can no longer be paid.");
  if (!is_payable(p.status))
    throw EngineError(ErrorKind::invalid_state, "purchase_not_payable",
                      "Purchase in status '" + std::string(to_string(p.status)) + "' cannot be paid.");
}

bool PaymentCommands::can_pay(const Purchase& p) const {
  return is_payable(p.status) &&
         !(p.due_strict && p.due && clock_.now_seconds() > *p.due);
}

PayResult PaymentCommands::pay_with_card(const std::string& purchase_id, CardPayment payment) {
  auto p = find(purchase_id);
  if (!p) throw not_found();
  check_payable(*p, clock_.now_seconds());
  if (!p->is_test)
    return record_failure(purchase_id, payment.flow, payment.client_ip, "no_matching_terminal",
                          "No matching terminal: no live acquirer is configured.");
  if (payment.three_ds_result.empty()) {
    auto enrollment = acquirer_.check_enrollment(payment.card);
    if (enrollment.invalid)
      return record_failure(purchase_id, payment.flow, payment.client_ip,
                            std::string(connectors::to_string(*enrollment.invalid)), enrollment.message);
    if (enrollment.enrolled) {
      PayResult r;
      r.outcome = PayOutcome::challenge;
      r.purchase = *p;
      r.challenge_id = challenges_.add(PendingChallenge{purchase_id, payment.card, payment.remember_card, payment.flow,
                                                        payment.client_ip, {}});
      return r;
    }
  }
  return authorize(purchase_id, std::move(payment));
}

PayResult PaymentCommands::complete_challenge(const std::string& purchase_id, const std::string& challenge_id,
                                              bool authenticated) {
  auto c = challenges_.take(purchase_id, challenge_id);
  if (!c) throw not_found();
  CardPayment payment{c->card, c->remember_card, c->flow, c->client_ip, authenticated ? "Y" : "N", ""};
  auto p = find(purchase_id);
  if (!p) throw not_found();
  check_payable(*p, clock_.now_seconds());
  return authorize(purchase_id, std::move(payment));
}

PayResult PaymentCommands::authorize(const std::string& purchase_id, CardPayment payment) {
  auto operation_id = new_id();
  Purchase intent;
  store_.write([&](store::WriteTxn& tx) {
    auto p = find(purchase_id);  // for the company scope only; the writer re-reads inside the transaction
    if (!p) throw not_found();
    PurchaseWriter w(tx, system_caller(*p), purchase_id);
    auto now = clock_.now_seconds();
    check_payable(w.purchase(), now);
    w.purchase().pending_operation = "execute";
    w.purchase().pending_operation_id = operation_id;
    w.purchase().pending_since = now;
    w.save();
    intent = w.purchase();
  });

  connectors::AuthorizeRequest request;
  request.operation_id = operation_id;
  request.amount_minor = intent.total_minor;
  request.currency = intent.currency;
  request.card = payment.card;
  request.capture = !intent.skip_capture;
  request.verify_only = intent.is_preauthorization();
  request.merchant_initiated = false;
  request.three_ds_result = payment.three_ds_result;
  request.wallet_cryptogram = payment.wallet_cryptogram;

  auto done = std::make_shared<std::promise<connectors::Outcome>>();
  auto future = done->get_future();
  boost::asio::post(acquirer_pool_, [this, request, payment, purchase_id, operation_id, done]() {
    connectors::Outcome outcome;
    try {
      outcome = acquirer_.authorize(request);
    } catch (const std::exception& e) {
      outcome = connectors::Outcome::declined(connectors::DeclineReason::connection_error);
    }
    try {
      record_outcome(purchase_id, operation_id, payment, outcome);
    } catch (const std::exception& e) {
      spdlog::error("recording the acquirer's answer for purchase {} failed: {}", purchase_id, e.what());
    }
    done->set_value(outcome);
  });

  PayResult result;
  if (future.wait_for(std::chrono::milliseconds(options_.acquirer_wait_ms)) == std::future_status::ready) {
    auto outcome = future.get();
    result.outcome = outcome.approved ? PayOutcome::succeeded : PayOutcome::failed;
    result.error_code = outcome.decline ? std::string(connectors::to_string(*outcome.decline)) : "";
    result.error_message = outcome.message;
    result.purchase = *find(purchase_id);
    return result;
  }
  // The acquirer is slow: say so durably, unless its answer was recorded in the meantime.
  store_.write([&](store::WriteTxn& tx) {
    PurchaseWriter w(tx, system_caller(intent), purchase_id);
    if (w.purchase().pending_operation_id != operation_id) return;
    if (w.apply(Operation::execute_pending, clock_.now_seconds())) w.save();
  });
  result.purchase = *find(purchase_id);
  result.outcome = result.purchase.status == Status::pending_execute ? PayOutcome::pending
                   : is_paid_like(result.purchase.status)            ? PayOutcome::succeeded
                                                                     : PayOutcome::failed;
  return result;
}

void PaymentCommands::record_outcome(const std::string& purchase_id, const std::string& operation_id,
                                     const CardPayment& payment, const connectors::Outcome& outcome) {
  auto p0 = find(purchase_id);
  if (!p0) return;
  auto brand = accounts_.brand(p0->company_id, p0->brand_id);
  FeeSchedule fees = brand ? brand->fees : FeeSchedule{};
  std::optional<vault::SealedCard> sealed;
  bool keep_card = outcome.approved && (payment.remember_card || p0->force_recurring || p0->is_preauthorization());
  if (keep_card) sealed = vault_.seal(payment.card);  // sealing is CPU work: outside the transaction

  store_.write([&](store::WriteTxn& tx) {
    PurchaseWriter w(tx, system_caller(*p0), purchase_id);
    auto& p = w.purchase();
    if (p.pending_operation_id != operation_id) {
      spdlog::warn("acquirer answer for purchase {} arrived after its intent was closed; ignored", purchase_id);
      return;
    }
    auto now = clock_.now_seconds();
    p.pending_operation.clear();
    p.pending_operation_id.clear();
    p.pending_since = 0;

    bool three_ds = payment.three_ds_result == "Y";
    Attempt a;
    a.type = p.skip_capture ? "authorize" : "execute";
    a.successful = outcome.approved;
    a.payment_method = outcome.scheme.empty() ? std::string(cards::to_string(cards::detect_scheme(payment.card.pan))) : outcome.scheme;
    a.extra = card_extra(payment.card, three_ds);
    add_acquirer_details(a.extra, outcome);
    a.country = outcome.country;
    a.client_ip = payment.client_ip;
    a.processing_time = now;
    a.flow = payment.flow;
    if (!outcome.approved) a.error = AttemptError{std::string(connectors::to_string(*outcome.decline)), outcome.message};
    p.transaction_data.attempts.push_back(a);
    p.transaction_data.flow = payment.flow;

    if (!outcome.approved) {
      bool applied = w.apply(outcome.blocked() ? Operation::execute_block : Operation::execute_fail, now);
      if (!applied) spdlog::warn("purchase {} in status {} could not record a failure", purchase_id, to_string(p.status));
      w.save();
      return;
    }
    p.transaction_data.payment_method = a.payment_method;
    p.transaction_data.processing_tx_id = outcome.acquirer_reference;
    p.transaction_data.extra = a.extra;
    p.transaction_data.country = outcome.country;
    Operation op = p.is_preauthorization() ? Operation::preauthorize_succeed
                   : p.skip_capture        ? Operation::hold_succeed
                                           : Operation::execute_succeed;
    if (!w.apply(op, now)) {
      spdlog::error("purchase {} in status {} cannot take an approved payment", purchase_id, to_string(p.status));
      w.save();
      return;
    }
    if (!p.is_preauthorization()) {
      Payment m;
      m.payment_type = "purchase";
      m.amount_minor = p.total_minor;
      m.currency = p.currency;
      if (p.skip_capture) {
        // A hold: nothing is the merchant's yet; amount = net + fee + pending.
        m.pending_amount_minor = p.total_minor;
      } else {
        m.fee_amount_minor = fee_for(fees, p.total_minor);
        m.net_amount_minor = p.total_minor - m.fee_amount_minor;
      }
      m.paid_on = now;
      m.remote_paid_on = now;
      p.payment = m;
    }
    if (!p.skip_capture) p.captured_minor = p.total_minor;
    if (p.is_preauthorization()) {
      // Card verified, no money moved: nothing for the ledger.
    } else if (p.skip_capture) {
      tx.post(hold_postings(p, p.total_minor, now));
      arm_timer(tx, p, "hold_expiry", now + options_.hold_expiry_seconds);
    } else {
      tx.post(payment_postings(p, p.total_minor, p.payment->fee_amount_minor, now));
    }
    disarm_timer(tx, p.id, "due");
    if (sealed) {
      p.is_recurring_token = true;
      save_card(tx, p, *sealed, now);
    }
    w.save();
  });
}

PayResult PaymentCommands::record_failure(const std::string& purchase_id, const std::string& flow,
                                          const std::string& client_ip, const std::string& code,
                                          const std::string& message) {
  auto p0 = find(purchase_id);
  if (!p0) throw not_found();
  PayResult result;
  store_.write([&](store::WriteTxn& tx) {
    PurchaseWriter w(tx, system_caller(*p0), purchase_id);
    auto now = clock_.now_seconds();
    check_payable(w.purchase(), now);
    Attempt a;
    a.type = w.purchase().skip_capture ? "authorize" : "execute";
    a.successful = false;
    a.client_ip = client_ip;
    a.processing_time = now;
    a.flow = flow;
    a.error = AttemptError{code, message};
    w.purchase().transaction_data.attempts.push_back(a);
    w.purchase().transaction_data.flow = flow;
    w.apply(Operation::execute_fail, now);
    w.save();
    result.purchase = w.purchase();
  });
  result.outcome = PayOutcome::failed;
  result.error_code = code;
  result.error_message = message;
  return result;
}

std::size_t PaymentCommands::recover_interrupted(std::int64_t min_age_seconds) {
  // Acquirer calls run inside the process that recorded the intent. With min_age_seconds 0 (the
  // store's only process, at start-up) every recorded intent belongs to a process that died
  // before the answer was written; with several nodes only an intent older than any live wait
  // can be. The sandbox cannot be asked afterwards, so the attempt is failed and the payer may
  // pay again.
  const auto abandoned = [&](const Purchase& p) {
    return min_age_seconds <= 0 || p.pending_since <= clock_.now_seconds() - min_age_seconds;
  };
  std::size_t recovered = 0;
  store::ListQuery q;
  q.kind = kPurchaseKind;
  q.all_companies = true;
  q.statuses = {"created", "sent", "viewed", "overdue", "error", "pending_execute"};
  q.limit = 1000;
  while (true) {
    auto page = store_.read()->list(q);
    for (const auto& r : page) {
      auto p = purchase_from_storage(bj::parse(r.body).as_object());
      if (p.pending_operation != "execute" || !abandoned(p)) continue;
      store_.write([&](store::WriteTxn& tx) {
        PurchaseWriter w(tx, system_caller(p), p.id);
        auto& cur = w.purchase();
        if (cur.pending_operation != "execute" || !abandoned(cur)) return;
        auto now = clock_.now_seconds();
        cur.pending_operation.clear();
        cur.pending_operation_id.clear();
        cur.pending_since = 0;
        Attempt a;
        a.type = cur.skip_capture ? "authorize" : "execute";
        a.successful = false;
        a.processing_time = now;
        a.flow = cur.transaction_data.flow;
        a.error = AttemptError{"timeout_acquirer_status_check", "Timeout checking payment status with acquirer"};
        cur.transaction_data.attempts.push_back(a);
        w.apply(Operation::execute_fail, now);
        w.save();
        ++recovered;
      });
    }
    if (page.size() < q.limit) break;
    q.after_created_on = page.back().created_on;
    q.after_id = page.back().id;
  }
  if (recovered) spdlog::warn("recovered {} payment attempt(s) interrupted by a crash or restart", recovered);
  return recovered;
}

}  // namespace tender::engine
