#pragma once
// The readable reference: every operation of the three documents with its request fields and their
// limits, rendered from the generated documents themselves (not from the tables again), so the page
// says what the documents say.
#include <string>

namespace tender::api::openapi {

std::string reference_page_html(const std::string& public_url);

}  // namespace tender::api::openapi
