// The simulated clients' commands: each goes through the real idempotency layer
// (app/idempotency.hpp) with a fresh key, as an API request with an Idempotency-Key would, and
// the client records the answer (client_model.hpp). A command whose answer never came (a failed
// commit, a crash) is retried later with the same key and the same request.
#include <boost/json.hpp>

#include "app/idempotency.hpp"
#include "connectors/sandbox/test_cards.hpp"
#include "engine/errors.hpp"
#include "engine/purchase_writer.hpp"
#include "simulation.hpp"

namespace tender::sim {

namespace bj = boost::json;

namespace {

constexpr int kRefused = 422;

std::optional<std::int64_t> optional_amount(const bj::object& body) {
  auto* a = body.if_contains("amount");
  return a && a->is_int64() ? std::optional(a->get_int64()) : std::nullopt;
}

engine::CardPayment card_payment(const Command& c) {
  engine::CardPayment payment;
  payment.card = connectors::CardData{c.pan, c.cvc, 12, 2031, "Simulated Payer"};
  payment.remember_card = c.remember_card;
  payment.flow = "api";
  payment.client_ip = "198.51.100.20";
  return payment;
}

bool slow_card(const std::string& pan) {
  const auto* card = connectors::sandbox::find_test_card(pan);
  return card && card->behaviour == connectors::sandbox::Behaviour::slow_approve;
}

bj::object pay_answer(const engine::PayResult& r) {
  return bj::object{{"id", r.purchase.id},
                    {"status", engine::to_string(r.purchase.status)},
                    {"outcome", static_cast<int>(r.outcome)},
                    {"challenge_id", r.challenge_id}};
}

engine::NewPurchase order(const SimClient& client, const Command& c, const std::string& key) {
  engine::NewPurchase np;
  np.brand_id = client.brand_id;
  np.client = bj::object{{"email", "payer@example.com"}};
  engine::set_single_item(np, "Simulated item", c.amount_minor);
  np.skip_capture = c.skip_capture;
  np.reference = key;  // one purchase per create key: the checker counts them
  return np;
}

}  // namespace

http::Request Simulation::request_for(const Command& c, std::string target, bj::object body) {
  http::Request r;
  r.method = "POST";
  r.target = r.path = "/sim/" + std::string(to_string(c.kind)) + "/" + target;
  r.headers[app::kIdempotencyHeader] = "sim-" + std::to_string(options_.seed) + "-" + std::to_string(++keys_);
  r.body = bj::serialize(body);
  return r;
}

void Simulation::client_command(const Command& c) {
  const SimClient& client = model_.clients[c.client];
  if (c.kind == CommandKind::cross_mode) return cross_mode(c);
  if (c.kind == CommandKind::charge) return charge(c);
  if (c.kind == CommandKind::retry) {
    // A key lives 24 hours (app/idempotency.hpp): after that a retry would be a new request, so
    // the client looks the object up instead (here: gives up).
    std::erase_if(retries_, [&](const Unanswered& u) { return clock_.now_seconds() - u.asked_at >= app::kIdempotencyTtlSeconds; });
    if (retries_.empty()) return;
    Unanswered u = retries_[c.purchase % retries_.size()];
    retries_.erase(retries_.begin() + static_cast<std::ptrdiff_t>(c.purchase % retries_.size()));
    ++stats_.retried;
    retry_asked_at_ = u.asked_at;
    return idempotent(u.command, u.company_id, u.request, true);
  }
  if (c.kind == CommandKind::create || c.kind == CommandKind::pay_now) {
    auto request = request_for(c, std::to_string(c.client), bj::object{{"amount", c.amount_minor}});
    model_.create_keys.insert(*request.header(app::kIdempotencyHeader));
    return idempotent(c, client.company_id, std::move(request), false);
  }
  const PurchaseModel& m = model_.purchases[c.purchase];
  if (c.kind == CommandKind::answer_challenge && !m.challenge_id) return;
  bj::object body{{"purchase", m.id}};
  if (c.kind == CommandKind::capture || c.kind == CommandKind::refund) {
    // The client reads the purchase first and asks for all or part of what it may move.
    std::int64_t limit = m.total_minor;
    if (auto p = engine::find_purchase(*process_->store.read(), m.id); p && c.kind == CommandKind::refund)
      limit = p->refundable_minor();
    const std::int64_t part = std::max<std::int64_t>(1, limit * c.part_permille / 1000);
    if (!c.whole) body["amount"] = part;
    // A whole refund retried after its first answer was lost refunds what is refundable then:
    // only the total bounds it.
    body["bound"] = c.whole && c.kind == CommandKind::refund ? m.total_minor : c.whole ? limit : part;
  }
  return idempotent(c, client.company_id, request_for(c, m.id, std::move(body)), false);
}

void Simulation::idempotent(const Command& c, const std::string& company_id, http::Request request, bool is_retry) {
  const auto body = bj::parse(request.body).as_object();
  PurchaseModel* m = body.contains("purchase") ? model_.find(std::string(body.at("purchase").as_string())) : nullptr;
  std::int64_t bound = 0;
  if (c.kind == CommandKind::refund && m && !is_retry) {
    bound = body.at("bound").as_int64();
    m->refunded_possible += bound;  // until a refusal proves it never happened
  }
  acquirer_.arm(c.net_fault);
  const bool slow = c.net_fault == NetFault::slow ||
                    ((c.kind == CommandKind::pay || c.kind == CommandKind::pay_now) && slow_card(c.pan));
  process_->services.options.acquirer_wait_ms = slow ? 0 : kPatientWaitMs;
  http::Response response;
  try {
    response = app::with_idempotency(process_->store, clock_, request, company_id,
                                     [&] { return perform(c, request); });
  } catch (const SimulatedCrash&) {
    unanswered(c, company_id, request, is_retry);
    throw;
  } catch (const std::exception&) {
    unanswered(c, company_id, request, is_retry);
    return;
  }
  if (response.status == 200) {
    ++stats_.acknowledged;
    acknowledge(c, request, bj::parse(response.body).as_object());
  } else if (response.status == kRefused || response.status == 404) {
    ++stats_.refused;
    if (m && !is_retry) m->refunded_possible -= bound;
  } else if (response.status == 409) {
    ++stats_.unanswered;  // outcome unknown: the client would look the object up; its bounds stay
  } else {
    violations_.push_back("unexpected idempotency answer " + std::to_string(response.status) + ": " + response.body);
  }
}

void Simulation::unanswered(const Command& c, const std::string& company_id, const http::Request& request,
                            bool is_retry) {
  ++stats_.unanswered;
  const std::int64_t asked_at = is_retry ? retry_asked_at_ : clock_.now_seconds();
  retries_.push_back(Unanswered{c, company_id, request, asked_at});
}

http::Response Simulation::perform(const Command& c, const http::Request& request) {
  auto& p = *process_;
  const SimClient& client = model_.clients[c.client];
  const engine::Caller& caller = client.caller(c.is_test);
  const auto body = bj::parse(request.body).as_object();
  const std::string id = body.contains("purchase") ? std::string(body.at("purchase").as_string()) : "";
  const std::string key = *request.header(app::kIdempotencyHeader);
  bj::object answer;
  try {
    switch (c.kind) {
      case CommandKind::create: {
        auto created = p.purchases.create(caller, order(client, c, key));
        answer = {{"id", created.id}, {"status", engine::to_string(created.status)}};
        break;
      }
      case CommandKind::pay:
        answer = pay_answer(p.payments.pay_with_card(id, card_payment(c)));
        break;
      case CommandKind::pay_now: {
        engine::PayNow command{order(client, c, key), card_payment(c), c.whole, "Authenticate first"};
        answer = pay_answer(p.payments.pay_now(caller, std::move(command)));
        break;
      }
      case CommandKind::answer_challenge:
        answer = pay_answer(p.payments.complete_challenge(id, *model_.find(id)->challenge_id, c.authenticated));
        break;
      case CommandKind::capture: {
        auto done = p.lifecycle.capture(caller, id, optional_amount(body));
        answer = {{"id", id}, {"status", engine::to_string(done.status)}, {"captured", done.captured_minor}};
        break;
      }
      case CommandKind::release:
        answer = {{"id", id}, {"status", engine::to_string(p.lifecycle.release(caller, id).status)}};
        break;
      case CommandKind::refund: {
        std::string refund_id;
        auto before = engine::find_purchase(*p.store.read(), id);
        auto done = p.lifecycle.refund(caller, id, optional_amount(body), &refund_id);
        const std::int64_t amount = optional_amount(body).value_or(before ? before->refundable_minor() : 0);
        answer = {{"id", id}, {"status", engine::to_string(done.status)}, {"refund_id", refund_id}, {"amount", amount}};
        break;
      }
      case CommandKind::charge: {
        auto done = p.lifecycle.charge(caller, id, std::string(body.at("token").as_string()));
        answer = {{"id", id}, {"status", engine::to_string(done.status)}};
        break;
      }
      case CommandKind::cancel:
        answer = {{"id", id}, {"status", engine::to_string(p.purchases.cancel(caller, id).status)}};
        break;
      case CommandKind::delete_token:
        answer = {{"id", id}, {"status", engine::to_string(p.lifecycle.delete_recurring_token(caller, id).status)}};
        break;
      default:
        break;
    }
  } catch (const engine::EngineError& e) {
    const int status = e.kind() == engine::ErrorKind::not_found ? 404 : kRefused;
    return http::Response{status, "application/json", bj::serialize(bj::object{{"code", e.code()}}), {}};
  }
  return http::Response{200, "application/json", bj::serialize(answer), {}};
}

void Simulation::acknowledge(const Command& c, const http::Request& request, const bj::object& answer) {
  const std::string id(answer.at("id").as_string());
  auto status = engine::status_from_string(std::string(answer.at("status").as_string()));
  PurchaseModel* m = model_.find(id);
  if (!m && (c.kind == CommandKind::create || c.kind == CommandKind::pay_now)) {
    model_.purchases.push_back(PurchaseModel{id, c.client, c.is_test, c.amount_minor, c.skip_capture});
    m = &model_.purchases.back();
  }
  if (!m) return;
  if (status) m->acknowledged.insert(*status);
  if (auto* outcome = answer.if_contains("outcome")) {
    const auto o = static_cast<engine::PayOutcome>(outcome->as_int64());
    const std::string challenge(answer.at("challenge_id").as_string());
    m->challenge_id = o == engine::PayOutcome::challenge ? std::optional(challenge) : std::nullopt;
    if (o == engine::PayOutcome::succeeded && c.remember_card) m->remembered_card = true;
  }
  if (c.kind == CommandKind::charge && status == engine::Status::paid) m->remembered_card = false;
  if (c.kind == CommandKind::capture && status == engine::Status::paid)
    m->captured_acknowledged = answer.at("captured").as_int64();
  if (c.kind == CommandKind::refund && status != engine::Status::pending_refund) {
    m->refunded_acknowledged += answer.at("amount").as_int64();
    m->refund_ids.push_back(std::string(answer.at("refund_id").as_string()));
  }
  if (c.kind == CommandKind::delete_token) m->remembered_card = false;
  (void)request;
}

void Simulation::cross_mode(const Command& c) {
  const PurchaseModel& m = model_.purchases[c.purchase];
  const engine::Caller& other = model_.clients[m.client].caller(!m.is_test);
  auto expect_not_found = [&](const char* what, const std::function<void()>& f) {
    try {
      f();
      violations_.push_back(std::string("mode separation: a ") + (m.is_test ? "live" : "test") + " key could " + what +
                            " purchase " + m.id);
    } catch (const engine::EngineError& e) {
      if (e.kind() != engine::ErrorKind::not_found)
        violations_.push_back(std::string("mode separation: ") + what + " across modes answered " + e.code() +
                              ", not not_found");
    }
  };
  expect_not_found("read", [&] { process_->purchases.get(other, m.id); });
  expect_not_found("refund", [&] { process_->lifecycle.refund(other, m.id, 1); });
  expect_not_found("capture", [&] { process_->lifecycle.capture(other, m.id, std::nullopt); });
  expect_not_found("cancel", [&] { process_->purchases.cancel(other, m.id); });
}

void Simulation::charge(const Command& c) {
  // A merchant-initiated charge of a new purchase with a card saved on an earlier one.
  const PurchaseModel* token = nullptr;
  for (std::size_t i = 0; i < model_.purchases.size() && !token; ++i) {
    const auto& m = model_.purchases[(c.token_of + i) % model_.purchases.size()];
    if (m.remembered_card && m.client == c.client && m.is_test == c.is_test) token = &m;
  }
  if (!token) return;
  const std::string token_id = token->id;
  Command create = c;
  create.kind = CommandKind::create;
  create.skip_capture = false;
  const std::size_t before = model_.purchases.size();
  client_command(create);
  if (model_.purchases.size() == before) return;
  const PurchaseModel& fresh = model_.purchases.back();
  idempotent(c, model_.clients[c.client].company_id,
             request_for(c, fresh.id, bj::object{{"purchase", fresh.id}, {"token", token_id}}), false);
}

}  // namespace tender::sim
