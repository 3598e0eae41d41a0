#pragma once
// Errors the engine reports to dialects. Each has a stable code (from the seeds where they name
// one) and a message; the dialect chooses the HTTP status and wording of its own format.
#include <stdexcept>
#include <string>

namespace tender::engine {

enum class ErrorKind {
  not_found,      // unknown id, or another company's object: indistinguishable on purpose
  invalid_state,  // the state machine refuses the operation
  invalid_input,  // a business rule on the input (e.g. no payment method for skip_capture)
  conflict,       // a concurrent operation on the same object is in progress
  unavailable,    // a dependency (vault, acquirer) cannot serve now
};

class EngineError : public std::runtime_error {
 public:
  EngineError(ErrorKind kind, std::string code, std::string message, std::string field = {})
      : std::runtime_error(message), kind_(kind), code_(std::move(code)), field_(std::move(field)) {}
  ErrorKind kind() const { return kind_; }
  const std::string& code() const { return code_; }
  const std::string& field() const { return field_; }  // dotted path when about one input field

 private:
  ErrorKind kind_;
  std::string code_;
  std::string field_;
};

inline EngineError not_found() { return EngineError(ErrorKind::not_found, "not_found", "No such object"); }

}  // namespace tender::engine
