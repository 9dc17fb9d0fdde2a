// The linker's tables as data (hunters' synonyms, generic value words, the columns that name
// what happened, each table's usual entity and context columns), and the lookups over them:
// where a log's events are kept, and whether a value's words are the question's.
#include <algorithm>
#include <cctype>
#include <set>

#include "assist/linker_internal.h"

namespace quarry::assist::builtin {
namespace linking {
namespace {

using E = Entity;

}  // namespace

// Two words are one up to endings ("users"/"user", "created"/"create") or by a synonym.
std::string Cat(std::initializer_list<std::string_view> pieces) {
  size_t size = 0;
  for (std::string_view p : pieces) size += p.size();
  std::string out;
  out.reserve(size);
  for (std::string_view p : pieces) out.append(p);
  return out;
}

bool Same(const std::string& a, const std::string& b) {
  return SameOrSynonym(a, b);
}

// Parts of values that say nothing by themselves.
bool Generic(const std::string& w) {
  static const std::set<std::string> kGeneric = {
      "microsoft", "windows", "amazonaws", "amazon", "com", "aws", "www", "net", "event",
      "events",    "the",     "a",         "of",     "v1",  "v2",  "api", "exe", "dll"};
  return kGeneric.count(w) > 0 || EscapeWord(w) || std::all_of(w.begin(), w.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

bool CommonWord(const std::string& w) {
  static const std::set<std::string> kCommon = {
      "user",  "users",  "account", "accounts", "system",   "process", "processes", "service",
      "file",  "files",  "type",    "name",     "success",  "failure", "error",     "event",
      "log",   "logs",   "logon",   "key",      "keys",     "value",   "data",      "object",
      "local", "remote", "admin",   "group",    "groups",   "network", "security",  "calls",
      "call",  "info",   "none",    "true",     "false",    "update",  "create",    "delete",
      "role",  "roles",  "host",    "hosts",    "computer", "ip",      "address",   "source"};
  return kCommon.count(w) > 0;
}

std::string Quote(std::string_view v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Columns whose values name what happened, preferred when several columns' values match.
int ColumnRank(std::string_view column) {
  static const std::vector<std::string_view> kActivityColumns = {
      "EventName",       "OperationName", "Operation",   "ActionType", "Activity", "EventType",
      "EventID",         "ErrorCode",     "EventSource", "Category",   "Channel",  "Provider",
      "EventSourceName", "SourceName",    "EventLog",    "Type"};
  auto it = std::find(kActivityColumns.begin(), kActivityColumns.end(), column);
  return it == kActivityColumns.end() ? 100 : static_cast<int>(it - kActivityColumns.begin());
}

// Where a Windows log's events were kept under another table (Sysmon in Event or WindowsEvents,
// as Log Analytics agents and some exporters keep them): each table with a column naming the
// log, and the test that picks the log's events there.
const std::vector<std::pair<std::string, std::string>>& Linking::OtherHomes(
    const std::string& table) const {
  auto it = homes_.find(table);
  if (it != homes_.end()) return it->second;
  std::vector<std::pair<std::string, std::string>>& homes = homes_[table];
  std::string log = table == "SysmonEvent"     ? "Sysmon"
                    : table == "SecurityEvent" ? "Security-Auditing"
                                               : "";
  if (log.empty() || catalog_ == nullptr) return homes;
  for (const std::string& other : catalog_->TableNames()) {
    if (other == table) continue;
    std::string test;
    for (const char* column : {"Source", "EventLog", "Channel", "Provider", "ProviderName",
                               "EventSourceName", "SourceName"}) {
      if (catalog_->Find(other)->Find(column) == nullptr) continue;
      test.append(test.empty() ? "(" : " or ").append(Cat({column, " contains ", Quote(log)}));
    }
    if (!test.empty()) homes.emplace_back(other, test + ")");
  }
  return homes;
}

bool Linking::ValueNamed(const std::string& value, std::vector<size_t>& hit) const {
  if (value.size() > 80) return false;
  hit.clear();
  size_t meaningful = 0;
  size_t missing = 0;
  for (const std::string& p : WordParts(value)) {
    if (Generic(p)) continue;
    ++meaningful;
    bool found = false;
    for (size_t i = 0; i < words_.size() && !found; ++i) {
      bool free = words_[i].left && !words_[i].used;
      if (free && Same(words_[i].part, p) && std::find(hit.begin(), hit.end(), i) == hit.end()) {
        hit.push_back(i);
        found = true;
      }
    }
    missing += found ? 0 : 1;
  }
  // A value of three words or more is named by all but one of them ("kernel drivers": "kernel
  // mode driver"); a shorter one by all.
  if (meaningful == 0 || missing > (meaningful >= 3 ? 1 : 0)) return false;
  // One word alone names a value only when it is a distinctive one: not a word every log
  // uses, and either the value's very word ("iam", "sysmon") or a long one.
  if (meaningful > 1) return true;
  // Over an activity the grammar read, one more word is more likely its grouping or entity
  // ("assumed roles by role") than a further condition, unless it is the value's very word
  // ("cloudtrail api calls" → EventSource == "cloudtrail.amazonaws.com").
  bool over_grammar = spec_.activity != nullptr && !weak_activity_;
  const std::string& word = words_[hit[0]].part;
  if (CommonWord(word)) return false;
  bool exact = false;
  for (const std::string& p : WordParts(value)) exact = exact || p == word;
  return exact || (!over_grammar && word.size() >= 5);
}

}  // namespace linking

using E = Entity;

void LinkedActivity::Bind() {
  view.key = key;
  view.table = table;
  view.filter = filter;
  view.description = description;
  view.fields.clear();
  for (const auto& [e, column] : fields) view.fields.emplace_back(e, column);
  view.techniques = techniques;
  view.shown.assign(shown.begin(), shown.end());
}

std::vector<std::pair<Entity, std::string>> DefaultFields(std::string_view table) {
  if (table == "SysmonEvent") {
    return {{E::kHost, "Computer"},           {E::kUser, "User"},
            {E::kProcess, "Image"},           {E::kParent, "ParentImage"},
            {E::kCommandLine, "CommandLine"}, {E::kIp, "DestinationIp"},
            {E::kSourceIp, "SourceIp"},       {E::kPort, "DestinationPort"}};
  }
  if (table == "SecurityEvent") {
    return {{E::kHost, "Computer"}, {E::kUser, "SubjectUserName"}, {E::kIp, "IpAddress"}};
  }
  if (table == "AWSCloudTrail") {
    return {{E::kUser, "UserIdentityUserName"},
            {E::kIp, "SourceIpAddress"},
            {E::kApiCall, "EventName"},
            {E::kService, "EventSource"}};
  }
  return {{E::kHost, "Computer"}};
}

const std::vector<std::string_view>& ContextColumns(std::string_view table) {
  static const std::vector<std::string_view> kCloudTrail = {
      "UserIdentityArn", "UserIdentityType", "RecipientAccountId", "AWSRegion",
      "UserAgent",       "ErrorCode",        "RequestParameters"};
  static const std::vector<std::string_view> kWindows = {"EventID"};
  static const std::vector<std::string_view> kOther = {"EventID", "Channel", "Provider"};
  static const std::vector<std::string_view> kNone;
  if (table == "AWSCloudTrail") return kCloudTrail;
  if (table == "SecurityEvent" || table == "SysmonEvent") return kWindows;
  if (table == "WindowsEvent") return kOther;
  return kNone;
}

bool EntityOfColumn(std::string_view column, Entity& e) {
  static const std::vector<std::pair<std::string_view, Entity>> kColumns = {
      {"TargetUserName", E::kUser},
      {"SubjectUserName", E::kUser},
      {"User", E::kUser},
      {"UserIdentityUserName", E::kUser},
      {"UserIdentityArn", E::kUser},
      {"Computer", E::kHost},
      {"IpAddress", E::kIp},
      {"SourceIpAddress", E::kIp},
      {"DestinationIp", E::kIp},
      {"SourceIp", E::kSourceIp},
      {"DestinationPort", E::kPort},
      {"IpPort", E::kPort},
      {"Image", E::kProcess},
      {"SourceImage", E::kProcess},
      {"NewProcessName", E::kProcess},
      {"ProcessName", E::kProcess},
      {"ParentImage", E::kParent},
      {"ParentProcessName", E::kParent},
      {"CommandLine", E::kCommandLine},
      {"ImageLoaded", E::kFile},
      {"TargetFilename", E::kFile},
      {"ObjectName", E::kFile},
      {"TargetObject", E::kRegistryKey},
      {"ServiceName", E::kService},
      {"QueryName", E::kDnsName},
      {"EventName", E::kApiCall},
      {"EventSource", E::kService},
      {"DestPort", E::kPort},
      {"DestAddress", E::kIp},
      {"SourceAddress", E::kSourceIp},
      {"Application", E::kProcess}};
  for (const auto& [name, entity] : kColumns) {
    if (name == column) {
      e = entity;
      return true;
    }
  }
  return false;
}

}  // namespace quarry::assist::builtin
