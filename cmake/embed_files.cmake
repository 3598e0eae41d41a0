# Writes a C++ source that holds each input file's text, so that the binary carries its page
# templates and assets and needs no files at run time. Called with -DOUT=... -DFILES=a;b;c
set(content "// Generated from src/api/checkout/templates by cmake/embed_files.cmake. Do not edit.\n#include \"api/checkout/embedded_files.hpp\"\n\nnamespace tender::api::checkout {\n\nstd::span<const EmbeddedFile> embedded_files() {\n  static const EmbeddedFile files[] = {\n")
foreach(file ${FILES})
  get_filename_component(name ${file} NAME)
  file(READ ${file} text)
  string(APPEND content "      {\"${name}\", R\"TENDER_EMBED(${text})TENDER_EMBED\"},\n")
endforeach()
string(APPEND content "  };\n  return files;\n}\n\n}  // namespace tender::api::checkout\n")
file(WRITE ${OUT}.tmp "${content}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
