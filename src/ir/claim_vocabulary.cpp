// The names a case knows, so a plain word in a sentence ("pgustavo", "UpdaterSvc") is read as a
// name only when the evidence has such a name somewhere.
#include <sqlite3.h>

#include <algorithm>
#include <fstream>

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
  QUARRY_RETURN_IF_ERROR(c.RequireSqliteEvents("checking claims against the case"));
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
      store::Statement stmt(c.db(), "SELECT DISTINCT \"RuleTitle\" FROM \"" + t.name +
                                        "\" WHERE \"RuleTitle\" IS NOT NULL");
      if (!stmt.valid()) return stmt.prepare_status();
      for (;;) {
        QUARRY_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row) break;
        const unsigned char* text = sqlite3_column_text(stmt.get(), 0);
        // Short titles ("Whoami") are words of a sentence as often as names of a rule.
        if (text != nullptr && std::string_view(reinterpret_cast<const char*>(text)).size() >= 12)
          v.rule_titles.push_back(AsciiToLower(reinterpret_cast<const char*>(text)));
      }
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
      std::string sql = "SELECT DISTINCT \"";
      sql.append(col.name).append("\" FROM \"").append(t.name).append("\" WHERE \"");
      sql.append(col.name).append("\" IS NOT NULL LIMIT ");
      sql.append(std::to_string(kMaxValuesPerColumn));
      store::Statement stmt(c.db(), sql);
      if (!stmt.valid()) return stmt.prepare_status();
      for (;;) {
        QUARRY_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row) break;
        const unsigned char* text = sqlite3_column_text(stmt.get(), 0);
        if (text == nullptr) continue;
        AddValue(v, reinterpret_cast<const char*>(text), path, user);
        if (col.name == "Computer" || col.name == "WorkstationName") {
          std::string host = AsciiToLower(reinterpret_cast<const char*>(text));
          v.hosts.insert(host.substr(0, host.find('.')));
          v.hosts.insert(host);
        }
      }
    }
  }
  return v;
}

}  // namespace quarry::ir
