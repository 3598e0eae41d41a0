// http/router.cpp: patterns, parameters, and which routes never wait.
#include "http/router.hpp"

#include <gtest/gtest.h>

namespace tender::http {
namespace {

Request request(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

Router router_with_routes() {
  Router router;
  router.add("GET", "/api/v1/purchases/{id}/",
             [](Request&, const RouteParams& p) { return Response{200, "text/plain", p["id"], {}}; }, Wait::never);
  router.add("POST", "/api/v1/purchases/{id}/capture/",
             [](Request&, const RouteParams& p) { return Response{201, "text/plain", p["id"], {}}; });
  router.add("POST", "/api/v1/purchases/{id}/refund/",
             [](Request&, const RouteParams& p) { return Response{200, "text/plain", p["id"], {}}; }, Wait::suspends);
  return router;
}

TEST(Router, DispatchesWithParametersAndAnOptionalTrailingSlash) {
  auto router = router_with_routes();
  auto get = request("GET", "/api/v1/purchases/abc");
  auto answer = router.dispatch(get);
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, "abc");
  auto capture = request("POST", "/api/v1/purchases/abc/capture/");
  EXPECT_EQ(router.dispatch(capture).status, 201);
  auto wrong_method = request("DELETE", "/api/v1/purchases/abc/");
  EXPECT_EQ(router.dispatch(wrong_method).status, 404);  // no 405 handler set
}

TEST(Router, EachRouteWaitsAsItWasAdded) {
  auto router = router_with_routes();
  EXPECT_EQ(router.wait_of(request("GET", "/api/v1/purchases/abc/")), Wait::never);
  EXPECT_EQ(router.wait_of(request("HEAD", "/api/v1/purchases/abc/")), Wait::never) << "HEAD is answered by the GET route";
  EXPECT_EQ(router.wait_of(request("POST", "/api/v1/purchases/abc/capture/")), Wait::may) << "the default";
  EXPECT_EQ(router.wait_of(request("POST", "/api/v1/purchases/abc/refund/")), Wait::suspends);
  EXPECT_EQ(router.wait_of(request("POST", "/api/v1/purchases/abc/")), Wait::may) << "no route: may";
  EXPECT_EQ(router.wait_of(request("GET", "/unknown/")), Wait::may);
}

}  // namespace
}  // namespace tender::http
