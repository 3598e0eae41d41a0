#pragma once
// The Money page's charts: the JSON island portal_charts.js draws from (uPlot), and the same
// figures as tables (active days, decline reasons, the period's summary), so the page says
// everything without script.
#include <string>

#include "api/portal/money_period.hpp"
#include "api/portal/money_stats.hpp"
#include "api/portal/portal_page.hpp"

namespace tender::api::portal_pages {

// `<`, `>` and `&` are escaped so that no text inside can close the script element.
std::string chart_json(const MoneyPeriod& period, const MoneyStats& stats);
void set_stats(PageData& d, const MoneyPeriod& period, const MoneyStats& stats);

}  // namespace tender::api::portal_pages
