#pragma once
// Reading deliveries for the API: one, or a page filtered by webhook, purchase, destination and
// status, newest first. Deliveries are records of one kind per company, so a filter on webhook
// or purchase is applied while scanning; a page scans at most kMaxScannedPerPage rows and then
// returns what it found with a cursor to continue (a page may then hold fewer items than asked).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "webhooks/delivery.hpp"

namespace tender::webhooks {

inline constexpr std::size_t kMaxScannedPerPage = 5000;

struct DeliveryFilter {
  std::string webhook_id;    // "" any
  std::string object_id;     // "" any
  std::string destination;   // "" any, "webhook", "success_callback"
  std::vector<std::string> statuses;
  std::optional<std::int64_t> after_created_on;
  std::optional<std::string> after_id;
  std::size_t limit = 25;
};

struct DeliveryCursor {
  std::int64_t created_on = 0;
  std::string id;
};

struct DeliveryPage {
  std::vector<Delivery> items;
  std::optional<DeliveryCursor> next;  // where the next page starts
};

std::optional<Delivery> find_delivery(store::ReadView& view, const std::string& company_id, const std::string& id);
DeliveryPage list_deliveries(store::ReadView& view, const std::string& company_id, const DeliveryFilter& filter);

}  // namespace tender::webhooks
