#pragma once
// What a purchase's page shows: its facts, the actions the state machine allows now, and its
// timeline (status history, attempts with decline reasons, ledger postings, webhook deliveries
// with their response codes), as template data.
#include <kainjow/mustache.hpp>

#include <string>
#include <vector>

#include "engine/purchase.hpp"
#include "store/store.hpp"
#include "webhooks/delivery.hpp"

namespace tender::api::portal_pages {

inline constexpr std::size_t kMaxDeliveriesShown = 50;

struct PurchaseTimeline {
  std::vector<store::Posting> postings;
  std::vector<webhooks::Delivery> deliveries;
};

// The purchase's postings and deliveries, read from `view`.
PurchaseTimeline read_timeline(store::ReadView& view, const engine::Purchase& purchase);
kainjow::mustache::data purchase_page_data(const engine::Purchase& purchase, const PurchaseTimeline& timeline,
                                           const std::string& public_url);
// One row of the purchase list.
kainjow::mustache::data purchase_row(const engine::Purchase& purchase);

}  // namespace tender::api::portal_pages
