#include "engine/lifecycle_commands.hpp"

#include <boost/asio/post.hpp>
#include <boost/json.hpp>
#include <functional>
#include <future>
#include <spdlog/spdlog.h>

#include "engine/client_commands.hpp"
#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "engine/ledger.hpp"
#include "engine/payment_commands.hpp"
#include "engine/purchase_commands.hpp"
#include "engine/recurring_tokens.hpp"
#include "engine/state_machine.hpp"
#include "engine/timers.hpp"

namespace tender::engine {

namespace bj = boost::json;

namespace {

bool refundable_status(Status s) {
  return s == Status::paid || s == Status::refunded || s == Status::cleared || s == Status::settled;
}

EngineError refused(const std::string& code, const std::string& message) {
  return EngineError(ErrorKind::invalid_state, code, message);
}

EngineError bad_amount(const std::string& code, const std::string& message) {
  return EngineError(ErrorKind::invalid_input, code, message, "amount");
}

// The amount rules shared by capture and refund: positive and at most `limit`.
std::int64_t checked_amount(std::optional<std::int64_t> requested, std::int64_t limit, const char* what) {
  std::int64_t amount = requested.value_or(limit);
  if (amount <= 0) throw bad_amount("min_value", "Amount must be greater than 0.");
  if (amount > limit)
    throw bad_amount("max_value", std::string("Amount exceeds the ") + what + " amount (" + std::to_string(limit) + ").");
  return amount;
}

Attempt make_attempt(const Purchase& p, const std::string& type, const connectors::Outcome& outcome, std::int64_t amount,
                     std::int64_t now) {
  Attempt a;
  a.type = type;
  a.successful = outcome.approved;
  a.payment_method = p.transaction_data.payment_method.empty() ? outcome.scheme : p.transaction_data.payment_method;
  a.extra = p.transaction_data.extra;
  a.extra["amount"] = amount;
  add_acquirer_details(a.extra, outcome);
  a.country = p.transaction_data.country;
  a.processing_time = now;
  a.flow = "api";
  if (!outcome.approved) a.error = AttemptError{std::string(connectors::to_string(*outcome.decline)), outcome.message};
  return a;
}

void set_payment(Purchase& p, const std::string& type, std::int64_t amount, std::int64_t fee, std::int64_t now) {
  if (!p.payment) p.payment = Payment{};
  p.payment->payment_type = type;
  p.payment->amount_minor = amount;
  p.payment->currency = p.currency;
  p.payment->fee_amount_minor = fee;
  p.payment->net_amount_minor = amount - fee;
  p.payment->pending_amount_minor = 0;
  p.payment->paid_on = now;
  p.payment->remote_paid_on = now;
}

}  // namespace

// One acquirer operation on one purchase, in the three phases of DESIGN rule 6. `check` runs in the
// intent transaction and returns the operation's amount; `call` runs with no transaction open;
// `succeed`/`fail` run in the result transaction.
struct AcquirerOperation {
  std::string name;        // attempt type: capture, release, refund, recurring_execute
  std::string error_code;  // the 400 code when the operation is refused or fails
  std::function<std::int64_t(Purchase&)> check;
  std::function<connectors::Outcome(const Purchase&, std::int64_t)> call;
  std::function<void(store::WriteTxn&, PurchaseWriter&, const connectors::Outcome&, std::int64_t amount, std::int64_t now)> succeed;
  std::function<void(store::WriteTxn&, PurchaseWriter&, std::int64_t now)> fail;
  std::optional<Operation> pending;  // the transition when the acquirer is slow
};

struct LifecycleCommands::Impl {
  store::Store& store;
  Accounts& accounts;
  Clock& clock;
  connectors::Connector& acquirer;
  const vault::CardVault& vault;
  LifecycleOptions options;
  boost::asio::thread_pool pool{8};

  Impl(store::Store& s, Accounts& a, Clock& c, connectors::Connector& q, const vault::CardVault& v, LifecycleOptions o)
      : store(s), accounts(a), clock(c), acquirer(q), vault(v), options(o) {}

  FeeSchedule fees_of(const Purchase& p) {
    auto brand = accounts.brand(p.company_id, p.brand_id);
    return brand ? brand->fees : FeeSchedule{};
  }

  Purchase load(const Caller& caller, const std::string& id) {
    auto view = store.read();
    auto p = load_purchase(*view, caller, id);
    if (!p) throw not_found();
    return *p;
  }

  void record(const Caller& caller, const std::string& id, const std::string& op_id, const AcquirerOperation& op,
              std::int64_t amount, const connectors::Outcome& outcome) {
    store.write([&](store::WriteTxn& tx) {
      PurchaseWriter w(tx, caller, id);
      auto& p = w.purchase();
      if (p.pending_operation_id != op_id) return;  // closed meanwhile (recovery)
      auto now = clock.now_seconds();
      p.pending_operation.clear();
      p.pending_operation_id.clear();
      p.pending_since = 0;
      p.transaction_data.attempts.push_back(make_attempt(p, op.name, outcome, amount, now));
      if (outcome.approved) op.succeed(tx, w, outcome, amount, now);
      else op.fail(tx, w, now);
      w.save();
    });
  }

  Purchase run(const Caller& caller, const std::string& id, AcquirerOperation op) {
    auto op_id = new_id();
    Purchase intent;
    std::int64_t amount = 0;
    store.write([&](store::WriteTxn& tx) {
      PurchaseWriter w(tx, caller, id);
      auto& p = w.purchase();
      if (!p.pending_operation.empty())
        throw refused(op.error_code, "Another operation (" + p.pending_operation + ") on this purchase is in progress.");
      amount = op.check(p);
      p.pending_operation = op.name;
      p.pending_operation_id = op_id;
      p.pending_since = clock.now_seconds();
      w.save();
      intent = p;
    });
    auto shared_op = std::make_shared<AcquirerOperation>(std::move(op));
    auto done = std::make_shared<std::promise<connectors::Outcome>>();
    auto future = done->get_future();
    boost::asio::post(pool, [this, caller, id, op_id, shared_op, intent, amount, done]() {
      connectors::Outcome outcome;
      try {
        outcome = shared_op->call(intent, amount);
      } catch (const std::exception&) {
        outcome = connectors::Outcome::declined(connectors::DeclineReason::connection_error);
      }
      try {
        record(caller, id, op_id, *shared_op, amount, outcome);
      } catch (const std::exception& e) {
        spdlog::error("recording the {} answer for purchase {} failed: {}", shared_op->name, id, e.what());
      }
      done->set_value(outcome);
    });
    if (future.wait_for(std::chrono::milliseconds(options.acquirer_wait_ms)) == std::future_status::ready) {
      auto outcome = future.get();
      if (!outcome.approved)
        throw refused(shared_op->error_code, outcome.message.empty() ? "The acquirer refused the operation." : outcome.message);
      return load(caller, id);
    }
    store.write([&](store::WriteTxn& tx) {
      PurchaseWriter w(tx, caller, id);
      if (w.purchase().pending_operation_id != op_id || !shared_op->pending) return;
      if (w.apply(*shared_op->pending, clock.now_seconds())) w.save();
    });
    return load(caller, id);
  }
};

LifecycleCommands::LifecycleCommands(store::Store& store, Accounts& accounts, Clock& clock, connectors::Connector& acquirer,
                                     const vault::CardVault& vault, LifecycleOptions options)
    : impl_(std::make_unique<Impl>(store, accounts, clock, acquirer, vault, options)) {}

LifecycleCommands::~LifecycleCommands() { impl_->pool.join(); }

Purchase LifecycleCommands::capture(const Caller& caller, const std::string& id, std::optional<std::int64_t> amount) {
  auto& s = *impl_;
  auto fees = s.fees_of(s.load(caller, id));
  AcquirerOperation op;
  op.name = "capture";
  op.error_code = "purchase_capture_error";
  op.check = [amount](Purchase& p) {
    if (p.status != Status::hold)
      throw refused("purchase_capture_error", "Only a purchase in status 'hold' can be captured (status is '" +
                                                  std::string(to_string(p.status)) + "').");
    return checked_amount(amount, p.total_minor, "held");
  };
  op.call = [&s](const Purchase& p, std::int64_t a) { return s.acquirer.capture({p.pending_operation_id, p.transaction_data.processing_tx_id, a, p.currency}); };
  op.succeed = [fees](store::WriteTxn& tx, PurchaseWriter& w, const connectors::Outcome&, std::int64_t a, std::int64_t now) {
    auto& p = w.purchase();
    if (!w.apply(Operation::capture_succeed, now)) return;
    std::int64_t fee = fee_for(fees, a);
    tx.post(capture_postings(p, p.total_minor, a, fee, now));
    p.captured_minor = a;
    set_payment(p, "purchase", a, fee, now);
    disarm_timer(tx, p.id, "hold_expiry");
  };
  op.fail = [](store::WriteTxn&, PurchaseWriter& w, std::int64_t now) { w.apply(Operation::capture_fail, now); };
  op.pending = Operation::capture_pending;
  return s.run(caller, id, std::move(op));
}

Purchase LifecycleCommands::release(const Caller& caller, const std::string& id) {
  auto& s = *impl_;
  AcquirerOperation op;
  op.name = "release";
  op.error_code = "purchase_release_error";
  op.check = [](Purchase& p) -> std::int64_t {
    if (p.status != Status::hold)
      throw refused("purchase_release_error", "Only a purchase in status 'hold' can be released (status is '" +
                                                  std::string(to_string(p.status)) + "').");
    return p.total_minor;
  };
  op.call = [&s](const Purchase& p, std::int64_t) { return s.acquirer.release({p.pending_operation_id, p.transaction_data.processing_tx_id, 0, p.currency}); };
  op.succeed = [](store::WriteTxn& tx, PurchaseWriter& w, const connectors::Outcome&, std::int64_t held, std::int64_t now) {
    if (!w.apply(Operation::release_succeed, now)) return;
    tx.post(release_postings(w.purchase(), held, now));
    w.purchase().payment.reset();  // the hold is gone; nothing was paid
    disarm_timer(tx, w.purchase().id, "hold_expiry");
  };
  op.fail = [](store::WriteTxn&, PurchaseWriter& w, std::int64_t now) { w.apply(Operation::release_fail, now); };
  op.pending = Operation::release_pending;
  return s.run(caller, id, std::move(op));
}

Purchase LifecycleCommands::refund(const Caller& caller, const std::string& id, std::optional<std::int64_t> amount,
                                   std::string* refund_id) {
  auto& s = *impl_;
  auto new_refund_id = new_id();  // chosen up front so the caller learns which refund is its own
  if (refund_id) *refund_id = new_refund_id;
  AcquirerOperation op;
  op.name = "refund";
  op.error_code = "purchase_refund_error";
  op.check = [amount](Purchase& p) {
    if (!refundable_status(p.status))
      throw refused("purchase_refund_error", "A purchase in status '" + std::string(to_string(p.status)) + "' cannot be refunded.");
    std::int64_t refundable = p.captured_minor - p.refunded_minor;
    if (refundable <= 0) throw refused("purchase_refund_error", "Nothing is left to refund on this purchase.");
    return checked_amount(amount, refundable, "refundable");
  };
  op.call = [&s](const Purchase& p, std::int64_t a) { return s.acquirer.refund({p.pending_operation_id, p.transaction_data.processing_tx_id, a, p.currency}); };
  op.succeed = [new_refund_id](store::WriteTxn& tx, PurchaseWriter& w, const connectors::Outcome&, std::int64_t a, std::int64_t now) {
    auto& p = w.purchase();
    if (!w.apply(Operation::refund_succeed, now, RelatedObject{"payment", new_refund_id})) return;
    Refund r{new_refund_id, p.id, p.company_id, a, p.currency, "success", now};
    store::Record rec{kRefundKind, r.id, r.company_id, "", r.status, now, 0,
                      bj::serialize(bj::object{{"purchase_id", r.purchase_id}, {"amount", r.amount_minor}, {"currency", r.currency}})};
    tx.put(rec, 0);
    tx.post(refund_postings(p, a, now));
    p.refunded_minor += a;
  };
  op.fail = [](store::WriteTxn&, PurchaseWriter& w, std::int64_t now) {
    if (w.purchase().status == Status::pending_refund)
      w.apply(w.purchase().refunded_minor > 0 ? Operation::refund_fail : Operation::refund_fail_unrefunded, now);
  };
  op.pending = Operation::refund_pending;
  return s.run(caller, id, std::move(op));
}

Purchase LifecycleCommands::charge(const Caller& caller, const std::string& id, const std::string& recurring_token) {
  auto& s = *impl_;
  auto target = s.load(caller, id);
  std::optional<connectors::CardData> card;
  {
    auto view = s.store.read();
    auto token = load_purchase(*view, caller, recurring_token);
    if (token && token->is_recurring_token) card = saved_card(*view, s.vault, caller, recurring_token);
  }
  if (!card)
    throw EngineError(ErrorKind::invalid_input, "invalid", "No active recurring token with this ID.", "recurring_token");
  auto fees = s.fees_of(target);
  AcquirerOperation op;
  op.name = "recurring_execute";
  op.error_code = "purchase_charge_error";
  op.check = [&s](Purchase& p) -> std::int64_t {
    if (!is_payable(p.status))
      throw refused("purchase_charge_error", p.status == Status::paid ? "Purchase is already paid for"
                                                                       : "A purchase in status '" + std::string(to_string(p.status)) + "' cannot be charged.");
    if (p.due_strict && p.due && s.clock.now_seconds() > *p.due)
      throw refused("purchase_charge_error", "Purchase is past its due time and can no longer be paid.");
    if (!p.is_test) throw refused("purchase_charge_error", "No matching terminal: no live acquirer is configured.");
    return p.total_minor;
  };
  op.call = [&s, card = *card](const Purchase& p, std::int64_t a) {
    connectors::AuthorizeRequest r;
    r.operation_id = p.pending_operation_id;
    r.amount_minor = a;
    r.currency = p.currency;
    r.card = card;
    r.capture = true;
    r.merchant_initiated = true;
    return s.acquirer.authorize(r);
  };
  op.succeed = [fees, recurring_token](store::WriteTxn& tx, PurchaseWriter& w, const connectors::Outcome& o, std::int64_t a, std::int64_t now) {
    auto& p = w.purchase();
    if (!w.apply(Operation::charge_succeed, now)) return;
    std::int64_t fee = fee_for(fees, a);
    tx.post(payment_postings(p, a, fee, now));
    p.captured_minor = a;
    p.recurring_token = recurring_token;
    p.transaction_data.flow = "api";
    p.transaction_data.payment_method = o.scheme;
    p.transaction_data.processing_tx_id = o.acquirer_reference;
    p.transaction_data.country = o.country;
    set_payment(p, "purchase_charge", a, fee, now);
    disarm_timer(tx, p.id, "due");
  };
  op.fail = [](store::WriteTxn&, PurchaseWriter& w, std::int64_t now) { w.apply(Operation::charge_fail, now); };
  op.pending = Operation::charge_pending;
  return s.run(caller, id, std::move(op));
}

Purchase LifecycleCommands::delete_recurring_token(const Caller& caller, const std::string& id) {
  auto& s = *impl_;
  Purchase result;
  s.store.write([&](store::WriteTxn& tx) {
    PurchaseWriter w(tx, caller, id);
    auto& p = w.purchase();
    if (!p.is_recurring_token) throw refused("purchase_recurring_token_error", "This purchase holds no recurring token.");
    auto now = s.clock.now_seconds();
    p.is_recurring_token = false;
    p.updated_on = now;
    remove_saved_card(tx, p);  // the sealed card is deleted, not just flagged
    Attempt a;
    a.type = "delete_recurring_token";
    a.successful = true;
    a.processing_time = now;
    a.flow = "api";
    p.transaction_data.attempts.push_back(a);
    w.save();
    append_purchase_event(tx, p, "purchase.recurring_token_deleted", now);
    result = p;
  });
  return result;
}

std::vector<ClientRecurringToken> LifecycleCommands::client_recurring_tokens(const Caller& caller,
                                                                            const std::string& client_id) {
  auto view = impl_->store.read();
  auto client = is_uuid(client_id) ? view->get(kClientKind, client_id) : std::nullopt;
  if (!client || client->company_id != caller.company_id) throw not_found();
  return client_tokens(*view, caller, client_id);
}

ClientRecurringToken LifecycleCommands::client_recurring_token(const Caller& caller, const std::string& client_id,
                                                               const std::string& token) {
  auto view = impl_->store.read();
  auto t = client_token(*view, caller, client_id, token);
  if (!t) throw not_found();
  return *t;
}

Purchase LifecycleCommands::delete_client_recurring_token(const Caller& caller, const std::string& client_id,
                                                          const std::string& token) {
  client_recurring_token(caller, client_id, token);  // listed under this client of this company
  return delete_recurring_token(caller, token);
}

Purchase LifecycleCommands::mark_as_paid(const Caller& caller, const std::string& id, std::optional<std::int64_t> paid_on) {
  auto& s = *impl_;
  Purchase result;
  s.store.write([&](store::WriteTxn& tx) {
    PurchaseWriter w(tx, caller, id);
    auto& p = w.purchase();
    if (!p.pending_operation.empty()) throw refused("purchase_mark_as_paid_error", "A payment for this purchase is in progress.");
    auto now = s.clock.now_seconds();
    if (!w.apply(Operation::mark_as_paid, now))
      throw refused("purchase_mark_as_paid_error",
                    "A purchase in status '" + std::string(to_string(p.status)) + "' cannot be marked as paid.");
    // Money moved outside Tender: no postings, nothing captured here, nothing refundable.
    p.marked_as_paid = true;
    set_payment(p, "custom", p.total_minor, 0, paid_on.value_or(now));
    disarm_timer(tx, p.id, "due");
    w.save();
    result = p;
  });
  return result;
}

std::vector<Refund> LifecycleCommands::refunds_of(const Caller& caller, const std::string& purchase_id) {
  auto p = impl_->load(caller, purchase_id);
  std::vector<Refund> out;
  auto view = impl_->store.read();
  for (const auto& h : p.status_history) {
    if (!h.related_object || h.related_object->type != "payment") continue;
    auto r = view->get(kRefundKind, h.related_object->id);
    if (!r) continue;
    auto o = bj::parse(r->body).as_object();
    out.push_back(Refund{r->id, purchase_id, r->company_id, o["amount"].as_int64(), std::string(o["currency"].as_string()),
                         r->status, r->created_on});
  }
  return out;
}

namespace {
constexpr std::int64_t kBusyRetrySeconds = 5;

// The transition that undoes a pending status when an intent is abandoned.
std::optional<Operation> abandon(const Purchase& p) {
  if (p.pending_operation == "capture" && p.status == Status::pending_capture) return Operation::capture_fail;
  if (p.pending_operation == "release" && p.status == Status::pending_release) return Operation::release_fail;
  if (p.pending_operation == "refund" && p.status == Status::pending_refund)
    return p.refunded_minor > 0 ? Operation::refund_fail : Operation::refund_fail_unrefunded;
  if (p.pending_operation == "recurring_execute") return Operation::charge_fail;
  return std::nullopt;
}
}  // namespace

std::size_t LifecycleCommands::recover_interrupted(std::int64_t min_age_seconds) {
  auto& s = *impl_;
  // Older than this (clock seconds) is abandoned; pending_since 0 is an intent of unknown age.
  const auto abandoned = [&](const Purchase& p) {
    return min_age_seconds <= 0 || p.pending_since <= s.clock.now_seconds() - min_age_seconds;
  };
  std::size_t recovered = 0;
  store::ListQuery q;
  q.kind = kPurchaseKind;
  q.all_companies = true;
  q.statuses = {"hold", "pending_capture", "pending_release", "paid", "refunded", "pending_refund", "cleared",
                "settled", "created", "sent", "viewed", "overdue", "error", "pending_charge"};
  q.limit = 1000;
  while (true) {
    auto page = s.store.read()->list(q);
    for (const auto& r : page) {
      auto p = purchase_from_storage(bj::parse(r.body).as_object());
      if (p.pending_operation.empty() || p.pending_operation == "execute") continue;  // execute: PaymentCommands
      if (!abandoned(p)) continue;
      s.store.write([&](store::WriteTxn& tx) {
        PurchaseWriter w(tx, Caller{p.company_id, p.is_test, ""}, p.id);
        auto& cur = w.purchase();
        if (cur.pending_operation.empty() || cur.pending_operation == "execute" || !abandoned(cur)) return;
        auto now = s.clock.now_seconds();
        auto undo = abandon(cur);
        auto unknown = connectors::Outcome::declined(connectors::DeclineReason::status_unknown);
        cur.transaction_data.attempts.push_back(make_attempt(cur, cur.pending_operation, unknown, 0, now));
        cur.pending_operation.clear();
        cur.pending_operation_id.clear();
        cur.pending_since = 0;
        if (undo) w.apply(*undo, now);
        w.save();
        ++recovered;
      });
    }
    if (page.size() < q.limit) break;
    q.after_created_on = page.back().created_on;
    q.after_id = page.back().id;
  }
  if (recovered) spdlog::warn("recovered {} operation(s) interrupted by a crash or restart", recovered);
  return recovered;
}

std::size_t LifecycleCommands::sweep() {
  auto& s = *impl_;
  std::size_t changed = 0;
  auto now = s.clock.now_seconds();
  std::vector<Timer> timers;
  {
    auto view = s.store.read();
    timers = due_timers(*view, now, 500);
  }
  for (const auto& t : timers) {
    Caller caller{t.company_id, true, ""};
    if (t.type == "due") {
      s.store.write([&](store::WriteTxn& tx) {
        auto p = load_purchase(tx, caller, t.purchase_id);
        if (p && !p->pending_operation.empty()) {
          arm_timer(tx, *p, t.type, now + kBusyRetrySeconds);  // an operation is in flight: try again soon
          return;
        }
        disarm_timer(tx, t.purchase_id, t.type);
        if (!p) return;
        PurchaseWriter w(tx, caller, t.purchase_id);
        if (w.apply(p->due_strict ? Operation::expire : Operation::become_overdue, now)) {
          w.save();
          ++changed;
        }
      });
    } else if (t.type == "hold_expiry") {
      try {
        {
          auto view = s.store.read();
          auto p = load_purchase(*view, caller, t.purchase_id);
          if (!p || p->status != Status::hold) {
            s.store.write([&](store::WriteTxn& tx) { disarm_timer(tx, t.purchase_id, t.type); });
            continue;
          }
          caller.is_test = p->is_test;
        }
        release(caller, t.purchase_id);
        ++changed;
      } catch (const std::exception& e) {
        spdlog::warn("hold expiry of purchase {} failed: {}; retried at the next sweep", t.purchase_id, e.what());
      }
    } else {
      s.store.write([&](store::WriteTxn& tx) { disarm_timer(tx, t.purchase_id, t.type); });
    }
  }
  return changed;
}

}  // namespace tender::engine
