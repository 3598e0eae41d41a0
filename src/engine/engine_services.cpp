#include "engine/engine_services.hpp"

namespace tender::engine {

FeeSchedule EngineServices::fees_of(const Purchase& p) const {
  auto brand = accounts.brand(p.company_id, p.brand_id);
  return brand ? brand->fees : FeeSchedule{};
}

connectors::Connector* EngineServices::connector_for_payment(const Purchase& p) const {
  return connectors.choose(p.is_test ? connectors::Mode::test : connectors::Mode::live, p.company_id, p.brand_id);
}

connectors::Connector* EngineServices::connector_of(const Purchase& p) const { return connector_named(p.connector); }

connectors::Connector* EngineServices::connector_named(const std::string& name) const {
  // Purchases and intents written before connectors were recorded all went through the sandbox.
  return connectors.find(name.empty() ? std::string_view("sandbox") : std::string_view(name));
}

}  // namespace tender::engine
