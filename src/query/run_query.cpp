#include "query/run_query.h"

#include <algorithm>

#include "core/strings.h"

#include "kql/binder.h"
#include "kql/sql_gen.h"
#include "query/clickhouse_rows.h"
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

int64_t CountRows(sqlite3* db, const std::string& sql) {
  std::string count = "SELECT COUNT(*) FROM (" + sql + ")";
  sqlite3_stmt* stmt = nullptr;
  int64_t n = -1;
  if (sqlite3_prepare_v2(db, count.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    n = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  return n;
}

// The values of `column` in the rows of `sql` closest to `literal` (whole values, and their last
// path component, compared ignoring case), best first, at most 3.
std::vector<std::string> NearestValues(sqlite3* db, const std::string& sql,
                                       const std::string& column, const std::string& literal) {
  std::string query = "SELECT DISTINCT CAST(\"" + column + "\" AS TEXT) FROM (" + sql +
                      ") WHERE \"" + column + "\" IS NOT NULL LIMIT 20000";
  sqlite3_stmt* stmt = nullptr;
  std::vector<std::pair<size_t, std::string>> scored;
  size_t limit = std::max<size_t>(2, literal.size() / 4);
  if (sqlite3_prepare_v2(db, query.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const unsigned char* p = sqlite3_column_text(stmt, 0);
      if (p == nullptr) continue;
      std::string value(reinterpret_cast<const char*>(p));
      size_t slash = value.find_last_of("\\/");
      std::string_view tail = slash == std::string::npos
                                  ? std::string_view(value)
                                  : std::string_view(value).substr(slash + 1);
      size_t d = std::min(EditDistance(literal, value, true), EditDistance(literal, tail, true));
      if (d <= limit) scored.push_back({d, value});
    }
  }
  sqlite3_finalize(stmt);
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
  return out;
}

// For a query that returned nothing: the step of its final pipe after which no row was left,
// and the conditions of that `where` that keep no row on their own.
void ExplainEmpty(sqlite3* db, const std::vector<kql::SqlStep>& steps, std::string_view text,
                  std::vector<Finding>& findings) {
  if (steps.empty()) return;
  auto snippet = [&](kql::Span span) {
    std::string s(text.substr(span.begin, span.end - span.begin));
    return s.size() > 80 ? s.substr(0, 77) + "..." : s;
  };
  auto closest = [&](const kql::SqlStep& step) {
    if (step.column.find('"') != std::string::npos || step.column.empty()) return std::string();
    std::vector<std::string> near = NearestValues(db, step.input_sql, step.column, step.literal);
    if (near.empty()) return std::string();
    std::string out = "closest values of " + step.column + ": ";
    for (size_t i = 0; i < near.size(); ++i) out += (i ? ", '" : "'") + near[i] + "'";
    return out;
  };
  auto add = [&](kql::Span span, std::string message, std::string suggestion) {
    findings.push_back(kql::FindingAt(Severity::kWarning, "kql.empty_result", std::move(message),
                                      span, text, "query", std::move(suggestion)));
  };
  int64_t before = CountRows(db, steps[0].sql);
  if (before == 0) {
    add(steps[0].span,
        "the result is empty because '" + snippet(steps[0].span) +
            "' has no rows here (in the case, or in the time window read)",
        "check the table name and the time window");
    return;
  }
  std::vector<const kql::SqlStep*> conjuncts;
  for (size_t i = 1; i < steps.size(); ++i) {
    const kql::SqlStep& step = steps[i];
    if (step.kind == "alternative") continue;
    if (step.kind == "conjunct") {
      conjuncts.push_back(&step);
      continue;
    }
    int64_t after = CountRows(db, step.sql);
    if (after == 0 && before > 0) {
      std::string near = closest(step);
      add(step.span,
          "the result is empty from here: '" + snippet(step.span) + "' removed the last " +
              std::to_string(before) + " row(s)",
          near.empty() ? "relax this condition, or check the values it compares with" : near);
      for (const kql::SqlStep* c : conjuncts) {
        if (CountRows(db, c->sql) == 0) {
          std::string hint = closest(*c);
          add(c->span,
              "on its own, '" + snippet(c->span) + "' keeps none of the " + std::to_string(before) +
                  " row(s)",
              hint.empty() ? "check this value against the column's values (quarry schema TABLE "
                             "--top N)"
                           : hint);
        }
      }
      return;
    }
    conjuncts.clear();
    before = after;
  }
}

// For a query that returned rows: each string comparison under an `or` that matches no row
// of its input, with the column's closest values (a misspelt alternative hides behind the
// others).
void CheckAlternatives(sqlite3* db, const std::vector<kql::SqlStep>& steps, std::string_view text,
                       std::vector<Finding>& findings) {
  for (const kql::SqlStep& step : steps) {
    if (step.kind != "alternative") continue;
    sqlite3_stmt* stmt = nullptr;
    std::string exists = "SELECT EXISTS (" + step.sql + ")";
    bool any = true;
    if (sqlite3_prepare_v2(db, exists.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      any = sqlite3_column_int(stmt, 0) != 0;
    }
    sqlite3_finalize(stmt);
    if (any) continue;
    std::string hint = "check this value against the column's values";
    if (step.column.find('"') == std::string::npos) {
      std::vector<std::string> near = NearestValues(db, step.input_sql, step.column, step.literal);
      if (!near.empty()) {
        hint = "closest values of " + step.column + ": ";
        for (size_t i = 0; i < near.size(); ++i) hint += (i ? ", '" : "'") + near[i] + "'";
      }
    }
    std::string snippet(text.substr(step.span.begin, step.span.end - step.span.begin));
    findings.push_back(kql::FindingAt(
        Severity::kWarning, "kql.literal_not_found",
        "'" + snippet + "' matches no row it is applied to: this alternative never contributes",
        step.span, text, "query", std::move(hint)));
  }
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
  if (c->is_remote()) {
    QUARRY_RETURN_IF_ERROR(RunOnClickHouse(*c, plan.sql, options.max_rows, result));
    result.ran = true;
    return result;
  }
  RegisterKqlFunctions(c->db());
  std::string sql =
      "SELECT * FROM (" + plan.sql + ") LIMIT " + std::to_string(options.max_rows + 1);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(c->db(), sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    std::string message = sqlite3_errmsg(c->db());
    sqlite3_finalize(stmt);
    return Internal("the generated SQL did not compile (" + message + "): " + plan.sql);
  }
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (result.rows.size() == options.max_rows) {
      Finding f;
      f.severity = Severity::kWarning;
      f.code = "kql.row_cap";
      f.message =
          "more than " + std::to_string(options.max_rows) + " rows: the result was cut there";
      f.suggestion = "summarize, filter further, or add | take N";
      result.findings.push_back(std::move(f));
      break;
    }
    std::vector<Value> row;
    row.reserve(result.columns.size());
    for (size_t i = 0; i < result.columns.size(); ++i) {
      row.push_back(Convert(stmt, static_cast<int>(i), result.columns[i].type));
    }
    result.rows.push_back(std::move(row));
  }
  std::string error = rc == SQLITE_ROW || rc == SQLITE_DONE ? "" : sqlite3_errmsg(c->db());
  sqlite3_finalize(stmt);
  if (!error.empty()) return InvalidArgument("the query failed while running: " + error);
  result.ran = true;
  std::vector<kql::SqlStep> steps = kql::PipeSteps(parsed, catalog, dialect, sql_options);
  if (result.rows.empty()) {
    ExplainEmpty(c->db(), steps, text, result.findings);
  } else {
    CheckAlternatives(c->db(), steps, text, result.findings);
  }
  return result;
}

}  // namespace quarry::query
