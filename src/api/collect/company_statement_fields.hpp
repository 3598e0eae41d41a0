#pragma once
// The body of POST /company_statements/ (chip-php-sdk Model/CompanyStatement.php: format,
// timezone) as a field table: company_statements.cpp reads it through schema::TableReader and the
// OpenAPI document shows it. The period is the query's (?from=&to=).
#include <string_view>

#include "api/schema/field.hpp"

namespace tender::api::collect {

inline constexpr std::string_view kStatementFormats[] = {"csv", "json"};

inline constexpr schema::Field kCompanyStatementFields[] = {
    {.name = "format", .max_length = 16, .choices = kStatementFormats,
     .description = "Default csv. Recorded as asked; the download is JSON either way."},
    {.name = "timezone", .max_length = 64, .min_length = 1, .description = "Default UTC. Recorded as given."},
};
inline constexpr schema::Field kCompanyStatementBody = {.name = "company_statement", .type = schema::Type::object,
                                                        .fields = kCompanyStatementFields, .open = true};

}  // namespace tender::api::collect
