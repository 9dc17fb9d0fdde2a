// The commands that read a case's catalog (tables, schema, show, files, digest) as jobs: each
// returns a Table that every front end renders the same way.
#pragma once

#include <cstdint>
#include <string>

#include "app/render.h"
#include "core/status.h"

namespace quarry::app {

struct TablesReport {
  Table table;  // table, rows, min_time, max_time, columns
  int64_t total_rows = 0;
};
Result<TablesReport> CaseTables(const std::string& case_dir);

// Columns of one table with type, fill rate, distinct estimate and top values (as a JSON array
// cell when `structured`, as text otherwise). An unknown table's error lists the tables.
Result<Table> CaseSchema(const std::string& case_dir, const std::string& table, size_t top,
                         bool structured);

// One event: a (field, value) row each when `vertical`, else one row with a column each.
// NotFound when no event has this _eid.
Result<Table> CaseEvent(const std::string& case_dir, int64_t eid, bool vertical);

Result<Table> CaseFiles(const std::string& case_dir);

// tables, rows and the SHA-256 over every event.
Result<Table> CaseDigest(const std::string& case_dir);

}  // namespace quarry::app
