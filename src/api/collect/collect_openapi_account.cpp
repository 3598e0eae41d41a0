// The operations of account_routes.cpp and company_statements.cpp: the ledger's balances,
// turnover and statements as Tender and CHIP's clients read them.
#include "api/collect/collect_openapi_parts.hpp"
#include "api/collect/collect_query_fields.hpp"
#include "api/collect/company_statement_fields.hpp"

namespace tender::api::collect::openapi_parts {

std::vector<schema::Operation> account_operations() {
  return {
      {.method = "get", .path = "/api/v1/balance/", .operation_id = "getLedgerBalance",
       .summary = "The ledger's balances per currency", .example = "{}",
       .responses = answers(200, "Available, held, fees and payer funds, per currency.", "Balance", false)},
      {.method = "get", .path = "/api/v1/statement/", .operation_id = "getLedgerStatement",
       .summary = "The ledger postings of a period", .description = "At most 10,000 postings; truncated says so.",
       .example = "{}", .query = period_query(), .example_query = "from=0",
       .responses = answers(200, "The postings, oldest first.", "Statement", false)},
      {.method = "get", .path = "/api/v1/account/json/balance/", .operation_id = "getAccountBalance",
       .summary = "CHIP's balance per currency",
       .description = "No payouts, reserves or settlement delays in Tender: available_balance is the balance, "
                      "reserved and pending_outgoing are 0; gross_balance is before fees.",
       .example = "{}", .query = account_balance_query(), .example_query = "currency=MYR",
       .responses = answers(200, "The balance of each currency.", "AccountBalance", false)},
      {.method = "get", .path = "/api/v1/account/json/turnover/", .operation_id = "getAccountTurnover",
       .summary = "One currency's turnover in a period",
       .description = "Incoming: payments and captures; outgoing: refunds and chargebacks; counted per ledger "
                      "transaction. More than 1,000,000 postings in the period is refused (400 naming from).",
       .example = "{}", .query = turnover_query(), .example_query = "currency=MYR&from=0",
       .responses = answers(200, "Incoming and outgoing.", "Turnover", false)},
      {.method = "get", .path = "/api/v1/company_statements/", .operation_id = "listCompanyStatements",
       .summary = "The company's statements, newest first", .description = "The last 100 of the caller's mode.",
       .example = "{}", .responses = answers(200, "All of them, in one page.", "CompanyStatementList", false)},
      {.method = "post", .path = "/api/v1/company_statements/", .operation_id = "createCompanyStatement",
       .summary = "Ask for a statement of a period", .description = "The period is the query's, up to now by default.",
       .body = &kCompanyStatementBody, .example = R"({"format": "csv", "timezone": "UTC"})", .example_status = 201,
       .query = period_query(),
       .responses = answers(201, "The statement, finished; download_url reads its postings.", "CompanyStatement", false)},
      {.method = "get", .path = "/api/v1/company_statements/{id}/", .operation_id = "getCompanyStatement",
       .summary = "Read a statement", .example = "{}", .fixture = "createCompanyStatement",
       .responses = answers(200, "The statement.", "CompanyStatement")},
      {.method = "post", .path = "/api/v1/company_statements/{id}/cancel/", .operation_id = "cancelCompanyStatement",
       .summary = "Cancel a queued statement",
       .description = "A statement is finished when it is created, so there is never one left to cancel: the answer "
                      "is always 400 statement_cancel_error (404 for no such statement).",
       .example = "{}", .example_status = 400, .fixture = "createCompanyStatement",
       .responses = {{400, "The statement is already finished.", "Error"},
                     {401, "No or an unknown API key.", "Error"},
                     {404, "No such object.", "Error"}}},
  };
}

}  // namespace tender::api::collect::openapi_parts
