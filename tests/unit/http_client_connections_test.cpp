// client_connections.cpp: the per-address connection count admits up to the limit, frees a slot
// when a connection goes, keeps addresses apart, and 0 means no limit.
#include "http/client_connections.hpp"

#include <gtest/gtest.h>

namespace tender::http {
namespace {

TEST(ClientConnections, AdmitsUpToTheLimitPerAddress) {
  ClientConnections c(2);
  EXPECT_TRUE(c.admit("10.0.0.1"));
  EXPECT_TRUE(c.admit("10.0.0.1"));
  EXPECT_FALSE(c.admit("10.0.0.1"));
  EXPECT_EQ(c.held("10.0.0.1"), 2u);
  EXPECT_TRUE(c.admit("10.0.0.2")) << "another address has its own count";
  c.release("10.0.0.1");
  EXPECT_TRUE(c.admit("10.0.0.1"));
  c.release("10.0.0.1");
  c.release("10.0.0.1");
  c.release("10.0.0.2");
  EXPECT_EQ(c.held("10.0.0.1"), 0u);
}

TEST(ClientConnections, ZeroIsNoLimit) {
  ClientConnections c(0);
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(c.admit("::1"));
  EXPECT_EQ(c.held("::1"), 10000u);
}

TEST(ClientConnections, AReleaseWithoutAnAdmitIsAnInvariantViolation) {
  ClientConnections c(1);
  EXPECT_DEATH(c.release("10.0.0.9"), "client_connection_released_once");
}

}  // namespace
}  // namespace tender::http
