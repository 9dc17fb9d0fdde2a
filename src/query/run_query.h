// Runs a KQL query on a case: the catalog is read from the case, the query is checked (binder
// and lint), lowered to SQLite SQL and executed; rows come back typed by the query's columns.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/status.h"
#include "core/time.h"
#include "core/value.h"
#include "kql/catalog.h"
#include "kql/sql_gen.h"

namespace quarry::store {
class Case;
}

namespace quarry::query {

struct QueryOptions {
  // now() and ago() count from here; by default the case's reference time, the time of its
  // latest event (evidence is usually from the past).
  std::optional<Timestamp> now;
  size_t max_rows = 10000;  // more rows than this are cut, with a notice
  // A table read without any time filter is read over this window ending at `now`, with a
  // notice (kql.default_window). 0, the default, reads it whole: a case is bounded evidence,
  // not a live workspace, and a window would hide its older events without a word.
  int64_t default_window_ticks = 0;
  bool explain_only = false;                       // check and lower, do not run
};

struct QueryResult {
  bool ran = false;
  std::vector<kql::SqlColumn> columns;
  std::vector<std::vector<Value>> rows;
  std::vector<Finding> findings;  // the checks' findings, then notices about the run
  std::string sql;
  Timestamp now;
};

// The case's tables and columns as a KQL catalog (column types from its catalog).
Result<kql::Catalog> CaseCatalog(const store::Case& c);

// An input error (the case cannot be opened) is a Status; a query that does not check or lower
// comes back with findings and ran == false.
Result<QueryResult> RunQuery(const std::string& case_dir, std::string_view text,
                             const QueryOptions& options);

}  // namespace quarry::query
