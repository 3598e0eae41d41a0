#include "app/data_dir.hpp"

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "crypto/base64.hpp"
#include "crypto/random.hpp"
#include "crypto/secret_file.hpp"

namespace tender::app {

namespace fs = std::filesystem;
namespace bj = boost::json;

bool is_initialized(const DataDirLayout& l) {
  return fs::exists(l.config()) || fs::exists(l.database()) || fs::exists(l.vault_key());
}

void prepare_new(const DataDirLayout& l) {
  if (is_initialized(l))
    throw std::runtime_error("'" + l.dir + "' is already initialized (it holds a Tender installation); nothing was changed");
  std::error_code ec;
  fs::create_directories(l.dir, ec);
  if (ec) throw std::runtime_error("cannot create '" + l.dir + "': " + ec.message());
  fs::permissions(l.dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (!std::getenv("TENDER_VAULT_KEY")) crypto::write_secret_file(l.vault_key(), crypto::random_bytes(32));
}

void write_installation(const DataDirLayout& l, const InstallationInfo& info) {
  crypto::write_secret_file(l.config(), bj::serialize(bj::object{{"version", 1},
                                                                 {"company_id", info.company_id},
                                                                 {"brand_id", info.brand_id}}) + "\n");
}

InstallationInfo read_installation(const DataDirLayout& l) {
  std::ifstream in(l.config());
  if (!in) throw std::runtime_error("'" + l.dir + "' is not a Tender data directory (run `tender init --data " + l.dir + "` first)");
  std::stringstream ss;
  ss << in.rdbuf();
  boost::system::error_code ec;
  auto v = bj::parse(ss.str(), ec);
  if (ec || !v.is_object()) throw std::runtime_error(l.config() + " is damaged");
  auto& o = v.get_object();
  auto get = [&](const char* k) {
    auto* x = o.if_contains(k);
    return x && x->is_string() ? std::string(x->get_string()) : std::string();
  };
  return {get("company_id"), get("brand_id")};
}

std::string load_master_key(const DataDirLayout& l) {
  if (const char* env = std::getenv("TENDER_VAULT_KEY")) {
    auto key = crypto::base64_decode(env);
    if (!key || key->size() != 32) throw std::runtime_error("TENDER_VAULT_KEY must be 32 bytes in base64");
    return *key;
  }
  auto key = crypto::read_secret_file(l.vault_key());
  if (key.size() != 32) throw std::runtime_error(l.vault_key() + " must hold exactly 32 bytes");
  return key;
}

}  // namespace tender::app
