// Why a query's result is what it is, asked of the case that ran it (in its store's SQL, the
// steps having been lowered in that dialect): the step after which no row was left, and the
// alternatives of an `or` that match nothing.
#pragma once

#include <string_view>
#include <vector>

#include "core/finding.h"
#include "kql/sql_gen.h"
#include "store/case.h"

namespace quarry::query {

// For a query that returned nothing: the step of its final pipe after which no row was left,
// and the conditions of that `where` that keep no row on their own.
void ExplainEmpty(const store::Case& c, const std::vector<kql::SqlStep>& steps,
                  std::string_view text, std::vector<Finding>& findings);

// For a query that returned rows: each string comparison under an `or` that matches no row of
// its input, with the column's closest values (a misspelt alternative hides behind the others).
void CheckAlternatives(const store::Case& c, const std::vector<kql::SqlStep>& steps,
                       std::string_view text, std::vector<Finding>& findings);

}  // namespace quarry::query
