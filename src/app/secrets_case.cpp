// Secrets in a case's events: the values of every string and dynamic column (command lines,
// URLs, script blocks, raw messages), each finding tied to its event.
#include <map>

#include "app/secrets.h"
#include "store/case.h"
#include "store/sqlite_util.h"

namespace quarry::app {

void ScanCaseEvents(const secrets::Scanner& scanner, const std::string& case_dir,
                    secrets::SourceScan& out) {
  auto opened = store::Case::Open(case_dir, store::Case::Mode::kOpenExisting);
  if (!opened.ok()) {
    out.problems.push_back(ErrorAt("secrets.case", opened.status().message(), case_dir));
    return;
  }
  const store::Case& c = **opened;
  if (Status local = c.RequireSqliteEvents("quarry secrets scan --case"); !local.ok()) {
    out.problems.push_back(ErrorAt("secrets.case", local.message(), case_dir));
    return;
  }
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
  for (const auto& t : *tables) {
    auto columns = c.ColumnTypes(t.name);
    if (!columns.ok()) {
      out.problems.push_back(ErrorAt("secrets.case", columns.status().message(), t.name));
      continue;
    }
    std::vector<std::string> names;
    for (const auto& col : *columns) {
      bool text = col.type == ValueType::kString || col.type == ValueType::kDynamic;
      if (text && col.name != store::kSourceColumn) names.push_back(col.name);
    }
    if (names.empty()) continue;
    std::string sql = "SELECT _eid";
    for (const auto& n : names) sql += ", " + store::QuoteIdent(n);
    sql += " FROM " + store::QuoteIdent(t.name) + " ORDER BY _eid";
    store::Statement q(c.db(), sql);
    if (!q.valid()) {
      out.problems.push_back(ErrorAt("secrets.case", q.prepare_status().message(), t.name));
      continue;
    }
    for (;;) {
      auto row = q.Step();
      if (!row.ok()) {
        out.problems.push_back(ErrorAt("secrets.case", row.status().message(), t.name));
        break;
      }
      if (!*row) break;
      int64_t eid = q.ColumnInt(0);
      for (size_t i = 0; i < names.size(); ++i) {
        int col = static_cast<int>(i) + 1;
        if (q.ColumnType(col) != SQLITE_TEXT) continue;
        std::string_view value = q.ColumnText(col);
        if (value.empty()) continue;
        found.clear();
        scanner.Scan(value, t.name + "/" + names[i], *scratch, found);
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
          f.table = t.name;
          f.field = names[i];
          f.file = t.name;
          f.fingerprint = secrets::FingerprintOf(f.rule_id, "case", f.secret);
          out.findings.push_back(std::move(f));
        }
      }
    }
  }
}

}  // namespace quarry::app
