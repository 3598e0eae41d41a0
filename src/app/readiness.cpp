#include "app/readiness.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

namespace tender::app {

http::Response Readiness::answer() {
  std::string reason;
  std::string detail;  // for the log only
  try {
    const auto schema = store_.schema_versions();
    if (schema.applied < schema.known) {
      reason = "the schema is at version " + std::to_string(schema.applied) + "; this build needs " +
               std::to_string(schema.known) + " (migrations not applied)";
    } else if (schema.applied > schema.known) {
      reason = "the schema is at version " + std::to_string(schema.applied) + ", newer than this build knows (" +
               std::to_string(schema.known) + ")";
    }
    detail = reason;
  } catch (const std::exception& e) {
    reason = "the store does not answer";
    detail = e.what();
  }
  const int state = reason.empty() ? 1 : 0;
  if (last_state_.exchange(state) != state) {
    if (state == 1) spdlog::info("readiness: ready");
    else spdlog::warn("readiness: not ready: {}", detail);
  }
  if (state == 1) return http::Response{200, "application/json", R"({"status":"ready"})", {}};
  return http::Response{503, "application/json",
                        boost::json::serialize(boost::json::object{{"status", "not_ready"}, {"reason", reason}}), {}};
}

}  // namespace tender::app
