#include "assist/linker.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "assist/knowledge.h"
#include "assist/words.h"
#include "core/strings.h"

namespace quarry::assist::builtin {
namespace {

using E = Entity;

// Verbs and nouns as hunters say them, and the word the value or knowledge entry uses.
const std::vector<std::pair<std::string_view, std::string_view>>& Synonyms() {
  static const std::vector<std::pair<std::string_view, std::string_view>> kSynonyms = {
      {"new", "create"},      {"added", "create"},     {"add", "create"},
      {"made", "create"},     {"created", "create"},   {"creation", "create"},
      {"removed", "delete"},  {"remove", "delete"},    {"deletion", "delete"},
      {"dropped", "delete"},  {"read", "get"},         {"retrieved", "get"},
      {"fetched", "get"},     {"pulled", "get"},       {"downloaded", "get"},
      {"set", "put"},         {"wrote", "put"},        {"uploaded", "put"},
      {"enumerated", "list"}, {"enumeration", "list"}, {"listed", "list"},
      {"disabled", "stop"},   {"halted", "stop"},      {"changed", "modify"},
      {"modified", "modify"}, {"changed", "update"},   {"updated", "update"},
      {"launched", "run"},    {"started", "start"},    {"logins", "login"},
      {"logon", "login"},     {"logons", "login"},     {"signin", "login"},
      {"failed", "failure"},  {"keys", "key"},         {"secrets", "secret"},
      {"dlls", "image"},      {"dll", "image"},        {"module", "image"},
      {"modules", "image"},   {"detached", "detach"},  {"attached", "attach"},
      {"assumed", "assume"},  {"shared", "share"}};
  return kSynonyms;
}

// Two words are one up to endings ("users"/"user", "created"/"create") or by a synonym.
bool Same(const std::string& a, const std::string& b) {
  if (SameWord(a, b)) return true;
  for (const auto& [said, means] : Synonyms()) {
    if ((a == said && SameWord(std::string(means), b)) ||
        (b == said && SameWord(std::string(means), a))) {
      return true;
    }
  }
  return false;
}

// Parts of values that say nothing by themselves.
bool Generic(const std::string& w) {
  static const std::set<std::string> kGeneric = {
      "microsoft", "windows", "amazonaws", "com", "aws", "www", "net", "event", "events",
      "the",       "a",       "of",        "v1",  "v2",  "api", "exe", "dll"};
  return kGeneric.count(w) > 0 || std::all_of(w.begin(), w.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

// A question word, and whether a link has used it.
struct QWord {
  std::string text;   // as written
  std::string part;   // lower case
  bool left = false;  // the grammar did not read it
  bool used = false;
};

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
      "EventName", "OperationName", "Operation", "ActionType", "Activity", "EventID",
      "ErrorCode", "EventSource",   "Category",  "Channel",    "Provider"};
  auto it = std::find(kActivityColumns.begin(), kActivityColumns.end(), column);
  return it == kActivityColumns.end() ? 100 : static_cast<int>(it - kActivityColumns.begin());
}

class Linking {
 public:
  Linking(std::string_view question, const std::vector<std::string>& left, const CaseLookup& lookup,
          const kql::Catalog* catalog, HuntSpec& spec, Draft& draft,
          std::deque<LinkedActivity>& owned)
      : lookup_(lookup), catalog_(catalog), spec_(spec), draft_(draft), owned_(owned) {
    // An activity the grammar only inferred ("keys" → registry keys) or guessed from an API-like
    // word gives way to one the case's own values or the knowledge table name.
    weak_activity_ =
        spec_.activity != nullptr && (spec_.activity_said.empty() || spec_.activity_said[0] == '(');
    // What the grammar read as time, aggregation, thresholds and filter values (and as the
    // activity, unless weak) is claimed; every other word may be linked.
    std::set<std::string> claimed;
    auto claim = [&](const std::string& said) {
      for (std::string& p : WordParts(said)) claimed.insert(std::move(p));
    };
    claim(spec_.time_said);
    claim(spec_.aggregation_said);
    // A filter whose value occurs nowhere in the case ("users created" read as the user
    // "created") is a doubtful reading: its words stay free for linking.
    for (const Filter& f : spec_.filters) {
      bool doubtful = (f.kind == "eq" || f.kind == "contains" || f.kind == "endswith") &&
                      !f.value.empty() && lookup_.Find(f.value).empty();
      if (doubtful) {
        doubtful_.push_back(f.said);
      } else {
        claim(f.said);
      }
    }
    if (spec_.activity != nullptr && !weak_activity_) claim(spec_.activity_said);
    for (std::string& p : WordParts(question)) {
      if (IsStopWord(p)) continue;
      QWord w;
      w.left = claimed.count(p) == 0;
      w.part = std::move(p);
      words_.push_back(std::move(w));
    }
    left_ = left;
  }

  std::vector<std::string> Run() {
    const Activity* grammar = spec_.activity;
    std::string grammar_said = spec_.activity_said;
    if (weak_activity_) spec_.activity = nullptr;
    if (spec_.activity == nullptr) KnowledgeActivity();
    ValueLinks();
    if (spec_.activity == nullptr && grammar != nullptr) {
      spec_.activity = grammar;  // nothing better: the grammar's inference stands
      spec_.activity_said = grammar_said;
    }
    DropDoubtfulFilters();
    EntityLinks();
    FilterTable();
    RelinkFilters();
    Failures();
    std::vector<std::string> still;
    for (const std::string& l : left_) {
      bool used = true;
      for (const std::string& p : WordParts(l)) {
        if (IsStopWord(p)) continue;
        bool this_used = std::any_of(words_.begin(), words_.end(),
                                     [&](const QWord& w) { return w.part == p && w.used; });
        used = used && this_used;
      }
      if (!used) still.push_back(l);
    }
    return still;
  }

 private:
  bool TableInCase(std::string_view table) const {
    return catalog_ == nullptr || catalog_->Find(table) != nullptr;
  }

  // Whether every word of `phrase` is a question word; fills `hit` with their indexes.
  bool PhraseIn(const std::string& phrase, std::vector<size_t>& hit) const {
    hit.clear();
    bool any_left = false;
    for (const std::string& p : WordParts(phrase)) {
      if (IsStopWord(p)) continue;
      bool found = false;
      for (size_t i = 0; i < words_.size() && !found; ++i) {
        if (!words_[i].used && Same(words_[i].part, p)) {
          hit.push_back(i);
          any_left = any_left || words_[i].left;
          found = true;
        }
      }
      if (!found) return false;
    }
    return !hit.empty() && any_left;
  }

  void KnowledgeActivity() {
    struct Candidate {
      const KnowledgeEntry* entry;
      size_t score;
      std::vector<size_t> hit;
      int64_t events;
    };
    std::vector<Candidate> candidates;
    std::vector<size_t> hit;
    for (const KnowledgeEntry& e : Knowledge()) {
      if (!TableInCase(e.table)) continue;
      Candidate best{&e, 0, {}, 0};
      for (const std::string& phrase : e.words) {
        if (PhraseIn(phrase, hit) && hit.size() > best.score) {
          best.score = hit.size();
          best.hit = hit;
        }
      }
      if (best.score > 0) candidates.push_back(std::move(best));
    }
    if (candidates.empty()) return;
    size_t top = 0;
    for (const Candidate& c : candidates) top = std::max(top, c.score);
    std::vector<Candidate> best;
    for (Candidate& c : candidates) {
      if (c.score != top) continue;
      c.events = lookup_.Count(c.entry->table, c.entry->condition);
      best.push_back(std::move(c));
    }
    std::stable_sort(best.begin(), best.end(),
                     [](const Candidate& a, const Candidate& b) { return a.events > b.events; });
    const Candidate& chosen = best.front();
    const KnowledgeEntry& e = *chosen.entry;
    std::string said;
    for (size_t i : chosen.hit) {
      words_[i].used = true;
      said += (said.empty() ? "" : " ") + words_[i].part;
    }
    LinkedActivity& a = owned_.emplace_back();
    a.key = "knowledge";
    a.table = e.table;
    a.filter = e.condition;
    a.description = e.name + " (" + e.condition + ")";
    a.fields = DefaultFields(e.table);
    for (const std::string& f : e.fields) {
      if (catalog_ != nullptr && catalog_->Find(e.table) != nullptr &&
          catalog_->Find(e.table)->Find(f) == nullptr) {
        continue;  // a field this case's events do not have
      }
      Entity entity{};
      if (!EntityOfColumn(f, entity)) {
        a.shown.push_back(f);
      } else {
        auto it = std::find_if(a.fields.begin(), a.fields.end(),
                               [&](const auto& p) { return p.first == entity; });
        if (it != a.fields.end()) {
          it->second = f;
        } else {
          a.fields.emplace_back(entity, f);
        }
      }
    }
    for (const std::string& t : e.techniques) a.techniques.push_back(Technique{t, ""});
    a.Bind();
    spec_.activity = &a.view;
    spec_.activity_said = said;
    std::string evidence =
        chosen.events > 0 ? " (" + std::to_string(chosen.events) + " events in " + e.table + ")"
                          : " (no such events in this case)";
    draft_.mapping.push_back("'" + said + "' → knowledge: " + e.name + evidence);
    for (size_t i = 1; i < best.size() && i < 4; ++i) {
      draft_.mapping.push_back("  also plausible: " + best[i].entry->name + " (" +
                               best[i].entry->table + " where " + best[i].entry->condition + ", " +
                               std::to_string(std::max<int64_t>(best[i].events, 0)) + " events)");
    }
  }

  // Values of few-valued columns whose every part is a question word the grammar left.
  void ValueLinks() {
    for (;;) {
      const ColumnValues* best_column = nullptr;
      std::vector<std::string> best_values;
      std::vector<size_t> best_hit;
      size_t best_score = 0;
      int64_t best_events = 0;
      for (const ColumnValues& column : lookup_.FewValued()) {
        if (spec_.activity != nullptr && column.table != spec_.activity->table) continue;
        if (!TableInCase(column.table)) continue;
        int64_t total = 0;
        for (const auto& value_events : column.values) total += value_events.second;
        for (const auto& [value, events] : column.values) {
          std::vector<size_t> hit;
          if (!ValueNamed(value, hit)) continue;
          // One word naming a value most events have ("calls" → AwsApiCall) selects nothing.
          if (hit.size() == 1 && column.values.size() > 1 && events * 2 > total) continue;
          bool better =
              hit.size() > best_score ||
              (hit.size() == best_score && best_column != nullptr &&
               (ColumnRank(column.column) < ColumnRank(best_column->column) ||
                (column.column == best_column->column && column.table == best_column->table)));
          if (hit.size() == best_score && best_column == &column) {
            best_values.push_back(value);  // the same words name several values: any of them
            best_events += events;
            continue;
          }
          if (!better) continue;
          best_column = &column;
          best_values = {value};
          best_hit = hit;
          best_score = hit.size();
          best_events = events;
        }
      }
      if (best_column == nullptr) return;
      AddValueLink(*best_column, best_values, best_hit, best_events);
    }
  }

  bool ValueNamed(const std::string& value, std::vector<size_t>& hit) const {
    if (value.size() > 80) return false;
    hit.clear();
    size_t meaningful = 0;
    for (const std::string& p : WordParts(value)) {
      if (Generic(p)) continue;
      ++meaningful;
      bool found = false;
      for (size_t i = 0; i < words_.size() && !found; ++i) {
        if (words_[i].left && !words_[i].used && Same(words_[i].part, p) &&
            std::find(hit.begin(), hit.end(), i) == hit.end()) {
          hit.push_back(i);
          found = true;
        }
      }
      if (!found) return false;
    }
    if (meaningful == 0) return false;
    // One word alone names a value only when it is a distinctive one.
    return meaningful > 1 || words_[hit[0]].part.size() >= 5;
  }

  void AddValueLink(const ColumnValues& column, const std::vector<std::string>& values,
                    const std::vector<size_t>& hit, int64_t events) {
    std::string said;
    for (size_t i : hit) {
      words_[i].used = true;
      said += (said.empty() ? "" : " ") + words_[i].part;
    }
    std::string condition;
    if (values.size() == 1) {
      condition = column.column + " == " + Quote(values[0]);
    } else {
      condition = column.column + " in (";
      for (size_t i = 0; i < values.size() && i < 10; ++i) {
        condition += (i ? ", " : "") + Quote(values[i]);
      }
      condition += ")";
    }
    std::string evidence =
        " (value seen " + std::to_string(events) + " times in " + column.table + ")";
    if (spec_.activity == nullptr) {
      LinkedActivity& a = owned_.emplace_back();
      a.key = "value";
      a.table = column.table;
      a.filter = condition;
      a.description = "events where " + condition;
      a.fields = DefaultFields(column.table);
      a.Bind();
      spec_.activity = &a.view;
      spec_.activity_said = said;
      draft_.mapping.push_back("'" + said + "' → " + condition + evidence);
      return;
    }
    spec_.conditions.emplace_back(condition, said);
    draft_.mapping.push_back("'" + said + "' → " + condition + evidence);
  }

  // A word that can only be a value: digits, dots, backslashes, @, _ or inner capitals.
  static bool ValueLike(const std::string& word) {
    for (size_t i = 0; i < word.size(); ++i) {
      char c = word[i];
      if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '\\' || c == '@' ||
          c == '_' || (i > 0 && std::isupper(static_cast<unsigned char>(c)))) {
        return true;
      }
    }
    return false;
  }

  // The condition by which a cell value names `word` as a whole (ASCII case aside): equal, its
  // last path part (an executable's name without ".exe" too), or the user of an address; "" when
  // it does not. Tests on what the person typed, not on the whole evidence value, keep the
  // draft's literals their own.
  static std::string WholeTest(const std::string& column, const std::string& value,
                               const std::string& word) {
    std::string v = AsciiToLower(value);
    std::string w = AsciiToLower(word);
    if (v == w) return column + " =~ " + Quote(word);
    for (char sep : {'\\', '/'}) {
      size_t at = v.rfind(sep);
      if (at == std::string::npos) continue;
      std::string last = v.substr(at + 1);
      if (last == w || last == w + ".exe") {
        return column + " endswith " + Quote(std::string(1, sep) + value.substr(at + 1));
      }
    }
    if (v.rfind(w + "@", 0) == 0) return column + " startswith " + Quote(word + "@");
    return "";
  }

  // Words the grammar left that occur in the case's values: a user, a host, a process, a key.
  void EntityLinks() {
    for (const std::string& word : left_) {
      if (word.size() < 3 || IsStopWord(AsciiToLower(word))) continue;
      bool taken = false;
      for (const std::string& p : WordParts(word)) {
        for (const QWord& w : words_) taken = taken || (w.part == p && w.used);
      }
      if (taken) continue;
      std::vector<ValueHit> hits = lookup_.Find(word);
      std::vector<std::pair<ValueHit, std::string>> kept;  // a hit and its test
      bool on_activity_field = false;
      for (const ValueHit& h : hits) {
        if (spec_.activity != nullptr && h.table != spec_.activity->table) continue;
        std::string test = h.value.empty()
                               ? (ValueLike(word) ? h.column + " contains " + Quote(word) : "")
                               : WholeTest(h.column, h.value, word);
        if (test.empty()) continue;
        bool field = spec_.activity != nullptr &&
                     std::any_of(spec_.activity->fields.begin(), spec_.activity->fields.end(),
                                 [&](const auto& f) { return f.second == h.column; });
        on_activity_field = on_activity_field || field;
        kept.emplace_back(h, test);
      }
      // Where the activity has a field holding it (the process of an image load), that field.
      if (on_activity_field) {
        std::erase_if(kept, [&](const auto& k) {
          return std::none_of(spec_.activity->fields.begin(), spec_.activity->fields.end(),
                              [&](const auto& f) { return f.second == k.first.column; });
        });
      }
      if (kept.empty()) continue;
      std::string table = kept.front().first.table;
      std::vector<std::string> columns;
      std::string condition;
      int64_t events = 0;
      for (const auto& [h, test] : kept) {
        if (h.table != table) continue;
        events += h.events;
        if (condition.find(test) != std::string::npos) continue;
        if (columns.size() >= 4) break;
        if (std::find(columns.begin(), columns.end(), h.column) == columns.end()) {
          columns.push_back(h.column);
        }
        condition += (condition.empty() ? "" : " or ") + test;
      }
      if (condition.find(" or ") != std::string::npos) condition = "(" + condition + ")";
      for (const std::string& p : WordParts(word)) {
        for (QWord& w : words_) {
          if (w.part == p) w.used = true;
        }
      }
      std::string where;
      for (const std::string& c : columns) where += (where.empty() ? "" : ", ") + c;
      std::string evidence =
          " (found in " + table + " " + where + ", " + std::to_string(events) + " events)";
      if (spec_.activity == nullptr) {
        LinkedActivity& a = owned_.emplace_back();
        a.key = "entity";
        a.table = table;
        a.filter = condition;
        a.description = "events of " + table + " naming '" + word + "'";
        a.fields = DefaultFields(table);
        a.Bind();
        spec_.activity = &a.view;
        spec_.activity_said = word;
      } else {
        spec_.conditions.emplace_back(condition, word);
      }
      draft_.mapping.push_back("'" + word + "' → " + condition + evidence);
    }
  }

  // A doubtful filter whose words a link used was a misreading: dropped.
  void DropDoubtfulFilters() {
    std::erase_if(spec_.filters, [&](const Filter& f) {
      if (std::find(doubtful_.begin(), doubtful_.end(), f.said) == doubtful_.end()) return false;
      for (const std::string& p : WordParts(f.said)) {
        for (const QWord& w : words_) {
          if (w.part == p && w.used) return true;
        }
      }
      return false;
    });
  }

  // Filters the grammar read with no activity ("what did user intern do"): the table where the
  // value occurs.
  void FilterTable() {
    if (spec_.activity != nullptr) return;
    for (const Filter& f : spec_.filters) {
      if (f.value.empty() || f.kind == "eq_num") continue;
      std::vector<ValueHit> hits = lookup_.Find(f.value);
      if (hits.empty()) continue;
      const ValueHit& h = hits.front();
      LinkedActivity& a = owned_.emplace_back();
      a.key = "entity";
      a.table = h.table;
      a.description = "events of " + h.table;
      a.fields = DefaultFields(h.table);
      a.Bind();
      spec_.activity = &a.view;
      spec_.activity_said = f.said;
      draft_.mapping.push_back("'" + f.said + "' → events of " + h.table + " ('" + f.value +
                               "' found in " + h.column + ", " + std::to_string(h.events) +
                               " events)");
      return;
    }
  }

  // A filter on a column that does not hold its value, where another column of the table does
  // ("by powershell" is no user here but the process; "AccessDenied" no API name but an error
  // code): the condition moves to that column.
  void RelinkFilters() {
    if (spec_.activity == nullptr) return;
    std::string table(spec_.activity->table);
    for (size_t i = 0; i < spec_.filters.size();) {
      const Filter& f = spec_.filters[i];
      if (f.kind != "eq" && f.kind != "contains" && f.kind != "endswith") {
        ++i;
        continue;
      }
      std::string field = FieldFor(spec_, f.entity, catalog_);
      std::vector<ValueHit> hits = lookup_.Find(f.value);
      bool here = false;
      std::string condition;
      std::vector<std::string> columns;
      for (const ValueHit& h : hits) {
        if (h.table != table) continue;
        if (h.column == field) here = true;
        std::string test =
            h.value.empty() ? (ValueLike(f.value) ? h.column + " contains " + Quote(f.value) : "")
                            : WholeTest(h.column, h.value, f.value);
        if (test.empty() || condition.find(test) != std::string::npos || columns.size() >= 3) {
          continue;
        }
        if (std::find(columns.begin(), columns.end(), h.column) == columns.end()) {
          columns.push_back(h.column);
        }
        condition += (condition.empty() ? "" : " or ") + test;
      }
      if (here || condition.empty()) {
        ++i;
        continue;
      }
      if (condition.find(" or ") != std::string::npos) condition = "(" + condition + ")";
      if (f.negated) condition = "not(" + condition + ")";
      std::string where;
      for (const std::string& c : columns) where += (where.empty() ? "" : ", ") + c;
      draft_.mapping.push_back("'" + f.said + "' → " + condition + " ('" + f.value + "' is in " +
                               where + " here" + (field.empty() ? "" : ", not in " + field) + ")");
      spec_.conditions.emplace_back(condition, f.said);
      spec_.filters.erase(spec_.filters.begin() + static_cast<long>(i));
    }
  }

  // "failed", "errors", "denied": the table's error column is set.
  void Failures() {
    if (spec_.activity == nullptr || catalog_ == nullptr) return;
    const kql::TableSchema* t = catalog_->Find(spec_.activity->table);
    if (t == nullptr || t->Find("ErrorCode") == nullptr) return;
    std::string filter(spec_.activity->filter);
    if (filter.find("ErrorCode") != std::string::npos) return;
    for (const auto& c : spec_.conditions) {
      if (c.first.find("ErrorCode") != std::string::npos) return;
    }
    for (QWord& w : words_) {
      if (w.used || !w.left) continue;
      if (w.part == "failed" || w.part == "failure" || w.part == "failures" || w.part == "errors" ||
          w.part == "error" || w.part == "unsuccessful" || w.part == "denied" || w.part == "fail" ||
          w.part == "fails") {
        w.used = true;
        spec_.conditions.emplace_back("isnotempty(ErrorCode)", w.part);
        draft_.mapping.push_back("'" + w.part + "' → isnotempty(ErrorCode) (the call failed)");
        return;
      }
    }
  }

  const CaseLookup& lookup_;
  const kql::Catalog* catalog_;
  HuntSpec& spec_;
  Draft& draft_;
  bool weak_activity_ = false;
  std::vector<std::string> doubtful_;  // the said words of filters whose value is nowhere
  std::deque<LinkedActivity>& owned_;
  std::vector<QWord> words_;
  std::vector<std::string> left_;
};

}  // namespace

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
    return {{E::kHost, "Computer"},
            {E::kUser, "User"},
            {E::kProcess, "Image"},
            {E::kParent, "ParentImage"},
            {E::kCommandLine, "CommandLine"}};
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
      {"EventSource", E::kService}};
  for (const auto& [name, entity] : kColumns) {
    if (name == column) {
      e = entity;
      return true;
    }
  }
  return false;
}

std::vector<std::string> LinkToCase(std::string_view question, std::vector<std::string> left,
                                    const CaseLookup& lookup, const kql::Catalog* catalog,
                                    HuntSpec& spec, Draft& draft,
                                    std::deque<LinkedActivity>& owned) {
  return Linking(question, left, lookup, catalog, spec, draft, owned).Run();
}

}  // namespace quarry::assist::builtin
