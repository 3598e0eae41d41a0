#pragma once
// The ledger period a Collect account read covers: ?from=&to=, unix seconds, both inclusive.
#include <climits>
#include <cstdint>

#include "http/router.hpp"
#include "json/field_errors.hpp"

namespace tender::api::collect {

struct Period {
  std::int64_t from = 0;
  std::int64_t to = INT64_MAX;
};

// The bounds given in the query over `period`'s (a missing bound leaves its default); a bound
// that is not an integer is an error naming it.
Period read_period(const http::Request& req, json::FieldErrors& errors, Period period = {});

}  // namespace tender::api::collect
