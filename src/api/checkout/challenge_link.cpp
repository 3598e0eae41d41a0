#include "api/checkout/challenge_link.hpp"

namespace tender::api::checkout {

std::string challenge_path(const std::string& purchase_id, const std::string& challenge_id) {
  return "/p/" + purchase_id + "/3ds/" + challenge_id + "/";
}

std::string challenge_url(const std::string& public_url, const std::string& purchase_id, const std::string& challenge_id) {
  return public_url + challenge_path(purchase_id, challenge_id);
}

}  // namespace tender::api::checkout
