#include "query/clickhouse_rows.h"

#include <cmath>
#include <cstdlib>

#include "kql/sql_gen.h"
#include "store/case.h"
#include "store/clickhouse_events.h"

namespace quarry::query {
namespace {

// A field of ClickHouse's TabSeparated answer as a value of KQL type `type`.
Value Convert(const std::optional<std::string_view>& field, kql::Type type) {
  // Strings are never null in Kusto: a missing one is "".
  if (!field) return type == kql::Type::kString ? Value::String("") : Value();
  std::string text(*field);
  switch (type) {
    case kql::Type::kString:
      return Value::String(std::move(text));
    case kql::Type::kBool:
      return Value::Bool(text == "true" || std::atoll(text.c_str()) != 0);
    case kql::Type::kInt:
    case kql::Type::kLong:
      return Value::Long(std::atoll(text.c_str()));
    case kql::Type::kReal:
      return Value::Real(ClickHouseRealFromText(text));
    case kql::Type::kDateTime:
      return Value::DateTime(Timestamp{std::atoll(text.c_str())});
    case kql::Type::kTimespan:
      return Value::String(kql::FormatTimespanText(std::atoll(text.c_str())));
    case kql::Type::kDynamic:
      if (!text.empty() && (text.front() == '[' || text.front() == '{')) {
        return Value::Dynamic(std::move(text));
      }
      return Value::String(std::move(text));
    default:
      return Value::String(std::move(text));
  }
}

}  // namespace

Status RunOnClickHouse(const store::Case& c, const std::string& sql, size_t max_rows,
                       QueryResult& result) {
  QUARRY_ASSIGN_OR_RETURN(store::ClickHouseEvents * events, c.remote());
  std::string limited = "SELECT * FROM (" + sql + ") LIMIT " + std::to_string(max_rows + 1);
  bool capped = false;
  Status ran = events->Select(limited, [&](const store::TsvRow& fields) {
    if (result.rows.size() == max_rows) {
      capped = true;
      return false;
    }
    std::vector<Value> row;
    row.reserve(result.columns.size());
    for (size_t i = 0; i < result.columns.size(); ++i) {
      row.push_back(Convert(i < fields.size() ? fields[i] : std::nullopt, result.columns[i].type));
    }
    result.rows.push_back(std::move(row));
    return true;
  });
  if (!ran.ok()) {
    return InvalidArgument("the query failed on ClickHouse (" + ran.message() + "): " + sql);
  }
  if (capped) result.findings.push_back(RowCapFinding(max_rows));
  return Status::Ok();
}

Finding RowCapFinding(size_t max_rows) {
  Finding f;
  f.severity = Severity::kWarning;
  f.code = "kql.row_cap";
  f.message = "more than " + std::to_string(max_rows) + " rows: the result was cut there";
  f.suggestion = "summarize, filter further, or add | take N";
  return f;
}

}  // namespace quarry::query
