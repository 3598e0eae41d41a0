// The metrics read when Prometheus asks rather than kept up to date on every event: the webhook
// backlog (two one-row reads of the store), the sweeper's last pass and the leases this node
// holds. Everything else is fed where it happens (docs/operations.md lists each metric's source).
#include <algorithm>
#include <chrono>

#include "app/application.hpp"
#include "webhooks/backlog.hpp"

namespace tender::app {

void Application::register_scrape_metrics() {
  metrics_.gauge("tender_process_start_time_seconds", "When this process started (Unix time, the system clock).")
      .set(std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());

  auto& pending = metrics_.gauge("tender_webhook_deliveries_pending",
                                 "Deliveries waiting in this node's schedule (retries included): the dispatch lease "
                                 "holder's backlog; 0 on the other nodes.");
  auto& oldest = metrics_.gauge("tender_webhook_oldest_undelivered_event_age_seconds",
                                "Age (clock seconds) of the oldest event not yet delivered to every destination: "
                                "a pending delivery's, or one not fanned out yet; 0 when nothing waits. Read from the "
                                "store, the same on every node.");
  auto& dispatch_leader = metrics_.gauge("tender_webhook_dispatch_leader",
                                         "1 when this node holds the webhooks lease (fans out and sends), else 0.");
  metrics_.on_scrape([this, &pending, &oldest, &dispatch_leader] {
    const auto stats = dispatcher_->stats();
    pending.set(static_cast<double>(stats.pending));
    dispatch_leader.set(stats.leader ? 1 : 0);
    const auto created_on = webhooks::oldest_undelivered_event(*store_->read());
    oldest.set(created_on ? static_cast<double>(std::max<std::int64_t>(0, clock_.now_seconds() - *created_on)) : 0);
  });

  auto& pass_age = metrics_.gauge("tender_sweeper_last_pass_age_seconds",
                                  "Seconds since the sweeper last finished a pass without an error (every 0.5 s "
                                  "normally; the lease holder sweeps, other nodes only check the lease).");
  auto& sweeper_leader = metrics_.gauge("tender_sweeper_leader",
                                        "1 when this node holds the sweeper lease (fires timers), else 0.");
  metrics_.on_scrape([this, &pass_age, &sweeper_leader] {
    if (!sweeper_) return;  // before start_background_jobs()
    pass_age.set(sweeper_->seconds_since_last_pass());
    sweeper_leader.set(sweeper_->leader() ? 1 : 0);
  });
}

}  // namespace tender::app
