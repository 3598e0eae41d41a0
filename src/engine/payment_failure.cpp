// A payment that failed before reaching the acquirer (card form validation, no connector,
// invalid card data, 3-D Secure required but impossible): a failed attempt, status error.
#include "engine/errors.hpp"
#include "engine/payment_commands.hpp"

namespace tender::engine {

PayResult PaymentCommands::record_failure(const std::string& purchase_id, const std::string& flow,
                                          const std::string& client_ip, const std::string& code,
                                          const std::string& message) {
  auto p0 = find(purchase_id);
  if (!p0) throw not_found();
  PayResult result;
  services_.store.write([&](store::WriteTxn& tx) {
    PurchaseWriter w(tx, system_caller(*p0), purchase_id);
    auto now = services_.clock.now_seconds();
    check_payable(w.purchase(), now);
    Attempt a;
    a.type = w.purchase().skip_capture ? "authorize" : "execute";
    a.successful = false;
    a.client_ip = client_ip;
    a.processing_time = now;
    a.flow = flow;
    a.error = AttemptError{code, message};
    w.purchase().transaction_data.attempts.push_back(a);
    w.purchase().transaction_data.flow = flow;
    w.apply(Operation::execute_fail, now);
    w.save();
    result.purchase = w.purchase();
  });
  result.outcome = PayOutcome::failed;
  result.error_code = code;
  result.error_message = message;
  return result;
}

}  // namespace tender::engine
