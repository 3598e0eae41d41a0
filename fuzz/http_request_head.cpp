// The HTTP/1.1 request as the server reads it (src/http/request_head.*): raw bytes through
// Beast's parser with the server's own limits, then the target decoded and the headers joined.
// A request the parser completes stays within the limits; a malformed one is an error, never a
// crash or an overread.
#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <string>

#include "fuzz_check.hpp"
#include "http/request_head.hpp"

using namespace tender;
namespace bhttp = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  http::ServerOptions options;  // the server's defaults, smaller so the limits are reachable
  options.max_header_bytes = 2048;
  options.max_body_bytes = 4096;
  http::RequestParser parser;
  http::limit_parser(parser, options);

  // Bytes arrive in pieces, as from a socket: the first byte sets the piece size. Once all are
  // in, the parser is given what it left until it stops making progress, then the end of stream.
  const std::size_t piece = size ? 1 + data[0] % 64 : 1;
  std::size_t offset = size ? 1 : 0;
  boost::beast::error_code ec;
  std::string pending;
  bool progress = true;
  while (!ec && !parser.is_done()) {
    if (offset < size) {
      const std::size_t n = std::min(piece, size - offset);
      pending.append(reinterpret_cast<const char*>(data + offset), n);
      offset += n;
    } else if (!progress || pending.empty()) {
      break;
    }
    const std::size_t used = parser.put(boost::asio::buffer(pending), ec);
    if (ec == bhttp::error::need_more) ec = {};
    FUZZ_CHECK(used <= pending.size());
    pending.erase(0, used);
    progress = used > 0;
  }
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) return 0;

  const auto& message = parser.get();
  FUZZ_CHECK(message.body().size() <= options.max_body_bytes);
  http::Request request;
  if (!http::read_head(message, request)) return 0;
  FUZZ_CHECK(!request.method.empty() && request.target == message.target());
  FUZZ_CHECK(request.path.empty() || request.path[0] == '/');
  std::size_t header_bytes = 0;
  for (const auto& field : message) header_bytes += field.name_string().size() + field.value().size();
  FUZZ_CHECK(header_bytes <= options.max_header_bytes);
  for (const auto& field : message) FUZZ_CHECK(request.header(std::string(field.name_string())).has_value());
  return 0;
}
