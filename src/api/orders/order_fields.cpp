#include "api/orders/order_fields.hpp"

#include <boost/asio/ip/address.hpp>

namespace tender::api::orders {

bool valid_ip_address(const std::string& text) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(text, ec);
  return !ec;
}

}  // namespace tender::api::orders
