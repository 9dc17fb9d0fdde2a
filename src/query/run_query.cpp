#include "query/run_query.h"

#include <algorithm>

#include "core/strings.h"

#include "kql/binder.h"
#include "kql/sql_gen.h"
#include "query/clickhouse_rows.h"
#include "query/explain_result.h"
#include "query/sqlite_functions.h"
#include "store/case.h"
#include "store/sqlite_util.h"
#include "verify/kql_lint.h"

namespace quarry::query {
namespace {

// A stored SQL value as the value of a column of KQL type `type`.
Value Convert(sqlite3_stmt* stmt, int i, kql::Type type) {
  int storage = sqlite3_column_type(stmt, i);
  // Strings are never null in Kusto: a missing one is "".
  if (storage == SQLITE_NULL) return type == kql::Type::kString ? Value::String("") : Value();
  auto text = [&] {
    const unsigned char* p = sqlite3_column_text(stmt, i);
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<size_t>(sqlite3_column_bytes(stmt, i)));
  };
  if (type == kql::Type::kDateTime && storage == SQLITE_INTEGER) {
    return Value::DateTime(Timestamp{sqlite3_column_int64(stmt, i)});
  }
  if (type == kql::Type::kTimespan && storage == SQLITE_INTEGER) {
    return Value::String(kql::FormatTimespanText(sqlite3_column_int64(stmt, i)));
  }
  if (type == kql::Type::kBool && storage == SQLITE_INTEGER)
    return Value::Bool(sqlite3_column_int64(stmt, i) != 0);
  if (type == kql::Type::kDynamic && storage == SQLITE_TEXT) {
    std::string t = text();
    if (!t.empty() && (t.front() == '[' || t.front() == '{')) return Value::Dynamic(t);
    return Value::String(t);
  }
  if (type == kql::Type::kString) return Value::String(text());
  switch (storage) {
    case SQLITE_INTEGER:
      return Value::Long(sqlite3_column_int64(stmt, i));
    case SQLITE_FLOAT:
      return Value::Real(sqlite3_column_double(stmt, i));
    default:
      return Value::String(text());
  }
}

kql::Type KqlType(ValueType type) {
  switch (type) {
    case ValueType::kBool:
      return kql::Type::kBool;
    case ValueType::kLong:
      return kql::Type::kLong;
    case ValueType::kReal:
      return kql::Type::kReal;
    case ValueType::kString:
      return kql::Type::kString;
    case ValueType::kDateTime:
      return kql::Type::kDateTime;
    case ValueType::kDynamic:
      return kql::Type::kDynamic;
    case ValueType::kNull:  // a column of nulls only
      break;
  }
  return kql::Type::kUnknown;
}

// Fills result.rows from a SQLite case (at most `max_rows`, with a kql.row_cap finding past them).
Status RunOnSqlite(const store::Case& c, const std::string& plan_sql, size_t max_rows,
                   QueryResult& result) {
  RegisterKqlFunctions(c.db());
  std::string sql = "SELECT * FROM (" + plan_sql + ") LIMIT " + std::to_string(max_rows + 1);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(c.db(), sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    std::string message = sqlite3_errmsg(c.db());
    sqlite3_finalize(stmt);
    return Internal("the generated SQL did not compile (" + message + "): " + plan_sql);
  }
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (result.rows.size() == max_rows) {
      result.findings.push_back(RowCapFinding(max_rows));
      break;
    }
    std::vector<Value> row;
    row.reserve(result.columns.size());
    for (size_t i = 0; i < result.columns.size(); ++i) {
      row.push_back(Convert(stmt, static_cast<int>(i), result.columns[i].type));
    }
    result.rows.push_back(std::move(row));
  }
  std::string error = rc == SQLITE_ROW || rc == SQLITE_DONE ? "" : sqlite3_errmsg(c.db());
  sqlite3_finalize(stmt);
  if (!error.empty()) return InvalidArgument("the query failed while running: " + error);
  return Status::Ok();
}

}  // namespace

Result<kql::Catalog> CaseCatalog(const store::Case& c) {
  QUARRY_ASSIGN_OR_RETURN(auto tables, c.Tables());
  kql::Catalog catalog;
  for (const auto& t : tables) {
    QUARRY_ASSIGN_OR_RETURN(auto columns, c.ColumnTypes(t.name));
    kql::TableSchema schema;
    schema.name = t.name;
    for (const auto& column : columns) {
      schema.columns.push_back({column.name, KqlType(column.type)});
    }
    catalog.Add(std::move(schema));
  }
  return catalog;
}

namespace {

// Without a default window, a table read with no time filter is read whole: that is what a
// bounded case asks for, so the finding becomes information naming the range read.
void WholeCaseNotices(std::vector<Finding>& findings, const std::vector<store::TableInfo>& tables) {
  for (Finding& f : findings) {
    if (f.code != "kql.no_time_filter") continue;
    f.severity = Severity::kInfo;
    size_t open = f.message.find('\'');
    size_t close = f.message.find('\'', open + 1);
    if (open == std::string::npos || close == std::string::npos) continue;
    std::string name = f.message.substr(open + 1, close - open - 1);
    for (const store::TableInfo& t : tables) {
      if (t.name != name || !t.min_time || !t.max_time) continue;
      f.message += ": all of it is read, " + FormatIsoTime(*t.min_time) + " to " +
                   FormatIsoTime(*t.max_time);
    }
    f.suggestion = "add a time filter (| where TimeGenerated > ago(…)) or --window to narrow it";
  }
}

}  // namespace

Result<QueryResult> RunQuery(const std::string& case_dir, std::string_view text,
                             const QueryOptions& options) {
  QUARRY_ASSIGN_OR_RETURN(auto c, store::Case::Open(case_dir, store::Case::Mode::kOpenExisting));
  QUARRY_ASSIGN_OR_RETURN(kql::Catalog catalog, CaseCatalog(*c));
  QueryResult result;
  QUARRY_ASSIGN_OR_RETURN(auto tables, c->Tables());
  if (options.now) {
    result.now = *options.now;
  } else {
    for (const auto& t : tables) {
      if (t.max_time && t.max_time->ticks > result.now.ticks) result.now = *t.max_time;
    }
  }
  kql::ParseResult parsed = kql::Parse(text);
  kql::CheckResult check = verify::CheckKql(parsed, text, catalog, "query");
  result.findings = check.findings;
  if (!check.bound) return result;
  kql::SqliteDialect sqlite;
  kql::ClickHouseDialect clickhouse;
  const kql::SqlDialect& dialect =
      c->is_remote() ? static_cast<const kql::SqlDialect&>(clickhouse) : sqlite;
  kql::SqlOptions sql_options;
  sql_options.now_ticks = result.now.ticks;
  sql_options.window_ticks = options.default_window_ticks;
  if (options.default_window_ticks > 0) {
    std::vector<Finding> notices;
    for (const Finding& f : result.findings) {
      if (f.code != "kql.no_time_filter") continue;
      sql_options.windowed_tables.push_back(static_cast<uint32_t>(f.where.offset));
      Finding notice = f;
      notice.code = "kql.default_window";
      notice.message = "no time filter: only the last " +
                       kql::FormatTimespanText(options.default_window_ticks) +
                       " of this table (up to " + FormatIsoTime(result.now) + ") is read";
      notice.suggestion = "add a time filter (| where TimeGenerated > ago(…)) to choose the window";
      notices.push_back(std::move(notice));
    }
    for (Finding& n : notices) result.findings.push_back(std::move(n));
  } else {
    WholeCaseNotices(result.findings, tables);
  }
  kql::SqlPlan plan = kql::ToSql(parsed, text, catalog, dialect, sql_options, "query");
  for (Finding& f : plan.findings) result.findings.push_back(std::move(f));
  if (!plan.ok) return result;
  result.sql = plan.sql;
  result.columns = plan.columns;
  if (options.explain_only) return result;
  QUARRY_RETURN_IF_ERROR(c->is_remote() ? RunOnClickHouse(*c, plan.sql, options.max_rows, result)
                                        : RunOnSqlite(*c, plan.sql, options.max_rows, result));
  result.ran = true;
  std::vector<kql::SqlStep> steps = kql::PipeSteps(parsed, catalog, dialect, sql_options);
  if (result.rows.empty()) {
    ExplainEmpty(*c, steps, text, result.findings);
  } else {
    CheckAlternatives(*c, steps, text, result.findings);
  }
  return result;
}

}  // namespace quarry::query
