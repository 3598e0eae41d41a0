#pragma once
// The fixed dictionary of the stored document format v1 (see document_codec.hpp).
#include <string_view>

namespace tender::store::sqlite {

std::string_view document_dictionary_v1();

}  // namespace tender::store::sqlite
