#include "crypto/secret_file.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include "crypto/crypto_error.hpp"
#include "crypto/random.hpp"

namespace {

namespace fs = std::filesystem;
using tender::crypto::CryptoError;
using tender::crypto::read_secret_file;
using tender::crypto::write_secret_file;

// A fresh directory under the system temp dir, removed with its contents.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "tender-secret-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() { std::error_code ec; fs::remove_all(path_, ec); }
  std::string file(const char* name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

unsigned mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_mode & 07777;
}

// The message of the CryptoError that f throws, or "" if it throws none.
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const CryptoError& e) {
    return e.what();
  }
  return "";
}

TEST(CryptoSecretFile, WritesWithMode0600AndReadsBack) {
  const TempDir dir;
  const std::string path = dir.file("signing.pem");
  write_secret_file(path, "-----BEGIN PRIVATE KEY-----\n...\n");
  EXPECT_EQ(mode_of(path), 0600u);
  EXPECT_EQ(read_secret_file(path), "-----BEGIN PRIVATE KEY-----\n...\n");
}

TEST(CryptoSecretFile, Mode0600EvenWithPermissiveUmask) {
  const TempDir dir;
  const mode_t old_umask = ::umask(0);
  write_secret_file(dir.file("key"), "k");
  ::umask(old_umask);
  EXPECT_EQ(mode_of(dir.file("key")), 0600u);
}

TEST(CryptoSecretFile, RoundTripsBinaryAndEmptyContent) {
  const TempDir dir;
  const std::string key = tender::crypto::random_bytes(100000);
  write_secret_file(dir.file("bin"), key);
  EXPECT_EQ(read_secret_file(dir.file("bin")), key);
  write_secret_file(dir.file("empty"), "");
  EXPECT_EQ(read_secret_file(dir.file("empty")), "");
}

TEST(CryptoSecretFile, RefusesToOverwriteExistingFile) {
  const TempDir dir;
  const std::string path = dir.file("key");
  write_secret_file(path, "first");
  const std::string message = error_of([&] { write_secret_file(path, "second"); });
  EXPECT_NE(message.find("already exists"), std::string::npos) << message;
  EXPECT_EQ(read_secret_file(path), "first");
}

TEST(CryptoSecretFile, RefusesToWriteThroughSymlink) {
  const TempDir dir;
  fs::create_symlink(dir.file("target"), dir.file("link"));  // dangling
  EXPECT_THROW(write_secret_file(dir.file("link"), "k"), CryptoError);
  EXPECT_FALSE(fs::exists(dir.file("target")));
}

TEST(CryptoSecretFile, WriteFailsInMissingDirectory) {
  const TempDir dir;
  EXPECT_THROW(write_secret_file(dir.file("missing/key"), "k"), CryptoError);
}

TEST(CryptoSecretFile, RefusesWorldReadableFile) {
  const TempDir dir;
  const std::string path = dir.file("key");
  std::ofstream(path) << "secret";
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  const std::string message = error_of([&] { read_secret_file(path); });
  EXPECT_NE(message.find("0644"), std::string::npos) << message;
  EXPECT_NE(message.find("chmod 600 " + path), std::string::npos) << message;
}

TEST(CryptoSecretFile, RefusesAnyGroupOrOtherBit) {
  const TempDir dir;
  const std::string path = dir.file("key");
  std::ofstream(path) << "secret";
  for (const mode_t mode : {0640, 0620, 0610, 0604, 0602, 0601, 0660}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    EXPECT_THROW(read_secret_file(path), CryptoError) << std::oct << mode;
  }
  ASSERT_EQ(::chmod(path.c_str(), 0400), 0);
  EXPECT_EQ(read_secret_file(path), "secret");
}

TEST(CryptoSecretFile, RefusesMissingFileAndDirectory) {
  const TempDir dir;
  const std::string message = error_of([&] { read_secret_file(dir.file("nope")); });
  EXPECT_NE(message.find("does not exist"), std::string::npos) << message;
  fs::create_directory(dir.file("subdir"));
  ::chmod(dir.file("subdir").c_str(), 0700);
  EXPECT_THROW(read_secret_file(dir.file("subdir")), CryptoError);
}

}  // namespace
