// Which events a detection description is about (rule_reader.h): event ids said ("Security
// 4688", "Sysmon 13"), a CloudTrail API named, the question grammar's kinds of events, the
// knowledge table, or process creations for a description of programs and command lines.
#include <algorithm>
#include <utility>

#include "assist/builtin_reader.h"
#include "assist/knowledge.h"
#include "assist/rule_reader.h"
#include "core/strings.h"

namespace quarry::assist::builtin {
namespace {

const std::vector<std::string_view>& Candidates(Entity e) {
  static const std::vector<std::vector<std::string_view>> k = [] {
    std::vector<std::vector<std::string_view>> c(static_cast<size_t>(Entity::kCount_));
    auto set = [&](Entity which, std::vector<std::string_view> v) {
      c[static_cast<size_t>(which)] = std::move(v);
    };
    set(Entity::kUser, {"TargetUserName", "SubjectUserName", "User", "SourceUser", "MemberName",
                        "AccountName", "UserIdentityUserName", "UserIdentityArn", "UserName"});
    set(Entity::kHost, {"Computer", "WorkstationName"});
    set(Entity::kIp, {"IpAddress", "SourceIpAddress", "DestinationIp", "SourceIp", "ClientAddress",
                      "SourceAddress"});
    set(Entity::kSourceIp, {"SourceIp", "IpAddress", "SourceIpAddress"});
    set(Entity::kPort, {"DestinationPort", "IpPort"});
    set(Entity::kProcess, {"Image", "NewProcessName", "SourceImage", "ProcessName", "Application"});
    set(Entity::kParent, {"ParentImage", "ParentProcessName"});
    set(Entity::kCommandLine, {"CommandLine", "ProcessCommandLine"});
    set(Entity::kFile,
        {"TargetFilename", "ImagePath", "TaskContent", "ObjectName", "ServiceFileName"});
    set(Entity::kRegistryKey, {"TargetObject", "ObjectName"});
    set(Entity::kService, {"ServiceName", "TaskName"});
    set(Entity::kDnsName, {"QueryName", "DestinationHostname"});
    set(Entity::kApiCall, {"EventName"});
    return c;
  }();
  return k[static_cast<size_t>(e)];
}

bool Has(const kql::TableSchema* schema, std::string_view column) {
  return schema == nullptr || schema->Find(column) != nullptr;
}

// Whether the source's events in the case fill `column`; true when the case has none of them
// (nothing to tell by).
bool Filled(const RuleSource& source, std::string_view column) {
  if (source.lookup == nullptr || column.find('(') != std::string_view::npos) return true;
  if (auto it = source.filled.find(std::string(column)); it != source.filled.end()) {
    return it->second;
  }
  std::string scope = source.base.empty() ? "" : "(" + source.base + ") and ";
  bool filled =
      source.lookup->Count(source.table, source.base.empty() ? "true" : source.base) <= 0 ||
      source.lookup->Count(source.table, scope + "isnotempty(" + std::string(column) + ")") > 0;
  source.filled[std::string(column)] = filled;
  return filled;
}

// An activity of the question grammar over the same events: its fields and techniques.
const Activity* ActivityFor(std::string_view table, long long id) {
  std::string test = "EventID == " + std::to_string(id);
  for (const Activity& a : Activities()) {
    if (a.table != table) continue;
    std::string_view f = a.filter;
    size_t at = f.find(test);
    if (at != f.npos && (at + test.size() == f.size() ||
                         !std::isdigit(static_cast<unsigned char>(f[at + test.size()])))) {
      return &a;
    }
    if (f.rfind("EventID in (", 0) == 0 && f.find(" " + std::to_string(id) + ",") != f.npos) {
      return &a;
    }
  }
  return nullptr;
}

void FromKnowledge(RuleSource& s, const KnowledgeEntry& e) {
  s.key_fields = e.fields;
  for (const std::string& t : e.techniques) s.techniques.push_back({t, ""});
  if (s.said.empty()) s.said = e.name;
}

// The event ids a description names: "Security 4688", "(4625)", "Sysmon 13", "event 104".
struct SaidIds {
  std::vector<long long> ids;
  bool sysmon = false;
};

SaidIds EventIds(const std::vector<RuleWord>& w, std::vector<bool>& used) {
  SaidIds out;
  bool sysmon_said = false;
  for (const RuleWord& word : w) sysmon_said |= word.lower == "sysmon";
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i].shape != ValueShape::kNumber) continue;
    long long n = SmallNumber(w[i].lower);
    auto prev = [&](size_t back) { return i >= back ? w[i - back].lower : std::string(); };
    auto next = [&](size_t ahead) {
      return i + ahead < w.size() ? w[i + ahead].lower : std::string();
    };
    bool after_sysmon =
        prev(1) == "sysmon" || (prev(2) == "sysmon" && (prev(1) == "event" || prev(1) == "id"));
    bool after_event = prev(1) == "event" || prev(1) == "id" || prev(1) == "eventid" ||
                       prev(1) == "events" || prev(1) == "code";
    bool count = next(1) == "or" || next(1) == "+" || prev(1) == "than" || prev(1) == "least" ||
                 prev(1) == "port" || prev(1) == "within" || prev(1) == "over" ||
                 next(1).rfind("minute", 0) == 0 || next(1).rfind("second", 0) == 0 ||
                 next(1).rfind("hour", 0) == 0 || next(1) == "times";
    bool sysmon_id = n >= 1 && n <= 255 && (after_sysmon || (after_event && sysmon_said));
    bool windows_id =
        !sysmon_id && !count && ((n >= 1000 && n <= 9999) || (after_event && n >= 1 && n < 1000));
    if (!sysmon_id && !windows_id) continue;
    if (!out.ids.empty() && out.sysmon != sysmon_id) continue;  // one kind of log per rule
    out.sysmon = sysmon_id;
    if (std::find(out.ids.begin(), out.ids.end(), n) == out.ids.end()) out.ids.push_back(n);
    used[i] = true;
  }
  return out;
}

std::string IdTest(const std::vector<long long>& ids) {
  if (ids.size() == 1) return "EventID == " + std::to_string(ids[0]);
  std::string in = "EventID in (";
  for (size_t i = 0; i < ids.size(); ++i) in += (i ? ", " : "") + std::to_string(ids[i]);
  return in + ")";
}

// The source of a rule whose event ids are said.
RuleSource SourceOfIds(const SaidIds& said, const HuntSpec& spec, const DraftRequest& request) {
  RuleSource s;
  long long first = said.ids[0];
  std::string test = IdTest(said.ids);
  if (said.sysmon) {
    s.table = "SysmonEvent";
    s.base = test;
  } else {
    // The table the case keeps these events in, by the knowledge table and the case's counts.
    std::vector<std::string> tables;
    for (const KnowledgeEntry& e : Knowledge()) {
      if (e.condition == "EventID == " + std::to_string(first) ||
          e.condition.rfind("EventID == " + std::to_string(first) + " and Channel", 0) == 0) {
        if (std::find(tables.begin(), tables.end(), e.table) == tables.end()) {
          tables.push_back(e.table);
        }
      }
    }
    for (const char* t : {"SecurityEvent", "WindowsEvent"}) {
      if (std::find(tables.begin(), tables.end(), t) == tables.end()) tables.emplace_back(t);
    }
    int64_t best = -1;
    for (const std::string& t : tables) {
      if (request.catalog != nullptr && request.catalog->Find(t) == nullptr) continue;
      int64_t n = request.lookup != nullptr ? request.lookup->Count(t, test) : 0;
      if (n > best) {
        best = n;
        s.table = t;
      }
    }
    if (s.table.empty()) s.table = tables.front();
    s.base = test;
  }
  for (const KnowledgeEntry& e : Knowledge()) {
    if (e.table == s.table &&
        (e.condition == "EventID == " + std::to_string(first) ||
         e.condition.rfind("EventID == " + std::to_string(first) + " and Channel", 0) == 0)) {
      if (said.ids.size() == 1) s.base = e.condition;  // with its channel
      FromKnowledge(s, e);
      break;
    }
  }
  s.activity = ActivityFor(s.table, first);
  // A kind of event the question grammar knows more closely ("Kerberoasting": 4769 with RC4).
  if (spec.activity != nullptr && spec.activity->table == s.table && said.ids.size() == 1 &&
      ActivityFor(s.table, first) != nullptr && spec.activity->filter != test &&
      spec.activity->filter.size() > s.base.size() &&
      std::string_view(spec.activity->filter).find(test) != std::string_view::npos) {
    s.activity = spec.activity;
    s.base = std::string(spec.activity->filter);
  }
  if (s.activity != nullptr) {
    for (const Technique& t : s.activity->techniques) s.techniques.push_back(t);
  }
  s.said = (said.sysmon ? "Sysmon event " : "event ") + std::to_string(first) +
           (s.said.empty() ? "" : " (" + s.said + ")");
  return s;
}

RuleSource SourceOfActivity(const Activity& a) {
  RuleSource s;
  s.table = std::string(a.table);
  s.base = std::string(a.filter);
  s.said = std::string(a.description);
  s.activity = &a;
  s.techniques = a.techniques;
  return s;
}

// The knowledge entry whose words the description says, longest phrase first.
const KnowledgeEntry* KnownKind(const std::string& lower, const kql::Catalog* catalog) {
  const KnowledgeEntry* best = nullptr;
  size_t best_size = 0;
  for (const KnowledgeEntry& e : Knowledge()) {
    if (catalog != nullptr && catalog->Find(e.table) == nullptr) continue;
    for (const std::string& phrase : e.words) {
      size_t at = lower.find(phrase);
      bool whole = at != std::string::npos &&
                   (at == 0 || !std::isalnum(static_cast<unsigned char>(lower[at - 1]))) &&
                   (at + phrase.size() == lower.size() ||
                    !std::isalnum(static_cast<unsigned char>(lower[at + phrase.size()])));
      if (whole && phrase.size() > best_size) {
        best = &e;
        best_size = phrase.size();
      }
    }
  }
  return best;
}

bool HasShape(const std::vector<RuleWord>& w, std::initializer_list<ValueShape> shapes) {
  for (const RuleWord& word : w) {
    for (ValueShape s : shapes) {
      if (word.shape == s) return true;
    }
  }
  return false;
}

// Whether an activity of the question grammar can hold the values said: programs need a
// process column, switches and DLL names a command line.
bool Fits(const Activity& a, const std::vector<RuleWord>& words, bool command_line_values) {
  bool programs = HasShape(words, {ValueShape::kExecutable});
  if (!programs && !command_line_values) return true;
  return std::any_of(a.fields.begin(), a.fields.end(), [&](const auto& f) {
    return f.first == Entity::kCommandLine || (f.first == Entity::kProcess && !command_line_values);
  });
}

// Process creations, as Sysmon logs them or, where the case has no Sysmon ones, Security 4688.
RuleSource ProcessSource(const DraftRequest& request, bool security_said) {
  bool security = security_said;
  if (!security && request.lookup != nullptr &&
      request.lookup->Count("SysmonEvent", "EventID == 1") <= 0 &&
      request.lookup->Count("SecurityEvent", "EventID == 4688") > 0) {
    security = true;
  }
  if (security) {
    SaidIds ids;
    ids.ids = {4688};
    std::vector<bool> unused;
    return SourceOfIds(ids, HuntSpec{}, request);
  }
  for (const Activity& a : Activities()) {
    if (a.key == "process") return SourceOfActivity(a);
  }
  return {};
}

}  // namespace

std::string ColumnFor(const RuleSource& source, Entity e, const kql::TableSchema* schema,
                      bool own_only) {
  if (source.activity != nullptr) {
    for (const auto& [entity, column] : source.activity->fields) {
      if (entity == e &&
          (column.find('(') != column.npos || (Has(schema, column) && Filled(source, column)))) {
        return std::string(column);
      }
    }
  }
  const std::vector<std::string_view>& candidates = Candidates(e);
  for (const std::string& f : source.key_fields) {
    if (std::find(candidates.begin(), candidates.end(), f) != candidates.end() && Has(schema, f) &&
        Filled(source, f)) {
      return f;
    }
  }
  if (own_only || source.lookup == nullptr) return "";  // nothing tells a column these events fill
  for (std::string_view c : candidates) {
    if (schema != nullptr && schema->Find(c) != nullptr && Filled(source, c)) return std::string(c);
  }
  return "";
}

RuleSource SourceOf(const DraftRequest& request, const std::vector<RuleWord>& words,
                    std::vector<bool>& used, const HuntSpec& spec) {
  SaidIds ids = EventIds(words, used);
  RuleSource source;
  std::string lower = AsciiToLower(request.question);
  bool process_words =
      HasShape(words, {ValueShape::kSwitch, ValueShape::kLibrary, ValueShape::kScheme});
  // A CloudTrail API named ("CreateAccessKey", "DeleteTrail"): the rule reads CloudTrail.
  bool api_named = request.catalog == nullptr || request.catalog->Find("AWSCloudTrail") != nullptr;
  api_named = api_named && std::any_of(words.begin(), words.end(), [](const RuleWord& w) {
                return w.shape == ValueShape::kCamel && ApiVerb(w.text);
              });
  if (!ids.ids.empty()) {
    source = SourceOfIds(ids, spec, request);
  } else if (api_named && (spec.activity == nullptr || spec.activity->table != "AWSCloudTrail")) {
    source.table = "AWSCloudTrail";
    source.said = "AWS API calls (CloudTrail)";
    for (const Activity& a : Activities()) {
      if (a.key == "aws_api") source.activity = &a;
    }
  } else if (spec.activity != nullptr && Fits(*spec.activity, words, process_words)) {
    source = spec.activity->key == "process" ? ProcessSource(request, false)
                                             : SourceOfActivity(*spec.activity);
  } else if (const KnowledgeEntry* known = KnownKind(lower, request.catalog);
             known != nullptr && !process_words && !HasShape(words, {ValueShape::kExecutable})) {
    SaidIds said;
    // The entry's own event id, when its condition is one ("EventID == 11").
    std::string_view c = known->condition;
    if (c.rfind("EventID == ", 0) == 0) {
      said.ids = {SmallNumber(c.substr(11))};
      said.sysmon = known->table == "SysmonEvent";
      source = SourceOfIds(said, spec, request);
    } else {
      source.table = known->table;
      source.base = known->condition;
      source.said = known->name;
      FromKnowledge(source, *known);
    }
  } else if (process_words || HasShape(words, {ValueShape::kExecutable})) {
    source = ProcessSource(request, false);
  }
  return source;
}

}  // namespace quarry::assist::builtin
