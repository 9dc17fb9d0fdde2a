#include "ir/timeline.h"

#include <algorithm>
#include <memory>

#include "store/sqlite_util.h"

namespace quarry::ir {
namespace {

bool Has(const std::vector<store::ColumnInfo>& columns, const std::string& name) {
  return std::any_of(columns.begin(), columns.end(),
                     [&](const store::ColumnInfo& c) { return c.name == name; });
}

std::string Quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Text for a LIKE pattern, with the user's % and _ taken literally (ESCAPE '\\').
std::string LikeLiteral(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string ContainsPattern(const std::string& text) {
  return "%" + LikeLiteral(text) + "%";
}

// One table's rows that pass the filter, in time order, read one at a time.
struct Cursor {
  std::string table;
  std::vector<store::ColumnInfo> columns;
  store::Statement stmt;
  std::vector<std::string> texts;  // bound parameters, kept alive while the statement runs
  TimelineEntry current;
  bool done = false;

  Status Next() {
    QUARRY_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) {
      done = true;
      return Status::Ok();
    }
    current.table = table;
    current.fields.clear();
    current.host.clear();
    for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
      const store::ColumnInfo& col = columns[static_cast<size_t>(i)];
      Value v = store::ReadValue(stmt.get(), i, col.type);
      if (col.name == store::kEidColumn) {
        current.eid = v.as_long();
      } else if (col.name == store::kTimeColumn) {
        current.time = v.type() == ValueType::kDateTime ? v.as_time() : Timestamp{v.as_long()};
      } else if (!v.is_null()) {
        if (col.name == "Computer") current.host = v.ToText();
        current.fields.emplace_back(col.name, std::move(v));
      }
    }
    current.message = MessageFor(table, current.fields, &current.kind);
    return Status::Ok();
  }
};

// The cursor for one table, or nullptr when the filter names something the table cannot have
// (a host filter on a table without hosts, say).
Result<std::unique_ptr<Cursor>> OpenCursor(const store::Case& c, const std::string& table,
                                           const TimelineFilter& f) {
  auto cursor = std::make_unique<Cursor>();
  cursor->table = table;
  QUARRY_ASSIGN_OR_RETURN(cursor->columns, c.ColumnTypes(table));
  const auto& columns = cursor->columns;
  if (!Has(columns, store::kEidColumn) || !Has(columns, store::kTimeColumn))
    return std::unique_ptr<Cursor>();
  std::vector<std::string> where;
  auto& texts = cursor->texts;
  auto any_of = [&](const std::vector<std::string>& names, const std::string& value,
                    bool contains) -> bool {
    std::string clause;
    for (const std::string& name : names) {
      if (!Has(columns, name)) continue;
      texts.push_back(contains ? ContainsPattern(value) : value);
      clause += (clause.empty() ? "" : " OR ") + Quoted(name) +
                (contains ? " LIKE ?" + std::to_string(texts.size()) + " ESCAPE '\\'"
                          : " = ?" + std::to_string(texts.size()) + " COLLATE NOCASE");
    }
    if (clause.empty()) return false;
    where.push_back("(" + clause + ")");
    return true;
  };
  if (!f.host.empty()) {
    if (!Has(columns, "Computer")) return std::unique_ptr<Cursor>();
    texts.push_back(f.host);
    texts.push_back(LikeLiteral(f.host) + ".%");  // WS01 is WS01.corp.example too
    where.push_back("(\"Computer\" = ?" + std::to_string(texts.size() - 1) +
                    " COLLATE NOCASE OR \"Computer\" LIKE ?" + std::to_string(texts.size()) +
                    " ESCAPE '\\')");
  }
  if (!f.user.empty() && !any_of(UserColumns(), f.user, true)) return std::unique_ptr<Cursor>();
  if (!f.process.empty() && !any_of(ProcessColumns(), f.process, true))
    return std::unique_ptr<Cursor>();
  if (!f.ip.empty() && !any_of(IpColumns(), f.ip, false)) return std::unique_ptr<Cursor>();
  if (!f.event_ids.empty() && Has(columns, "EventID")) {
    std::string list;
    // As numbers and as text: a column's values may be either, whatever the evidence held.
    for (int64_t id : f.event_ids) {
      if (!list.empty()) list += ", ";
      list.append(std::to_string(id)).append(", '").append(std::to_string(id)).append("'");
    }
    where.push_back("\"EventID\" IN (" + list + ")");
  }
  if (!f.eids.empty()) {
    std::string list;
    for (int64_t id : f.eids) list += (list.empty() ? "" : ", ") + std::to_string(id);
    where.push_back("\"_eid\" IN (" + list + ")");
  }
  if (!f.linked_eids.empty()) {
    std::string list;
    for (int64_t id : f.linked_eids) list += (list.empty() ? "" : ", ") + std::to_string(id);
    where.push_back("(\"_eid\" IN (" + list + ")" +
                    (Has(columns, "EventEid") ? " OR \"EventEid\" IN (" + list + "))" : ")"));
  }
  int next = static_cast<int>(texts.size());
  if (f.from) where.push_back("\"TimeGenerated\" >= ?" + std::to_string(++next));
  if (f.to) where.push_back("\"TimeGenerated\" <= ?" + std::to_string(++next));
  std::string select;
  for (const auto& col : columns) select += (select.empty() ? "" : ", ") + Quoted(col.name);
  std::string sql = "SELECT " + select + " FROM " + Quoted(table);
  for (size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
  sql += " ORDER BY \"TimeGenerated\", \"_eid\"";
  cursor->stmt = store::Statement(c.db(), sql);
  if (!cursor->stmt.valid()) return cursor->stmt.prepare_status();
  int i = 0;
  for (const std::string& t : texts) cursor->stmt.BindText(++i, t);
  if (f.from) cursor->stmt.BindInt(++i, f.from->ticks);
  if (f.to) cursor->stmt.BindInt(++i, f.to->ticks);
  QUARRY_RETURN_IF_ERROR(cursor->Next());
  return cursor;
}

}  // namespace

std::string FieldValue(const TimelineEntry& e, std::string_view name) {
  for (const auto& [k, v] : e.fields) {
    if (k == name) return v.is_null() ? "" : v.ToText();
  }
  return "";
}

std::string ShortHost(const std::string& host) {
  return host.substr(0, host.find('.'));
}

const std::vector<std::string>& UserColumns() {
  static const std::vector<std::string> kColumns = {"TargetUserName",
                                                    "SubjectUserName",
                                                    "User",
                                                    "UserIdentityUserName",
                                                    "UserIdentityArn",
                                                    "SessionIssuerUserName",
                                                    "AccountName",
                                                    "ParentUser",
                                                    "SourceUser",
                                                    "TargetUser",
                                                    "UserName",
                                                    "uid_name",
                                                    "acct"};
  return kColumns;
}

const std::vector<std::string>& ProcessColumns() {
  static const std::vector<std::string> kColumns = {"Image",
                                                    "NewProcessName",
                                                    "ParentImage",
                                                    "ParentProcessName",
                                                    "ProcessName",
                                                    "SourceImage",
                                                    "TargetImage",
                                                    "CommandLine",
                                                    "ParentCommandLine",
                                                    "ImagePath",
                                                    "ServiceFileName",
                                                    "exe",
                                                    "comm",
                                                    "proctitle"};
  return kColumns;
}

const std::vector<std::string>& IpColumns() {
  static const std::vector<std::string> kColumns = {
      "IpAddress",       "SourceIp",      "DestinationIp", "SourceIpAddress",
      "ClientIPAddress", "SourceAddress", "DestAddress",   "RemoteIP",
      "HostIP",          "src_ip",        "dst_ip",        "addr"};
  return kColumns;
}

Result<TimelineStats> ReadTimeline(const store::Case& c, const TimelineFilter& filter,
                                   const std::function<bool(const TimelineEntry&)>& fn) {
  QUARRY_RETURN_IF_ERROR(c.RequireSqliteEvents("the timeline"));
  QUARRY_ASSIGN_OR_RETURN(auto tables, c.Tables());
  std::vector<std::unique_ptr<Cursor>> cursors;
  TimelineStats stats;
  for (const auto& t : tables) {
    bool alerts = t.name == kAlertsTable;
    if (!filter.tables.empty() &&
        std::find(filter.tables.begin(), filter.tables.end(), t.name) == filter.tables.end()) {
      continue;
    }
    if ((filter.alerts_only && !alerts) || (alerts && !filter.with_alerts && !filter.alerts_only)) {
      continue;
    }
    QUARRY_ASSIGN_OR_RETURN(auto cursor, OpenCursor(c, t.name, filter));
    if (!cursor) continue;
    ++stats.tables;
    if (!cursor->done) cursors.push_back(std::move(cursor));
  }
  // Merge by (time, _eid): a handful of tables, so a scan for the smallest beats a heap.
  while (!cursors.empty()) {
    size_t best = 0;
    for (size_t i = 1; i < cursors.size(); ++i) {
      const TimelineEntry& a = cursors[i]->current;
      const TimelineEntry& b = cursors[best]->current;
      if (a.time < b.time || (a.time == b.time && a.eid < b.eid)) best = i;
    }
    if (filter.limit > 0 && stats.entries == filter.limit) {
      stats.truncated = true;
      break;
    }
    ++stats.entries;
    if (!fn(cursors[best]->current)) break;
    QUARRY_RETURN_IF_ERROR(cursors[best]->Next());
    if (cursors[best]->done) cursors.erase(cursors.begin() + static_cast<std::ptrdiff_t>(best));
  }
  return stats;
}

}  // namespace quarry::ir
