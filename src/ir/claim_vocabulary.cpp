// The names a case knows, so a plain word in a sentence ("pgustavo", "UpdaterSvc") is read as a
// name only when the evidence has such a name somewhere.
#include <algorithm>
#include <fstream>
#include <functional>

#include "core/clickhouse_sql.h"
#include "core/strings.h"
#include "ir/claim_check.h"
#include "store/sqlite_util.h"

namespace quarry::ir {
namespace {

constexpr int kMaxValuesPerColumn = 20000;

void AddName(CaseVocabulary& v, std::string_view text) {
  std::string lower = AsciiToLower(TrimAscii(text));
  if (lower.size() < 2 || lower == "-") return;
  v.names.insert(lower);
  size_t dot = lower.find('.');
  if (dot != std::string::npos && dot > 0) v.names.insert(lower.substr(0, dot));
}

// "CORP\alice" and "alice@corp.example" give "alice" and "corp" too; a path gives its file
// name with and without the extension.
void AddValue(CaseVocabulary& v, std::string_view text, bool path, bool user) {
  if (path) {
    size_t slash = text.find_last_of("\\/");
    std::string_view base = slash == std::string_view::npos ? text : text.substr(slash + 1);
    AddName(v, base);
    return;
  }
  AddName(v, text);
  size_t bs = text.find('\\'), at = text.find('@');
  std::string_view account = text;
  if (bs != std::string_view::npos) {
    AddName(v, text.substr(0, bs));
    account = text.substr(bs + 1);
    AddName(v, account);
  } else if (at != std::string_view::npos) {
    account = text.substr(0, at);
    AddName(v, account);
  }
  if (user && account.find(':') == std::string_view::npos) {
    std::string lower = AsciiToLower(TrimAscii(account));
    if (lower.size() >= 2 && lower != "-") v.users.insert(lower);
  }
}

// The distinct non-null values of one column (at most `limit`, 0: all), the least first (the
// same ones from either store when there are more), from wherever the case keeps its events.
Status ReadDistinct(const store::Case& c, const std::string& table, const std::string& column,
                    int limit, const std::function<void(const std::string&)>& fn) {
  std::string tail = limit > 0 ? " LIMIT " + std::to_string(limit) : "";
  std::string sqlite_col = store::QuoteIdent(column);
  std::string clickhouse_col = ClickHouseIdent(column);
  return c.SelectText("SELECT DISTINCT " + sqlite_col + " FROM " + store::QuoteIdent(table) +
                          " WHERE " + sqlite_col + " IS NOT NULL ORDER BY 1" + tail,
                      "SELECT DISTINCT " + clickhouse_col + " FROM " + ClickHouseIdent(table) +
                          " WHERE " + clickhouse_col + " IS NOT NULL ORDER BY " + clickhouse_col +
                          tail,
                      [&](const store::TextRow& row) {
                        if (!row.empty() && row[0]) fn(*row[0]);
                        return true;
                      });
}

}  // namespace

bool LoadDictionary(CaseVocabulary& v, const std::string& path) {
  std::vector<std::string> paths = {path};
  if (path.empty()) paths = {"/usr/share/dict/words", "/usr/share/dict/american-english"};
  for (const std::string& p : paths) {
    std::ifstream in(p);
    if (!in) continue;
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      bool capitalised = line[0] >= 'A' && line[0] <= 'Z';
      std::string lower = AsciiToLower(line);
      (capitalised ? v.proper_words : v.common_words).insert(std::move(lower));
    }
    v.has_dictionary = !v.common_words.empty();
    return v.has_dictionary;
  }
  return false;
}

Result<CaseVocabulary> ReadCaseVocabulary(const store::Case& c) {
  static const std::vector<std::string> kPathColumns = {
      "Image",       "NewProcessName", "ParentImage", "ParentProcessName",
      "ProcessName", "SourceImage",    "TargetImage", "exe",
      "comm",        "TaskName"};
  std::vector<std::string> name_columns = {
      "Computer",       "ServiceName",        "eventName",         "EventName",
      "ShareName",      "TargetDomainName",   "SubjectDomainName", "WorkstationName",
      "SourceHostname", "DestinationHostname"};
  for (const std::string& u : UserColumns()) name_columns.push_back(u);
  CaseVocabulary v;
  QUARRY_ASSIGN_OR_RETURN(auto tables, c.Tables());
  for (const auto& t : tables) {
    if (t.name == kAlertsTable) {
      QUARRY_ASSIGN_OR_RETURN(auto columns, c.ColumnTypes(t.name));
      if (std::none_of(columns.begin(), columns.end(),
                       [](const auto& col) { return col.name == "RuleTitle"; }))
        continue;
      QUARRY_RETURN_IF_ERROR(ReadDistinct(c, t.name, "RuleTitle", 0, [&](const std::string& text) {
        // Short titles ("Whoami") are words of a sentence as often as names of a rule.
        if (text.size() >= 12) v.rule_titles.push_back(AsciiToLower(text));
      }));
      continue;
    }
    QUARRY_ASSIGN_OR_RETURN(auto columns, c.ColumnTypes(t.name));
    for (const auto& col : columns) {
      bool path =
          std::find(kPathColumns.begin(), kPathColumns.end(), col.name) != kPathColumns.end();
      bool name =
          std::find(name_columns.begin(), name_columns.end(), col.name) != name_columns.end();
      if (!path && !name) continue;
      bool user =
          std::find(UserColumns().begin(), UserColumns().end(), col.name) != UserColumns().end();
      QUARRY_RETURN_IF_ERROR(
          ReadDistinct(c, t.name, col.name, kMaxValuesPerColumn, [&](const std::string& text) {
            AddValue(v, text, path, user);
            if (col.name == "Computer" || col.name == "WorkstationName") {
              std::string host = AsciiToLower(text);
              v.hosts.insert(host.substr(0, host.find('.')));
              v.hosts.insert(host);
            }
          }));
    }
  }
  return v;
}

}  // namespace quarry::ir
