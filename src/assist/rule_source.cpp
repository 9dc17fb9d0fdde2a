// Which events a detection description is about (rule_reader.h): event ids said ("Security
// 4688", "Sysmon 13"), a CloudTrail API named, the question grammar's kinds of events, the
// knowledge table, or process creations for a description of programs and command lines.
#include <algorithm>
#include <cstdint>
#include <utility>

#include "assist/builtin_reader.h"
#include "assist/knowledge.h"
#include "assist/rule_phrases.h"
#include "assist/rule_reader.h"
#include "assist/words.h"
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
    set(Entity::kRole, {"UserIdentityArn"});
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
  // A Windows log's events are told apart by their channel too (System 7045).
  for (const KnowledgeEntry& e : Knowledge()) {
    if (s.table == "WindowsEvent" && !s.base.empty() &&
        e.condition.rfind(s.base + " and Channel == ", 0) == 0) {
      s.base = e.condition;
      FromKnowledge(s, e);
      break;
    }
  }
  s.said = std::string(a.description);
  s.activity = &a;
  s.techniques = a.techniques;
  return s;
}

// The knowledge entry whose words the description says, longest phrase first.
// The knowledge entry whose words the description says, most words first: compared word by
// word up to endings ("new user accounts" says "new user account"), the description's stop
// words aside ("a value is set" says "value set"). Its number of words, or 0.
size_t KnownKind(const std::vector<RuleWord>& words, const kql::Catalog* catalog,
                 const KnowledgeEntry*& best) {
  std::vector<std::string> said;
  for (const RuleWord& w : words) {
    if (!IsStopWord(w.lower) || w.lower == "new") said.push_back(w.lower);
  }
  size_t best_words = 0;
  size_t best_at = SIZE_MAX;
  best = nullptr;
  for (const KnowledgeEntry& e : Knowledge()) {
    if (catalog != nullptr && catalog->Find(e.table) == nullptr) continue;
    for (const std::string& phrase : e.words) {
      std::vector<std::string> parts;
      for (const std::string& p : WordParts(phrase)) {
        if (!IsStopWord(p) || p == "new") parts.push_back(p);
      }
      if (parts.empty() || parts.size() < best_words) continue;
      for (size_t i = 0; i + parts.size() <= said.size(); ++i) {
        bool all = true;
        for (size_t k = 0; k < parts.size() && all; ++k) all = SameWord(said[i + k], parts[k]);
        // More words first; among equals, the one said first ("file created in a Windows
        // Startup folder" is a file, not Windows starting).
        if (all && (parts.size() > best_words || i < best_at)) {
          best = &e;
          best_words = parts.size();
          best_at = i;
          break;
        }
      }
    }
  }
  return best_words;
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
  // A service's or a task's command holds programs and switches too.
  return std::any_of(a.fields.begin(), a.fields.end(), [&](const auto& f) {
    return f.first == Entity::kCommandLine || f.first == Entity::kFile ||
           (f.first == Entity::kProcess && !command_line_values);
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
                return w.shape == ValueShape::kCamel && (ApiVerb(w.text) || ErrorCodeWord(w.text));
              });
  // "… via Sc.EXE", "using reg.exe": the rule is about running that program.
  bool via_program = false;
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string& l = words[i - 1].lower;
    via_program |=
        words[i].shape == ValueShape::kExecutable && (l == "via" || l == "using" || l == "through");
  }
  if (!ids.ids.empty()) {
    source = SourceOfIds(ids, spec, request);
  } else if (via_program && !api_named) {
    source = ProcessSource(request, false);
  } else if (api_named) {
    // The API names said are the rule's: a kind of CloudTrail event the grammar read gives
    // its columns only.
    source.table = "AWSCloudTrail";
    source.said = "AWS API calls (CloudTrail)";
    for (const Activity& a : Activities()) {
      if (a.key == "aws_api") source.activity = &a;
    }
    if (spec.activity != nullptr && spec.activity->table == "AWSCloudTrail") {
      source.activity = spec.activity;
      source.techniques = spec.activity->techniques;
    }
  } else {
    // The question grammar's kind of event, or the knowledge table's when it says more words
    // than the grammar read (an activity inferred from a value says none).
    const KnowledgeEntry* known = nullptr;
    size_t known_words = KnownKind(words, request.catalog, known);
    size_t activity_words = spec.activity == nullptr ? 0 : WordParts(spec.activity_said).size();
    bool process_entry = known != nullptr && (known->condition == "EventID == 1" ||
                                              known->condition == "EventID == 4688");
    bool fits = spec.activity != nullptr && Fits(*spec.activity, words, process_words);
    bool generic = spec.activity != nullptr && spec.activity->key == "process";
    // Programs and switches are said of Windows events: a CloudTrail entry does not hold them.
    bool windows_values = process_words || HasShape(words, {ValueShape::kExecutable});
    bool known_fits = known != nullptr && !process_entry &&
                      !(windows_values && (known->table == "AWSCloudTrail" || known_words < 2));
    if (known_fits && (!fits || generic || known_words > activity_words)) {
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
    } else if (fits) {
      source = generic ? ProcessSource(request, false) : SourceOfActivity(*spec.activity);
    } else if (process_words || HasShape(words, {ValueShape::kExecutable}) || process_entry) {
      source = ProcessSource(request, false);
    }
  }
  return source;
}

}  // namespace quarry::assist::builtin
