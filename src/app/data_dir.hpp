#pragma once
// The data directory of one installation: tender.db (SQLite), vault.key (the master key that
// seals card data and company signing keys) and tender.json (which company `tender keys` serves).
// Every file is created 0600 and the directory 0700.
#include <string>

namespace tender::app {

struct DataDirLayout {
  std::string dir;
  // postgres://… (--database / TENDER_DATABASE_URL) keeps the data in PostgreSQL, shared by every
  // node that names it; the directory still holds vault.key and tender.json. Empty: tender.db.
  std::string database_url;
  std::string database() const { return dir + "/tender.db"; }
  std::string vault_key() const { return dir + "/vault.key"; }
  std::string config() const { return dir + "/tender.json"; }
};

struct InstallationInfo {
  std::string company_id;
  std::string brand_id;
};

bool is_initialized(const DataDirLayout& layout);
// Creates the directory (if needed) and the vault key; throws if already initialized.
void prepare_new(const DataDirLayout& layout);
void write_installation(const DataDirLayout& layout, const InstallationInfo& info);
InstallationInfo read_installation(const DataDirLayout& layout);
// The 32-byte master key: TENDER_VAULT_KEY (base64) when set, else vault.key.
std::string load_master_key(const DataDirLayout& layout);

}  // namespace tender::app
