#pragma once
#include <string>

namespace tender::engine {
// Who is asking: the company of the API key, and whether it is a test key. Every command is
// scoped by it; objects of other companies are reported as not found.
struct Caller {
  std::string company_id;
  bool is_test = true;
  std::string ip;
};
}  // namespace tender::engine
