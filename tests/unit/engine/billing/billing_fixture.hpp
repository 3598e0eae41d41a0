#pragma once
// Billing on the engine fixture (../engine_fixture.hpp): templates of one item, clients, and the
// purchases a template or subscriber was issued, read from the store.
#include "../engine_fixture.hpp"
#include "engine/billing/billing_commands.hpp"
#include "engine/client_commands.hpp"
#include "engine/ids.hpp"

namespace tender::engine::test {

class BillingTest : public EngineTest {
 protected:
  billing::BillingTemplate one_time(std::int64_t amount) {
    auto t = base(amount);
    t.is_subscription = false;
    t.invoice_due = kStart + 7 * 86400;
    return t;
  }
  billing::BillingTemplate monthly(std::int64_t amount) {
    auto t = base(amount);
    t.is_subscription = true;
    return t;
  }
  billing::BillingTemplate saved(billing::BillingTemplate t) { return engine.billing.create_template(caller, std::move(t)); }
  std::string new_client() {
    ClientCommands clients(*store_, clock);
    return clients.create(caller, boost::json::object{{"email", "subscriber@example.com"}, {"full_name", "Sam Subscriber"}}).id;
  }
  billing::Subscriber subscriber(const billing::Subscriber& s) {
    return engine.billing.get_subscriber(caller, s.template_id, s.id);
  }
  // Every purchase of the company that names `subscriber_id`, oldest first.
  std::vector<Purchase> purchases_of(const std::string& subscriber_id) {
    PurchaseFilter f;
    f.limit = 100;
    std::vector<Purchase> out;
    for (auto& p : engine.purchases.list(caller, f).items)
      if (p.subscriber_id == subscriber_id) out.push_back(std::move(p));
    std::reverse(out.begin(), out.end());
    return out;
  }
  // Moves the clock to `at` and runs the sweep until nothing is left to do.
  void run_until(std::int64_t at) {
    clock.set(at);
    while (engine.timers.sweep() > 0) {
    }
    engine.calls.wait_idle();
  }

 private:
  billing::BillingTemplate base(std::int64_t amount) {
    billing::BillingTemplate t;
    t.brand_id = brand.id;
    t.title = "Plan";
    NewPurchase np = order(amount);
    t.purchase.details = np.details;
    t.purchase.lines = np.lines;
    return t;
  }
};

}  // namespace tender::engine::test
