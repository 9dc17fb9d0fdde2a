// Lowers a parsed KQL query to one SQL statement for a dialect. Each tabular operator wraps the
// relation before it as a subquery (SELECT … FROM (previous)), which engines flatten; names and
// types come from the catalog and are carried through every operator as the binder does.
// Kusto's semantics are kept: string operators are case-insensitive unless _cs, a missing string
// compares as "", `has` matches terms, sort defaults to descending with nulls last, summarize
// without `by` returns one row even for no input, datetimes are 100 ns ticks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "kql/ast.h"
#include "kql/catalog.h"
#include "kql/sql_dialect.h"

namespace quarry::kql {

struct SqlColumn {
  std::string name;
  Type type = Type::kUnknown;  // of the values (a datetime's are ticks)
};

struct SqlOptions {
  int64_t now_ticks = 0;  // now(); ago(x) is now_ticks - x. Fixed once per query.
  // The table references (by the byte offset where their name starts) read through a default
  // time window: only rows with TimeGenerated in (now - window, now] are read from them.
  std::vector<uint32_t> windowed_tables;
  int64_t window_ticks = 0;
};

struct SqlPlan {
  bool ok = false;
  std::string sql;
  std::vector<SqlColumn> columns;
  std::vector<Finding> findings;  // what could not be lowered (kql.unsupported), with spans
};

SqlPlan ToSql(const ParseResult& parsed, std::string_view text, const Catalog& catalog,
              const SqlDialect& dialect, const SqlOptions& options, const std::string& file);

// The rows after each step of the query's final pipe, to find where they run out: its source,
// then every operator; a `where` of several conditions joined by `and` also gets one step per
// condition applied alone (kind "conjunct"). Empty when the query does not lower.
struct SqlStep {
  Span span;
  std::string sql;
  // "source", "conjunct" (one condition of a where's `and`), "alternative" (a string comparison
  // under an `or`), or the operator's name
  std::string kind;
  // A condition comparing one column with a string (`Col == "x"`, `Col endswith "x"`, …): the
  // rows it filters, the column and the string, to look for the values the author may have meant.
  std::string input_sql;
  std::string column;
  std::string literal;
};
std::vector<SqlStep> PipeSteps(const ParseResult& parsed, const Catalog& catalog,
                               const SqlDialect& dialect, const SqlOptions& options);

// Kusto's text of a timespan in ticks: [-][d.]hh:mm:ss[.fffffff].
std::string FormatTimespanText(int64_t ticks);

// A timespan literal (1d, 2.5h, 30m, 10s, 100ms, 5microseconds, 3ticks, or d.hh:mm:ss[.f]) in
// ticks; false when it is not one.
bool TimespanTicks(std::string_view text, int64_t& ticks);

}  // namespace quarry::kql
