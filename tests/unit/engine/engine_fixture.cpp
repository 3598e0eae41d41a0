#include "engine_fixture.hpp"

#include "app/timers.hpp"

#include <set>

#include "crypto/random.hpp"
#include "engine/ledger.hpp"
#include "engine/timers.hpp"

namespace tender::engine::test {

namespace {

// Long enough never to expire on a loaded machine; an answer that comes returns at once.
constexpr std::uint32_t kPatientWaitMs = 60'000;

EngineOptions test_options() {
  EngineOptions options;
  options.acquirer_wait_ms = kPatientWaitMs;
  options.acquirer_threads = 4;
  return options;
}

}  // namespace

Engine::Engine(store::Store& store, Accounts& accounts, Clock& clock, const vault::CardVault& vault,
               std::shared_ptr<RemoteAcquirer> acquirer)
    : services{store, accounts, clock, registry, vault, test_options()},
      calls(services),
      purchases(store, accounts, clock),
      payments(services, calls, purchases),
      lifecycle(services, calls),
      billing(services, purchases, lifecycle),
      timers(store, clock) {
  app::register_timers(timers, lifecycle, billing, payments);
  registry.add(std::make_unique<RemoteAcquirerDouble>(kRemote, std::move(acquirer)));
  registry.route({.mode = connectors::Mode::test, .company_id = "", .brand_id = "", .connector = kRemote});
}

EngineTest::EngineTest()
    : master_key(crypto::random_bytes(32)),
      accounts(*store_, master_key),
      vault(master_key),
      company(accounts.create_company("Engine test company", kStart)),
      brand(accounts.create_brand(company.id, "Engine test brand", kStart)),
      caller{company.id, true, "203.0.113.7"},
      engine(*store_, accounts, clock, vault, acquirer) {}

EngineTest::~EngineTest() {
  acquirer->open_gate();
  engine.calls.wait_idle();
}

NewPurchase EngineTest::order(std::int64_t amount, const std::string& brand_id) const {
  NewPurchase np;
  np.brand_id = brand_id.empty() ? brand.id : brand_id;
  np.client = boost::json::object{{"email", "payer@example.com"}};
  set_single_item(np, "Engine test item", amount);
  return np;
}

Purchase EngineTest::create(NewPurchase command) { return engine.purchases.create(caller, std::move(command)); }

CardPayment EngineTest::card(const std::string& pan, bool remember) {
  CardPayment payment;
  payment.card = connectors::CardData{pan, "123", 12, 2031, "Jane Payer"};
  payment.remember_card = remember;
  payment.flow = "api";
  payment.client_ip = "198.51.100.20";
  return payment;
}

PayResult EngineTest::pay(const Purchase& purchase, CardPayment payment) {
  return engine.payments.pay_with_card(purchase.id, std::move(payment));
}

Purchase EngineTest::paid(std::int64_t amount) {
  auto result = pay(create(amount));
  EXPECT_EQ(result.outcome, PayOutcome::succeeded) << result.error_code;
  EXPECT_EQ(result.purchase.status, Status::paid);
  return result.purchase;
}

Purchase EngineTest::held(std::int64_t amount) {
  auto np = order(amount);
  np.skip_capture = true;
  auto result = pay(create(std::move(np)));
  EXPECT_EQ(result.outcome, PayOutcome::succeeded) << result.error_code;
  EXPECT_EQ(result.purchase.status, Status::hold);
  return result.purchase;
}

Purchase EngineTest::answered_late(Answer answer, Status pending, const std::function<Purchase()>& start) {
  answer_late(answer);
  auto waiting = start();
  EXPECT_EQ(waiting.status, pending) << to_string(waiting.status);
  EXPECT_TRUE(waiting.intent.open());
  let_answer_arrive();
  return reload(waiting.id);
}

Purchase EngineTest::reload(const std::string& id) { return engine.purchases.get(caller, id); }

std::vector<store::Posting> EngineTest::postings(const std::string& purchase_id) {
  return store_->read()->postings_for_purchase(purchase_id);
}

Balances EngineTest::balances(const std::string& purchase_id) {
  Balances out;
  for (const auto& leg : postings(purchase_id)) out[leg.account] += leg.amount_minor;
  for (auto it = out.begin(); it != out.end();) it = it->second == 0 ? out.erase(it) : std::next(it);
  return out;
}

std::vector<std::string> EngineTest::postings_kinds(const std::string& purchase_id) {
  std::vector<std::string> kinds;
  std::set<std::string> seen;
  for (const auto& leg : postings(purchase_id))
    if (seen.insert(leg.transaction_id).second) kinds.push_back(leg.kind);
  return kinds;
}

std::vector<std::string> EngineTest::events(const std::string& purchase_id) {
  std::vector<std::string> types;
  for (const auto& e : store_->read()->outbox_after(0, 100'000))
    if (e.object_id == purchase_id) types.push_back(e.event_type);
  return types;
}

std::optional<std::int64_t> EngineTest::timer(const std::string& purchase_id, const std::string& type) {
  auto r = store_->read()->get(kTimerKind, purchase_id + ":" + type);
  if (!r) return std::nullopt;
  return r->created_on;
}

std::vector<std::string> EngineTest::ledger_problems() {
  auto view = store_->read();
  return check_ledger(*view).problems;
}

EngineError error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const EngineError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an EngineError";
  return EngineError(ErrorKind::unavailable, "no_error_thrown", "no error thrown");
}

const Attempt& last_attempt(const Purchase& p) {
  static const Attempt none;
  EXPECT_FALSE(p.transaction_data.attempts.empty()) << "purchase " << p.id << " has no attempt";
  return p.transaction_data.attempts.empty() ? none : p.transaction_data.attempts.back();
}

std::string last_error_code(const Purchase& p) {
  const auto& a = last_attempt(p);
  return a.error ? a.error->code : std::string();
}

}  // namespace tender::engine::test
