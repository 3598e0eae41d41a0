#pragma once
// From the bytes of one HTTP/1.1 request to the Request the handlers see: Beast's parser with the
// server's limits, the target decoded, repeated header fields joined. The server and the request
// head fuzzer (fuzz/http_request_head.cpp) share it, so what is fuzzed is what the server runs.
#include <boost/beast/http.hpp>
#include <string_view>

#include "http/message.hpp"
#include "http/server.hpp"

namespace tender::http {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// Sets the body and header limits of `options` on a fresh parser.
void limit_parser(RequestParser& parser, const ServerOptions& options);

// Splits the request target into a decoded path and decoded query pairs. False when the target
// is not a valid origin-form URL.
bool decode_target(std::string_view target, Request& out);

// Method, target, path, query and headers (a repeated field's values joined with ", ") of a
// parsed request head into `out`. False when the target is malformed.
bool read_head(const boost::beast::http::request_header<>& head, Request& out);

}  // namespace tender::http
