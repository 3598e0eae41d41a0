// The dialects this installation speaks, one registration line each. A new dialect is a class
// implementing api::Dialect (api/dialect.hpp) plus one line here; nothing else in app/ changes.
// The order is the order their routes are tried in.
#include "api/checkout/checkout_dialect.hpp"
#include "api/collect/collect_dialect.hpp"
#include "api/openapi/openapi_dialect.hpp"
#include "api/orders/orders_dialect.hpp"
#include "api/portal/portal_dialect.hpp"
#include "api/s2s/s2s_dialect.hpp"
#include "app/application.hpp"

namespace tender::app {

void Application::register_dialects(const std::string& public_url) {
  using namespace api;
  const collect::Links links{public_url};
  const bool https = public_url.rfind("https://", 0) == 0;  // the checkout's cookies are Secure then
  dialects_.add(std::make_unique<collect::CollectDialect>(
      collect::CollectContext{*accounts_, *purchases_, *clients_, links},
      collect::LifecycleContext{*accounts_, *lifecycle_, *simulations_, links},
      collect::WebhookContext{*accounts_, *webhooks_, *dispatcher_, *store_, clock_, collect::test_clock_enabled_from_env(), links},
      collect::BillingContext{*accounts_, *billing_, links},
      collect::AccountContext{*accounts_, *store_, clock_, links},
      *idempotency_));
  dialects_.add(std::make_unique<checkout::CheckoutDialect>(checkout::CheckoutContext{*payments_, links, https}));
  dialects_.add(std::make_unique<s2s::S2sDialect>(s2s::S2sContext{*accounts_, *purchases_, *payments_, links}, *idempotency_));
  dialects_.add(std::make_unique<orders::OrdersDialect>(
      orders::OrdersContext{*accounts_, *store_, *purchases_, *payments_, *lifecycle_, public_url}, *idempotency_));
  dialects_.add(std::make_unique<openapi::OpenApiDialect>(public_url));
  dialects_.add(std::make_unique<portal_pages::PortalDialect>(portal_pages::PortalContext{
      *accounts_, *purchases_, *lifecycle_, *simulations_, *webhooks_, *dispatcher_, *store_, clock_, wall_clock_,
      collect::test_clock_enabled_from_env(), public_url, https, *portal_users_, *portal_sessions_, *portal_audit_,
      portal_throttle_}));
}

}  // namespace tender::app
