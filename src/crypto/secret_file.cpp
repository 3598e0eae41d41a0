#include "crypto/secret_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/crypto_error.hpp"

namespace tender::crypto {
namespace {

[[noreturn]] void throw_errno(std::string_view what, const std::string& path, int err) {
  throw CryptoError(std::string(what) + " " + path + ": " + std::strerror(err));
}

// Closes on scope exit; errors from close are checked explicitly where they matter.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { if (fd_ >= 0) ::close(fd_); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { const int fd = fd_; fd_ = -1; return fd; }

 private:
  int fd_;
};

void write_all(int fd, std::string_view content, const std::string& path) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("write_secret_file: cannot write", path, errno);
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Makes the new directory entry itself durable, not just the file's data.
void fsync_parent_dir(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  const Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) throw_errno("write_secret_file: cannot open directory of", path, errno);
  if (::fsync(fd.get()) != 0) throw_errno("write_secret_file: cannot fsync directory of", path, errno);
}

}  // namespace

void write_secret_file(const std::string& path, std::string_view content) {
  // O_EXCL also fails on a dangling symlink, so an attacker's link cannot redirect the write.
  Fd fd(::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.get() < 0) {
    if (errno == EEXIST)
      throw CryptoError("write_secret_file: " + path + " already exists; refusing to overwrite it");
    throw_errno("write_secret_file: cannot create", path, errno);
  }
  try {
    // The umask can only remove bits from 0600, but set it exactly anyway: owner read+write.
    if (::fchmod(fd.get(), 0600) != 0) throw_errno("write_secret_file: cannot chmod", path, errno);
    write_all(fd.get(), content, path);
    if (::fsync(fd.get()) != 0) throw_errno("write_secret_file: cannot fsync", path, errno);
    if (::close(fd.release()) != 0) throw_errno("write_secret_file: cannot close", path, errno);
  } catch (...) {
    ::unlink(path.c_str());  // no half-written secret left behind to block a retry
    throw;
  }
  fsync_parent_dir(path);
}

std::string read_secret_file(const std::string& path) {
  const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) throw CryptoError("read_secret_file: " + path + " does not exist");
    throw_errno("read_secret_file: cannot open", path, errno);
  }
  // fstat the opened file, not the path, so the checked file is the one read.
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw_errno("read_secret_file: cannot stat", path, errno);
  if (!S_ISREG(st.st_mode)) throw CryptoError("read_secret_file: " + path + " is not a regular file");
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    throw CryptoError("read_secret_file: " + path + " has mode " + mode +
                      ", which lets group or other users access it; refusing to use a secret "
                      "others can read. Fix with: chmod 600 " + path);
  }

  // Size the buffer up front (+1 so the read that sees end-of-file fits too) so reading does not
  // leave reallocated copies of the secret behind.
  std::string content(static_cast<std::size_t>(st.st_size) + 1, '\0');
  std::size_t used = 0;
  for (;;) {
    if (used == content.size()) content.resize(content.size() + 4096);  // file grew since fstat
    const ssize_t n = ::read(fd.get(), content.data() + used, content.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("read_secret_file: cannot read", path, errno);
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  content.resize(used);
  return content;
}

}  // namespace tender::crypto
