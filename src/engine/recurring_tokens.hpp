#pragma once
// Saved cards. A purchase paid with remember_card / force_recurring (or a preauthorization)
// becomes a recurring token: its id charges the same card later. The card is kept only sealed by
// the vault (no CVC); when the purchase had a client_id, a ClientRecurringToken lists it under
// the client. Deleting a token deletes the sealed card.
#include <optional>
#include <string>
#include <vector>

#include "connectors/connector.hpp"
#include "engine/caller.hpp"
#include "engine/purchase.hpp"
#include "store/store.hpp"
#include "vault/card_vault.hpp"

namespace tender::engine {

inline constexpr const char* kCardTokenKind = "card_token";
inline constexpr const char* kClientTokenKind = "client_token";

struct ClientRecurringToken {
  std::string id;            // the recurring token: the id of the purchase that saved the card
  std::string client_id;
  std::string company_id;
  std::string payment_method;
  std::string masked_pan;
  int expiry_month = 0;
  int expiry_year = 0;
  std::int64_t created_on = 0;
};

void save_card(store::WriteTxn& tx, const Purchase& purchase, const vault::SealedCard& card, std::int64_t now);
std::optional<connectors::CardData> saved_card(store::ReadView& view, const vault::CardVault& vault, const Caller& caller,
                                               const std::string& token);
void remove_saved_card(store::WriteTxn& tx, const Purchase& purchase);
std::vector<ClientRecurringToken> client_tokens(store::ReadView& view, const Caller& caller, const std::string& client_id);
std::optional<ClientRecurringToken> client_token(store::ReadView& view, const Caller& caller, const std::string& client_id,
                                                 const std::string& token);

}  // namespace tender::engine
