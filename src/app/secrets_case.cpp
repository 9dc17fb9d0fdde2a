// Secrets in a case's events: the values of every string and dynamic column (command lines,
// URLs, script blocks, raw messages), each finding tied to its event.
#include <functional>
#include <map>
#include <string_view>

#include "app/secrets.h"
#include "store/case.h"
#include "store/sqlite_util.h"

namespace quarry::app {

namespace {

using ValueScan = std::function<void(int64_t eid, size_t column, std::string_view value)>;

// A SQLite case's text values: only those stored as text (a number kept in a column widened to
// text is not a secret).
Status ScanSqliteTable(const store::Case& c, const std::string& table,
                       const std::vector<std::string>& names, const ValueScan& scan) {
  std::string sql = "SELECT _eid";
  for (const auto& n : names) sql += ", " + store::QuoteIdent(n);
  sql += " FROM " + store::QuoteIdent(table) + " ORDER BY _eid";
  store::Statement q(c.db(), sql);
  if (!q.valid()) return q.prepare_status();
  for (;;) {
    QUARRY_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return Status::Ok();
    int64_t eid = q.ColumnInt(0);
    for (size_t i = 0; i < names.size(); ++i) {
      int col = static_cast<int>(i) + 1;
      if (q.ColumnType(col) == SQLITE_TEXT) scan(eid, i, q.ColumnText(col));
    }
  }
}

// A ClickHouse case's: `columns` are _eid and then the text columns.
Status ScanRemoteTable(const store::Case& c, const std::string& table,
                       const std::vector<store::ColumnInfo>& columns, const ValueScan& scan) {
  // Small blocks: sorting every text column of a large table in _eid order in blocks of 65,536
  // rows outgrew the server's memory (as the scan's reads did).
  return c.ReadRows(table, columns, "ORDER BY _eid SETTINGS max_block_size = 8192",
                    [&](std::vector<Value>& row) {
                      int64_t eid = row[0].as_long();
                      for (size_t i = 1; i < row.size(); ++i) {
                        if (!row[i].is_null()) scan(eid, i - 1, row[i].as_string());
                      }
                      return true;
                    });
}

}  // namespace

void ScanCaseEvents(const secrets::Scanner& scanner, const std::string& case_dir,
                    secrets::SourceScan& out) {
  auto opened = store::Case::Open(case_dir, store::Case::Mode::kOpenExisting);
  if (!opened.ok()) {
    out.problems.push_back(ErrorAt("secrets.case", opened.status().message(), case_dir));
    return;
  }
  const store::Case& c = **opened;
  auto tables = c.Tables();
  if (!tables.ok()) {
    out.problems.push_back(ErrorAt("secrets.case", tables.status().message(), case_dir));
    return;
  }
  auto scratch = scanner.NewScratch();
  std::vector<secrets::SecretFinding> found;
  // The same credential logged again and again (every CloudTrail call of one key) is one
  // finding with the events that hold it (each event counted once).
  std::map<std::pair<std::string, std::string>, std::pair<size_t, int64_t>>
      seen;  // index, last _eid
  std::string table;
  std::vector<std::string> names;
  auto scan_value = [&](int64_t eid, size_t column, std::string_view value) {
    if (value.empty()) return;
    found.clear();
    scanner.Scan(value, table + "/" + names[column], *scratch, found);
    ++out.stats.files;
    out.stats.bytes += value.size();
    for (auto& f : found) {
      auto [it, added] = seen.emplace(std::make_pair(f.rule_id, f.secret),
                                      std::make_pair(out.findings.size(), eid));
      if (!added) {
        secrets::SecretFinding& first = out.findings[it->second.first];
        if (it->second.second != eid) {  // events come in _eid order within a table
          it->second.second = eid;
          ++first.occurrences;
          if (first.more_eids.size() < 20) first.more_eids.push_back(eid);
        }
        continue;
      }
      f.eid = eid;
      f.table = table;
      f.field = names[column];
      f.file = table;
      f.fingerprint = secrets::FingerprintOf(f.rule_id, "case", f.secret);
      out.findings.push_back(std::move(f));
    }
  };
  for (const auto& t : *tables) {
    auto columns = c.ColumnTypes(t.name);
    if (!columns.ok()) {
      out.problems.push_back(ErrorAt("secrets.case", columns.status().message(), t.name));
      continue;
    }
    table = t.name;
    names.clear();
    std::vector<store::ColumnInfo> read(1);
    read[0].name = store::kEidColumn;
    read[0].type = ValueType::kLong;
    for (const auto& col : *columns) {
      bool text = col.type == ValueType::kString || col.type == ValueType::kDynamic;
      if (text && col.name != store::kSourceColumn) {
        names.push_back(col.name);
        read.push_back(col);
      }
    }
    if (names.empty()) continue;
    Status status = c.is_remote() ? ScanRemoteTable(c, table, read, scan_value)
                                  : ScanSqliteTable(c, table, names, scan_value);
    if (!status.ok()) out.problems.push_back(ErrorAt("secrets.case", status.message(), t.name));
  }
}

}  // namespace quarry::app
