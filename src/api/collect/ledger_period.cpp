#include "api/collect/ledger_period.hpp"

#include "api/collect/collect_http.hpp"

namespace tender::api::collect {

Period read_period(const http::Request& req, json::FieldErrors& errors, Period period) {
  for (auto [name, target] : {std::pair{"from", &period.from}, std::pair{"to", &period.to}}) {
    if (auto v = req.query_param(name)) {
      auto n = parse_int(*v);
      if (!n) errors.add(name, json::ErrorCode::invalid, "Unix timestamp (seconds) expected.");
      else *target = *n;
    }
  }
  return period;
}


}  // namespace tender::api::collect
