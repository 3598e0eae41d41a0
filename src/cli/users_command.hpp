#pragma once
// `tender users create`: a portal user of the installation's first company (or --company), with
// the password from standard input or a generated one, printed once.
#include <string>

#include "app/data_dir.hpp"

namespace tender::cli {

int create_user(const app::DataDirLayout& layout, const std::string& email, const std::string& role_text,
                std::string company_id, bool password_stdin, bool json);

}  // namespace tender::cli
