// Reading a case's events back, from its own events.db or from ClickHouse: as rows of catalog
// types (ReadRows) and as core::Event for engines that run over a case (quarry scan).
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "store/case.h"
#include "store/clickhouse_events.h"
#include "store/sqlite_util.h"

namespace quarry::store {
namespace {

// A field of a ClickHouse answer as a value of the column's catalog type.
Value FromText(const std::optional<std::string_view>& text, ValueType type) {
  if (!text) return Value();
  std::string s(*text);
  switch (type) {
    case ValueType::kBool:
      return Value::Bool(std::atoll(s.c_str()) != 0);
    case ValueType::kLong:
      return Value::Long(std::atoll(s.c_str()));
    case ValueType::kDateTime:
      return Value::DateTime(Timestamp{std::atoll(s.c_str())});
    case ValueType::kReal:
      return Value::Real(ClickHouseRealFromText(s));
    case ValueType::kDynamic:
      return Value::Dynamic(std::move(s));
    default:
      return Value::String(std::move(s));
  }
}

}  // namespace

Result<ClickHouseEvents*> Case::remote() const {
  if (!remote_location_) return Internal("case " + dir_ + " keeps its events in SQLite");
  if (!remote_) {
    QUARRY_ASSIGN_OR_RETURN(remote_, ClickHouseEvents::Connect(*remote_location_));
  }
  return remote_.get();
}

Status Case::SelectText(const std::string& sqlite_sql, const std::string& clickhouse_sql,
                        const std::function<bool(const TextRow&)>& fn) const {
  TextRow row;
  if (is_remote()) {
    QUARRY_ASSIGN_OR_RETURN(ClickHouseEvents * events, remote());
    return events->Select(clickhouse_sql, [&](const TsvRow& fields) {
      row.assign(fields.size(), std::nullopt);
      for (size_t i = 0; i < fields.size(); ++i) {
        if (fields[i]) row[i] = std::string(*fields[i]);
      }
      return fn(row);
    });
  }
  Statement q(db_, sqlite_sql);
  if (!q.valid()) return q.prepare_status();
  for (;;) {
    QUARRY_ASSIGN_OR_RETURN(bool more, q.Step());
    if (!more) break;
    row.assign(static_cast<size_t>(q.ColumnCount()), std::nullopt);
    for (size_t i = 0; i < row.size(); ++i) {
      if (!q.ColumnIsNull(static_cast<int>(i)))
        row[i] = std::string(q.ColumnText(static_cast<int>(i)));
    }
    if (!fn(row)) break;
  }
  return Status::Ok();
}

std::string Case::StoreName() const {
  return remote_location_ ? remote_location_->Url() : std::string("sqlite");
}

Status Case::ReadRows(const std::string& table, const std::vector<ColumnInfo>& columns,
                      const std::string& tail,
                      const std::function<bool(std::vector<Value>&)>& fn) const {
  std::vector<Value> row(columns.size());
  if (is_remote()) {
    QUARRY_ASSIGN_OR_RETURN(ClickHouseEvents * events, remote());
    std::string sql = "SELECT ";
    for (size_t i = 0; i < columns.size(); ++i) {
      sql += (i ? ", " : "") + ClickHouseIdent(columns[i].name);
    }
    sql += " FROM " + events->ReadTable(table) + " " + tail;
    return events->Select(sql, [&](const TsvRow& fields) {
      for (size_t i = 0; i < columns.size(); ++i) {
        row[i] = i < fields.size() ? FromText(fields[i], columns[i].type) : Value();
      }
      return fn(row);
    });
  }
  std::string sql = "SELECT ";
  for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + QuoteIdent(columns[i].name);
  sql += " FROM " + QuoteIdent(table) + " " + tail;
  Statement q(db_, sql);
  if (!q.valid()) return q.prepare_status();
  for (;;) {
    auto more = q.Step();
    if (!more.ok()) return more.status();
    if (!*more) break;
    for (size_t i = 0; i < columns.size(); ++i) {
      row[i] = ReadValue(q.get(), static_cast<int>(i), columns[i].type);
    }
    if (!fn(row)) break;
  }
  return Status::Ok();
}

// PREWHERE makes ClickHouse read the other columns only of the granules holding a row that
// passes. With a condition, the rows' ids are found first (the condition tested only on the rows
// the gate passes, reading only its columns), then the rows of those ids are read: each step
// reads few columns of most granules, or many columns of few.
Result<std::string> Case::RemoteFilterClause(const std::string& table,
                                             const EventFilter& filter) const {
  if (filter.condition.empty()) return filter.gate.empty() ? "" : "PREWHERE " + filter.gate;
  QUARRY_ASSIGN_OR_RETURN(ClickHouseEvents * events, remote());
  std::string ids = "SELECT " + std::string(kEidColumn) + " FROM " + events->ReadTable(table);
  if (!filter.gate.empty()) ids += " PREWHERE " + filter.gate;
  ids += " WHERE " + filter.condition;
  return "PREWHERE " + std::string(kEidColumn) + " GLOBAL IN (" + ids + ")";
}

Status Case::ForEachEvent(const std::vector<std::string>& skip_tables,
                          const std::function<bool(const Event&)>& fn,
                          const RowFilter& rows) const {
  QUARRY_ASSIGN_OR_RETURN(auto tables, Tables());
  Event e;
  bool stopped = false;
  for (const auto& t : tables) {
    if (stopped) break;
    if (std::find(skip_tables.begin(), skip_tables.end(), t.name) != skip_tables.end()) continue;
    QUARRY_ASSIGN_OR_RETURN(auto columns, ColumnTypes(t.name));
    std::string tail = "ORDER BY _eid";
    if (is_remote()) {
      if (rows) {
        std::optional<EventFilter> filter = rows(t, columns);
        if (!filter) continue;
        QUARRY_ASSIGN_OR_RETURN(std::string where, RemoteFilterClause(t.name, *filter));
        if (!where.empty()) tail = where + " " + tail;
      }
      // Sorting a whole wide table: with 18.16's default blocks of 65,536 rows, the merge of the
      // sorted runs spilled to disk outgrows a 4 GB memory limit (3.3M rows of 108 columns).
      tail += " SETTINGS max_block_size = 8192";
    }
    QUARRY_RETURN_IF_ERROR(ReadRows(t.name, columns, tail, [&](std::vector<Value>& row) {
      e.Clear();
      e.table = t.name;
      e.time.reset();
      e.provenance = {};
      for (size_t i = 0; i < columns.size(); ++i) {
        const ColumnInfo& c = columns[i];
        Value& v = row[i];
        if (c.name == kEidColumn) {
          e.provenance.eid = v.as_long();
          e.provenance.record = static_cast<uint64_t>(v.as_long() % kEidFileStride);
        } else if (c.name == kTimeColumn) {
          if (v.type() == ValueType::kDateTime) e.time = v.as_time();
        } else if (c.name == kSourceColumn) {
          e.provenance.source = v.as_string();
        } else if (c.name == kRecordColumn) {
          e.provenance.offset = static_cast<uint64_t>(v.as_long());
        } else if (!v.is_null()) {
          e.Add(c.name) = std::move(v);
        }
      }
      if (!fn(e)) stopped = true;
      return !stopped;
    }));
  }
  return Status::Ok();
}

}  // namespace quarry::store
