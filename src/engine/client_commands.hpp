#pragma once
// Clients: saved payer details a purchase can be created from (`client_id`). Editing a client
// never changes purchases made from it earlier: purchases copy the details.
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/caller.hpp"
#include "engine/clock.hpp"
#include "store/store.hpp"

namespace tender::engine {

inline constexpr const char* kClientKind = "client";

struct Client {
  std::string id;
  std::string company_id;
  bool is_test = true;
  boost::json::object details;  // ClientDetails fields
  std::int64_t created_on = 0;
  std::int64_t updated_on = 0;
  std::int64_t version = 0;
};

struct ClientPage {
  std::vector<Client> items;
  bool has_more = false;
};

class ClientCommands {
 public:
  ClientCommands(store::Store& store, Clock& clock);
  Client create(const Caller& caller, boost::json::object details);
  Client get(const Caller& caller, const std::string& id);
  std::optional<Client> find(store::ReadView& view, const Caller& caller, const std::string& id);
  // PUT replaces the details; PATCH merges the given fields into them.
  Client update(const Caller& caller, const std::string& id, boost::json::object details, bool merge);
  void remove(const Caller& caller, const std::string& id);
  // `email`: only the clients with this e-mail, compared without case.
  ClientPage list(const Caller& caller, std::optional<std::int64_t> after_created_on,
                  std::optional<std::string> after_id, std::size_t limit,
                  const std::optional<std::string>& email = std::nullopt);

 private:
  store::Store& store_;
  Clock& clock_;
};

}  // namespace tender::engine
