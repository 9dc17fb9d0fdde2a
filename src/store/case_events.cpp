// Reading a case's events back as core::Event, for engines that run over a case (quarry scan).
#include <sqlite3.h>

#include <algorithm>

#include "store/case.h"
#include "store/sqlite_util.h"

namespace quarry::store {

Status Case::ForEachEvent(const std::vector<std::string>& skip_tables,
                          const std::function<bool(const Event&)>& fn) const {
  QUARRY_ASSIGN_OR_RETURN(auto tables, Tables());
  Event e;
  for (const auto& t : tables) {
    if (std::find(skip_tables.begin(), skip_tables.end(), t.name) != skip_tables.end()) continue;
    QUARRY_ASSIGN_OR_RETURN(auto columns, Columns(t.name, 0));
    std::string sql = "SELECT ";
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i) sql += ", ";
      sql += QuoteIdent(columns[i].name);
    }
    sql += " FROM " + QuoteIdent(t.name) + " ORDER BY _eid";
    Statement q(db_, sql);
    if (!q.valid()) return q.prepare_status();
    for (;;) {
      auto row = q.Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      e.Clear();
      e.table = t.name;
      e.time.reset();
      e.provenance = {};
      for (size_t i = 0; i < columns.size(); ++i) {
        const ColumnInfo& c = columns[i];
        Value v = ReadValue(q.get(), static_cast<int>(i), c.type);
        if (c.name == "_eid") {
          e.provenance.eid = v.as_long();
          e.provenance.record = static_cast<uint64_t>(v.as_long() % kEidFileStride);
        } else if (c.name == "TimeGenerated") {
          if (v.type() == ValueType::kDateTime) e.time = v.as_time();
        } else if (c.name == "_source") {
          e.provenance.source = v.as_string();
        } else if (c.name == "_record") {
          e.provenance.offset = static_cast<uint64_t>(v.as_long());
        } else if (!v.is_null()) {
          e.Add(c.name) = std::move(v);
        }
      }
      if (!fn(e)) return Status::Ok();
    }
  }
  return Status::Ok();
}

}  // namespace quarry::store
