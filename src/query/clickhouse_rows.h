// Runs a query lowered for ClickHouse on a case whose events live there, and reads its rows back
// typed by the query's columns, as the SQLite path does.
#pragma once

#include <cstddef>
#include <string>

#include "core/status.h"
#include "query/run_query.h"

namespace quarry::query {

// Fills result.rows (at most `max_rows`, with a kql.row_cap finding past them).
Status RunOnClickHouse(const store::Case& c, const std::string& sql, size_t max_rows,
                       QueryResult& result);

// The notice of a result cut at `max_rows`, on either store.
Finding RowCapFinding(size_t max_rows);

}  // namespace quarry::query
