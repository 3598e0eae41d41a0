#include "connectors/connector_registry.hpp"

#include <stdexcept>

#include "connectors/metered_connector.hpp"

namespace tender::connectors {

Connector& ConnectorRegistry::add(std::unique_ptr<Connector> connector) {
  if (!connector) throw std::invalid_argument("connector registry: null connector");
  if (find(connector->name())) throw std::invalid_argument("connector registry: '" + std::string(connector->name()) + "' is registered twice");
  if (connectors_.size() >= kMaxConnectors) throw std::invalid_argument("connector registry: too many connectors");
  if (metrics_) connector = std::make_unique<MeteredConnector>(std::move(connector), *metrics_);
  connectors_.push_back(std::move(connector));
  return *connectors_.back();
}

void ConnectorRegistry::route(RoutingRule rule) {
  if (!find(rule.connector)) throw std::invalid_argument("connector registry: no connector named '" + rule.connector + "'");
  if (!rule.brand_id.empty() && rule.company_id.empty())
    throw std::invalid_argument("connector registry: a brand rule must name its company");
  if (rules_.size() >= kMaxRules) throw std::invalid_argument("connector registry: too many routing rules");
  rules_.push_back(std::move(rule));
}

Connector* ConnectorRegistry::choose(Mode mode, std::string_view company_id, std::string_view brand_id) const {
  const RoutingRule* best = nullptr;
  int best_rank = -1;
  for (const auto& r : rules_) {
    if (r.mode != mode) continue;
    if (!r.company_id.empty() && r.company_id != company_id) continue;
    if (!r.brand_id.empty() && r.brand_id != brand_id) continue;
    const int rank = !r.brand_id.empty() ? 2 : !r.company_id.empty() ? 1 : 0;
    if (rank >= best_rank) {
      best = &r;
      best_rank = rank;
    }
  }
  return best ? find(best->connector) : nullptr;
}

Connector* ConnectorRegistry::find(std::string_view name) const {
  for (const auto& c : connectors_)
    if (c->name() == name) return c.get();
  return nullptr;
}

}  // namespace tender::connectors
