// billing_templates.cpp: templates are checked as their purchases would be, scoped to one company
// and mode, and once subscribed their schedule is frozen.
#include "billing_fixture.hpp"

namespace tender::engine::test {
namespace {

class EngineBillingTemplates : public BillingTest {};

TEST_F(EngineBillingTemplates, CreatedReadListedAndDeleted) {
  auto t = saved(one_time(1500));
  EXPECT_EQ(t.company_id, company.id);
  EXPECT_TRUE(t.is_test);
  EXPECT_EQ(engine.billing.get_template(caller, t.id).title, "Plan");
  auto page = engine.billing.list_templates(caller, {.limit = 10});
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].id, t.id);
  engine.billing.delete_template(caller, t.id);
  EXPECT_EQ(error_of([&] { engine.billing.get_template(caller, t.id); }).kind(), ErrorKind::not_found);
}

TEST_F(EngineBillingTemplates, AnUnknownBrandIsRefusedNamingIt) {
  auto t = one_time(100);
  t.brand_id = "00000000-0000-4000-8000-000000000000";
  auto e = error_of([&] { saved(t); });
  EXPECT_EQ(e.field(), "brand_id");
  EXPECT_TRUE(engine.billing.list_templates(caller, {}).items.empty());
}

TEST_F(EngineBillingTemplates, AnotherCompanyOrModeDoesNotSeeIt) {
  auto t = saved(monthly(100));
  auto other = accounts.create_company("Other", kStart);
  const Caller stranger{other.id, true, ""};
  const Caller live{company.id, false, ""};
  for (const auto& who : {stranger, live}) {
    EXPECT_EQ(error_of([&] { engine.billing.get_template(who, t.id); }).kind(), ErrorKind::not_found);
    EXPECT_EQ(error_of([&] { engine.billing.delete_template(who, t.id); }).kind(), ErrorKind::not_found);
    EXPECT_EQ(error_of([&] { engine.billing.add_subscriber(who, t.id, {.client_id = new_client()}); }).kind(),
              ErrorKind::not_found);
    EXPECT_TRUE(engine.billing.list_templates(who, {}).items.empty());
  }
}

TEST_F(EngineBillingTemplates, IsSubscriptionNeverChanges) {
  auto t = saved(one_time(100));
  auto e = error_of([&] { engine.billing.replace_template(caller, t.id, monthly(100)); });
  EXPECT_EQ(e.field(), "is_subscription");
  auto edited = one_time(250);
  edited.title = "Edited";
  auto replaced = engine.billing.replace_template(caller, t.id, edited);
  EXPECT_EQ(replaced.title, "Edited");
  EXPECT_EQ(replaced.id, t.id);
  EXPECT_EQ(replaced.created_on, t.created_on);
}

TEST_F(EngineBillingTemplates, WithSubscribersOnlyTheDuePeriodAndActiveChange) {
  auto t = saved(monthly(100));
  engine.billing.add_subscriber(caller, t.id, {.client_id = new_client()});
  auto edit = monthly(100);
  edit.subscription.period = {2, billing::PeriodUnit::weeks};
  EXPECT_EQ(error_of([&] { engine.billing.replace_template(caller, t.id, edit); }).field(), "subscription_period");
  edit = monthly(100);
  edit.subscription.trial_periods = 1;
  EXPECT_EQ(error_of([&] { engine.billing.replace_template(caller, t.id, edit); }).field(),
            "subscription_trial_periods");
  edit = monthly(100);
  edit.subscription.due_period = {3, billing::PeriodUnit::days};
  edit.subscription.active = false;
  auto replaced = engine.billing.replace_template(caller, t.id, edit);
  EXPECT_EQ(replaced.subscription.due_period.count, 3);
  EXPECT_FALSE(replaced.subscription.active);
  EXPECT_EQ(replaced.subscriber_count, 1);
}

TEST_F(EngineBillingTemplates, ASendInvoiceIsASentPurchaseOfTheTemplate) {
  auto t = saved(one_time(1500));
  auto client_id = new_client();
  auto p = engine.billing.send_invoice(caller, t.id, {.client_id = client_id, .payment_method_whitelist = {"visa"}});
  EXPECT_EQ(p.status, Status::sent);
  EXPECT_EQ(p.product, "billing_invoices");
  EXPECT_EQ(p.billing_template_id, t.id);
  EXPECT_EQ(p.client_id, client_id);
  EXPECT_EQ(p.client.at("full_name"), "Sam Subscriber");
  EXPECT_EQ(p.total_minor, 1500);
  EXPECT_EQ(p.due, kStart + 7 * 86400);
  EXPECT_EQ(p.payment_method_whitelist, std::vector<std::string>{"visa"});
  EXPECT_EQ(events(p.id), (std::vector<std::string>{"purchase.created", "purchase.sent"}));
  EXPECT_EQ(timer(p.id, "due"), kStart + 7 * 86400);
  EXPECT_EQ(pay(reload(p.id)).purchase.status, Status::paid);
}

TEST_F(EngineBillingTemplates, InvoicesAndSubscribersAreForTheirKindOfTemplate) {
  auto one = saved(one_time(100));
  auto sub = saved(monthly(100));
  EXPECT_EQ(error_of([&] { engine.billing.send_invoice(caller, sub.id, {.client_id = new_client()}); }).field(),
            "is_subscription");
  EXPECT_EQ(error_of([&] { engine.billing.add_subscriber(caller, one.id, {.client_id = new_client()}); }).field(),
            "is_subscription");
  EXPECT_EQ(error_of([&] { engine.billing.send_invoice(caller, one.id, {.client_id = "nope"}); }).field(), "client_id");
}

TEST_F(EngineBillingTemplates, OneOffInvoicesAreAllOrNone) {
  auto a = new_client(), b = new_client();
  auto sent = engine.billing.send_invoices(caller, one_time(900), {{.client_id = a}, {.client_id = b}});
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_FALSE(sent[0].billing_template_id);
  EXPECT_EQ(sent[1].client_id, b);
  EXPECT_EQ(sent[1].status, Status::sent);

  auto before = engine.purchases.list(caller, {.limit = 100}).items.size();
  auto e = error_of([&] {
    engine.billing.send_invoices(caller, one_time(900), {{.client_id = a}, {.client_id = new_id()}});
  });
  EXPECT_EQ(e.field(), "clients.1.client_id");
  EXPECT_EQ(engine.purchases.list(caller, {.limit = 100}).items.size(), before);
}

}  // namespace
}  // namespace tender::engine::test
