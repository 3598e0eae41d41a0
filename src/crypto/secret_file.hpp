#pragma once
// Files holding secrets (signing keys, encryption keys): created owner-only and durably, and
// refused when anyone else could read them.
#include <string>
#include <string_view>

namespace tender::crypto {

// Creates path with mode 0600 and writes content, then fsyncs the file and its directory so the
// secret survives a crash. Never overwrites: throws CryptoError if path exists (including as a
// symlink) or on any I/O error, in which case a partially written file is removed.
void write_secret_file(const std::string& path, std::string_view content);

// The content of path. Throws CryptoError if it is missing, not a regular file, or its mode
// grants group or other any access; the message names the fix (chmod 600).
std::string read_secret_file(const std::string& path);

}  // namespace tender::crypto
