#include "app/case_info.h"

#include <cmath>
#include <memory>

#include "core/json.h"
#include "store/case.h"

namespace quarry::app {
namespace {

Result<std::unique_ptr<store::Case>> Open(const std::string& case_dir) {
  return store::Case::Open(case_dir, store::Case::Mode::kOpenExisting);
}

Value TimeOrNull(const std::optional<Timestamp>& t) {
  return t ? Value::DateTime(*t) : Value();
}

}  // namespace

Result<TablesReport> CaseTables(const std::string& case_dir) {
  QUARRY_ASSIGN_OR_RETURN(auto c, Open(case_dir));
  QUARRY_ASSIGN_OR_RETURN(auto tables, c->Tables());
  TablesReport report;
  report.table.columns = {"table", "rows", "min_time", "max_time", "columns"};
  for (const auto& t : tables) {
    report.table.rows.push_back({Value::String(t.name), Value::Long(t.rows), TimeOrNull(t.min_time),
                                 TimeOrNull(t.max_time), Value::Long(t.columns)});
    report.total_rows += t.rows;
  }
  return report;
}

Result<Table> CaseSchema(const std::string& case_dir, const std::string& table, size_t top,
                         bool structured) {
  QUARRY_ASSIGN_OR_RETURN(auto c, Open(case_dir));
  auto columns = c->Columns(table, top);
  if (!columns.ok()) {
    std::string message = columns.status().message();
    auto tables = c->Tables();
    if (tables.ok() && !tables->empty()) {
      message += "; tables are:";
      for (const auto& t : *tables) message += " " + t.name;
    }
    return Status(columns.status().code(), message);
  }
  Table out;
  out.columns = {"column", "type", "fill_rate", "distinct", "top_values"};
  for (const auto& col : *columns) {
    Value top_values;
    if (structured) {
      std::string json;
      JsonWriter w(json);
      w.BeginArray();
      for (const auto& [value, count] : col.top_values) {
        w.BeginObject().Field("value", value).Field("count", count).EndObject();
      }
      w.EndArray();
      top_values = Value::Dynamic(json);
    } else {
      std::string text;
      for (const auto& [value, count] : col.top_values) {
        if (!text.empty()) text += ", ";
        text += value + " (" + std::to_string(count) + ")";
      }
      top_values = Value::String(text);
    }
    double fill = static_cast<double>(std::lround(col.fill_rate * 1000)) / 1000;
    out.rows.push_back({Value::String(col.name), Value::String(ValueTypeName(col.type)),
                        Value::Real(fill), Value::Long(col.distinct_estimate),
                        std::move(top_values)});
  }
  return out;
}

Result<Table> CaseEvent(const std::string& case_dir, int64_t eid, bool vertical) {
  QUARRY_ASSIGN_OR_RETURN(auto c, Open(case_dir));
  QUARRY_ASSIGN_OR_RETURN(auto found, c->FindEvent(eid));
  if (!found) return NotFound("no event with _eid " + std::to_string(eid) + " in " + case_dir);
  const store::StoredEvent& e = *found;
  Table out;
  if (vertical) {
    out.columns = {"field", "value"};
    out.rows.push_back({Value::String("(table)"), Value::String(e.table)});
    for (const auto& [name, value] : e.fields) out.rows.push_back({Value::String(name), value});
    if (e.file) {
      out.rows.push_back({Value::String("(file sha256)"), Value::String(e.file->sha256)});
      out.rows.push_back({Value::String("(file format)"), Value::String(e.file->format)});
    }
    return out;
  }
  out.columns.push_back("_table");
  std::vector<Value> row{Value::String(e.table)};
  for (const auto& [name, value] : e.fields) {
    out.columns.push_back(name);
    row.push_back(value);
  }
  if (e.file) {
    out.columns.push_back("_file_sha256");
    row.push_back(Value::String(e.file->sha256));
  }
  out.rows.push_back(std::move(row));
  return out;
}

Result<Table> CaseFiles(const std::string& case_dir) {
  QUARRY_ASSIGN_OR_RETURN(auto c, Open(case_dir));
  QUARRY_ASSIGN_OR_RETURN(auto files, c->Files());
  Table out;
  out.columns = {"file_id", "path", "format", "status", "records", "skipped", "sha256"};
  for (const auto& f : files) {
    out.rows.push_back({Value::Long(f.file_id), Value::String(f.path), Value::String(f.format),
                        Value::String(f.status), Value::Long(f.records), Value::Long(f.skipped),
                        Value::String(f.sha256)});
  }
  return out;
}

Result<Table> CaseDigest(const std::string& case_dir) {
  QUARRY_ASSIGN_OR_RETURN(auto c, Open(case_dir));
  QUARRY_ASSIGN_OR_RETURN(auto digest, c->ContentDigest());
  QUARRY_ASSIGN_OR_RETURN(auto tables, c->Tables());
  int64_t rows = 0;
  for (const auto& t : tables) rows += t.rows;
  Table out;
  out.columns = {"tables", "rows", "sha256"};
  out.rows.push_back(
      {Value::Long(static_cast<int64_t>(tables.size())), Value::Long(rows), Value::String(digest)});
  return out;
}

}  // namespace quarry::app
