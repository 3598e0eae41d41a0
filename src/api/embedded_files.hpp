#pragma once
// Templates and static assets compiled into the binary (see cmake/embed_files.cmake).
#include <span>
#include <string_view>

namespace tender::api {

struct EmbeddedFile {
  std::string_view name;
  std::string_view text;
};

std::span<const EmbeddedFile> embedded_files();
// The named file's text; throws std::out_of_range for an unknown name (a build defect).
std::string_view embedded(std::string_view name);

}  // namespace tender::api
