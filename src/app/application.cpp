#include "app/application.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "api/collect/collect_errors.hpp"

namespace tender::app {

namespace bj = boost::json;

std::unique_ptr<store::Store> open_store(const DataDirLayout& layout) {
  store::SqliteOptions options;
  options.path = layout.database();
  return store::open_sqlite(options);
}

Application::Application(const AppOptions& options) : layout_{options.data_dir} {
  read_installation(layout_);  // fails clearly on an uninitialized directory
  store_ = open_store(layout_);
  accounts_ = std::make_unique<engine::Accounts>(*store_, load_master_key(layout_));
  purchases_ = std::make_unique<engine::PurchaseCommands>(*store_, *accounts_, clock_);
  clients_ = std::make_unique<engine::ClientCommands>(*store_, clock_);
  collect_ = std::make_unique<api::collect::CollectContext>(
      api::collect::CollectContext{*accounts_, *purchases_, *clients_, api::collect::Links{options.public_url}});

  router_.add("GET", "/healthz", [](http::Request&, const http::RouteParams&) {
    return http::Response{200, "application/json", R"({"status":"ok"})", {}};
  });
  api::collect::add_collect_routes(router_, *collect_);
  router_.set_not_found([](http::Request&) { return api::collect::request_error(404, "not_found", "No such endpoint."); });
  router_.set_method_not_allowed([](http::Request& req) {
    return api::collect::request_error(405, "method_not_allowed", "Method " + req.method + " is not allowed here.");
  });
}

http::Response Application::handle(http::Request& request) {
  auto response = router_.dispatch(request);
  // Never log bodies or query strings: they may carry card data.
  spdlog::info("{} {} {} {}", request.remote_ip, request.method, request.path, response.status);
  return response;
}

}  // namespace tender::app
