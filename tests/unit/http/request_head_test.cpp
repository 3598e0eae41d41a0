#include "http/request_head.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tender::http {
namespace {

namespace bhttp = boost::beast::http;

// Feeds `bytes` to a parser limited as `options` says; the parser's error (none when complete).
boost::beast::error_code parse(RequestParser& parser, const ServerOptions& options, const std::string& bytes) {
  limit_parser(parser, options);
  boost::beast::error_code ec;
  std::string_view rest = bytes;
  while (!ec && !parser.is_done() && !rest.empty()) {  // the header first, then the body
    const std::size_t used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
    if (used == 0) break;
    rest.remove_prefix(used);
  }
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  return ec;
}

TEST(RequestHead, ReadsMethodTargetDecodedPathQueryAndJoinsRepeatedHeaders) {
  RequestParser parser;
  ASSERT_FALSE(parse(parser, {}, "GET /api/v1/purchases%2Fx/?status=paid&status=sent&flag HTTP/1.1\r\n"
                                 "Host: a\r\nAccept: text/html\r\naccept: application/json\r\n\r\n"));
  Request request;
  ASSERT_TRUE(read_head(parser.get(), request));
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.target, "/api/v1/purchases%2Fx/?status=paid&status=sent&flag");
  EXPECT_EQ(request.path, "/api/v1/purchases/x/");
  ASSERT_EQ(request.query.size(), 3u);
  EXPECT_EQ(request.query_params("status"), (std::vector<std::string>{"paid", "sent"}));
  EXPECT_EQ(request.query_param("flag"), "");
  EXPECT_EQ(request.header("ACCEPT"), "text/html, application/json");
}

TEST(RequestHead, RefusesATargetThatIsNotOriginForm) {
  for (const char* target : {"http://example.com/x", "*", "/a b", "/%zz"}) {
    Request request;
    EXPECT_FALSE(decode_target(target, request)) << target;
  }
}

TEST(RequestHead, ParserHasTheServersHeaderLimit) {
  ServerOptions options;
  options.max_header_bytes = 256;
  RequestParser parser;
  auto ec = parse(parser, options, "GET / HTTP/1.1\r\nX-Big: " + std::string(400, 'a') + "\r\n\r\n");
  EXPECT_EQ(ec, bhttp::error::header_limit);
}

TEST(RequestHead, ParserHasTheServersBodyLimit) {
  ServerOptions options;
  options.max_body_bytes = 10;
  RequestParser parser;
  auto ec = parse(parser, options, "POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n01234567890");
  EXPECT_EQ(ec, bhttp::error::body_limit);
  RequestParser fits;
  EXPECT_FALSE(parse(fits, options, "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789"));
  EXPECT_EQ(fits.get().body(), "0123456789");
}

}  // namespace
}  // namespace tender::http
