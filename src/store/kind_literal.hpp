#pragma once
// A record kind written into SQL as a literal instead of a bound parameter. Background jobs list
// a kind across companies by status (ListQuery::all_companies), and the indexes that serve them
// are partial, one per scanned kind (migration 9: WHERE kind = 'timer', WHERE kind = 'delivery').
// A planner can use a partial index only when the query's own WHERE names the same literal; a
// parameter's value is not known when the statement is prepared.
#include <string>

namespace tender::store {

// "'<kind>'". Kinds come from the code's constants, so this is a finite set of statements; a kind
// other than 1-32 lower-case letters and underscores is a caller bug (std::invalid_argument).
std::string kind_literal(const std::string& kind);

}  // namespace tender::store
