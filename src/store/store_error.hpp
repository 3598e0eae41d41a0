#pragma once
// Failure of the storage backend itself (I/O, corruption, busy, misuse of the engine), as opposed
// to the expected outcomes VersionConflict and DuplicateKey. Messages carry the backend's text and
// the operation, never record bodies or secrets, so they are safe to log.
#include <stdexcept>
#include <string>

namespace tender::store {

struct StoreError : std::runtime_error {
  StoreError(const std::string& message, int backend_code)
      : std::runtime_error(message), code(backend_code) {}
  explicit StoreError(const std::string& message) : StoreError(message, 0) {}

  int code;  // backend-specific (SQLite extended result code); 0 when not from the backend
};

}  // namespace tender::store
