// Linking the entities a question names, and the grammar's filters, to the columns of the case
// that hold them.
#include <algorithm>
#include <cctype>

#include "assist/linker_internal.h"

namespace quarry::assist::builtin::linking {

// A word that can only be a value: digits, dots, backslashes, @, _ or inner capitals.
bool Linking::ValueLike(const std::string& word) {
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '\\' || c == '@' ||
        c == '_' || c == '$' || (i > 0 && std::isupper(static_cast<unsigned char>(c)))) {
      return true;
    }
  }
  return false;
}

// A column of many values holding the word: the test by which its most common values name it
// whole ("Debug" is the last part of …\CurrentVersion\Debug), if any does.
std::string Linking::WholeInFreeText(const ValueHit& hit, const std::string& word) const {
  for (const auto& [value, events] : lookup_.ValuesHolding(hit.table, hit.column, word, 20)) {
    std::string test = WholeTest(KqlName(hit.column), value, word);
    if (!test.empty()) return test;
  }
  return "";
}

// A column the activity's events are read by: an entity field or one its listing shows.
bool Linking::ActivityColumn(std::string_view column) const {
  const Activity& a = *spec_.activity;
  return std::any_of(a.fields.begin(), a.fields.end(),
                     [&](const auto& f) { return f.second == column; }) ||
         std::find(a.shown.begin(), a.shown.end(), column) != a.shown.end();
}

// Words the grammar left that occur in the case's values: a user, a host, a process, a key.
void Linking::EntityLinks() {
  std::vector<std::string> source_words;  // "sysmon events": the log, not a process
  if (spec_.activity != nullptr) source_words = WordParts(spec_.activity->table);
  for (const std::string& word : left_) {
    // Short words say nothing unless they can only be names (C$); punctuation is no word.
    bool marked = word.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") !=
                  std::string::npos;
    if ((word.size() < 3 && !marked) || IsStopWord(AsciiToLower(word)) ||
        std::none_of(word.begin(), word.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; })) {
      continue;
    }
    if (std::all_of(word.begin(), word.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      continue;  // a number is a count, a threshold or a year, not a name
    }
    std::string lowered = AsciiToLower(word);
    if (std::find(source_words.begin(), source_words.end(), lowered) != source_words.end() ||
        lowered == "cloudtrail") {
      continue;
    }
    bool taken = false;
    for (const std::string& p : WordParts(word)) {
      for (const QWord& w : words_) taken = taken || (w.part == p && w.used);
    }
    // A name written whole (ADMIN$, a path, an address) is still a name when a knowledge
    // phrase read one of its parts ("admin share").
    if (taken && word.find_first_of("$\\@.") == std::string::npos) continue;
    std::vector<ValueHit> hits = lookup_.Find(word);
    if (inferred_ != nullptr && spec_.activity == inferred_ && !hits.empty() &&
        (ValueLike(word) || word.find_first_of(":/\\@") != std::string::npos) &&
        std::none_of(hits.begin(), hits.end(),
                     [&](const ValueHit& h) { return h.table == inferred_->table; })) {
      draft_.mapping.push_back(Cat({"'", word, "' occurs in no ", inferred_->description, " (",
                                    inferred_->table, "): read the events naming it"}));
      spec_.activity = nullptr;
      inferred_ = nullptr;
    }
    std::vector<std::pair<ValueHit, std::string>> kept;  // a hit and its test
    bool on_activity_field = false;
    for (const ValueHit& h : hits) {
      if (spec_.activity != nullptr && h.table != spec_.activity->table) continue;
      // A column the activity's events never fill (a registry key's column for a process
      // creation; one table holds every Sysmon event) cannot hold the name for them.
      if (spec_.activity != nullptr && !spec_.activity->filter.empty() &&
          lookup_.Count(h.table, "(" + std::string(spec_.activity->filter) + ") and isnotempty(" +
                                     KqlName(h.column) + ")") == 0) {
        continue;
      }
      std::string test =
          h.value.empty() ? WholeInFreeText(h, word) : WholeTest(KqlName(h.column), h.value, word);
      if (test.empty() && h.value.empty() && ValueLike(word)) {
        test = KqlName(h.column) + " contains " + Quote(word);
      }
      // A word inside the text of a column the question names ("a kali user agent").
      if (test.empty() && ColumnNamed(h.column)) {
        test = KqlName(h.column) + " contains " + Quote(word);
        for (const std::string& p : WordParts(h.column)) {
          for (QWord& w : words_) w.used = w.used || Same(w.part, p);
        }
      }
      if (test.empty()) continue;
      bool field = spec_.activity != nullptr && ActivityColumn(h.column);
      on_activity_field = on_activity_field || field;
      kept.emplace_back(h, test);
    }
    // Where the activity has a field holding it (the process of an image load), that field.
    if (on_activity_field) {
      std::erase_if(kept, [&](const auto& k) { return !ActivityColumn(k.first.column); });
    }
    // A column the question names holds it ("the lsass named pipe": PipeName, not the lsass
    // process).
    if (std::any_of(kept.begin(), kept.end(),
                    [&](const auto& k) { return ColumnNamed(k.first.column); })) {
      std::erase_if(kept, [&](const auto& k) { return !ColumnNamed(k.first.column); });
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
      condition.append(condition.empty() ? "" : " or ").append(test);
    }
    if (condition.find(" or ") != std::string::npos) condition.insert(0, "(").append(")");
    std::vector<std::string> word_parts = WordParts(word);
    if (!word_parts.empty() && NegatedAt(word_parts.front())) {
      condition.insert(0, "not(").append(")");
      UseNegationWords();
    }
    for (const std::string& p : WordParts(word)) {
      for (QWord& w : words_) {
        if (w.part == p) w.used = true;
      }
    }
    std::string where;
    for (const std::string& c : columns) where.append(where.empty() ? "" : ", ").append(c);
    std::string evidence =
        Cat({" (found in ", table, " ", where, ", ", std::to_string(events), " events)"});
    if (spec_.activity == nullptr) {
      LinkedActivity& a = owned_.emplace_back();
      a.key = "entity";
      a.table = table;
      a.filter = condition;
      a.description = Cat({"events of ", table, " naming '", word, "'"});
      a.fields = DefaultFields(table);
      a.Bind();
      spec_.activity = &a.view;
      spec_.activity_said = word;
    } else {
      spec_.conditions.emplace_back(condition, word);
    }
    draft_.mapping.push_back(Cat({"'", word, "' → ", condition, evidence}));
  }
}

// Whether some value of the case names `word` whole (or holds it, for a word that can only be
// a value): a word found only inside free text names nothing.
bool Linking::NamedInCase(const std::string& word, const Entity* as) const {
  for (const ValueHit& h : lookup_.Find(word)) {
    // Over an activity, only its own table's values count ("by error": no user of CloudTrail
    // is called "error", whatever a Windows event's level says).
    if (spec_.activity != nullptr && h.table != spec_.activity->table) continue;
    // As a user or a host, not as what happened ("accounts created": Operation "Created") nor
    // as another kind of thing.
    Entity other{};
    if (as != nullptr &&
        (ColumnRank(h.column) < 100 || (EntityOfColumn(h.column, other) && other != *as))) {
      continue;
    }
    if (h.value.empty() ? ValueLike(word) : !WholeTest(h.column, h.value, word).empty()) {
      return true;
    }
  }
  return false;
}

// The tables whose address column holds `ip` (written with or without leading zeros).
std::vector<ValueHit> Linking::IpHits(const std::string& ip) const {
  std::vector<ValueHit> hits;
  if (catalog_ == nullptr) return hits;
  for (const std::string& table : catalog_->TableNames()) {
    for (const auto& [entity, column] : DefaultFields(table)) {
      if (entity != Entity::kIp || catalog_->Find(table)->Find(column) == nullptr) continue;
      int64_t n = lookup_.Count(table, Cat({"parse_ipv4(", column, ") == parse_ipv4(", Quote(ip),
                                            ") or ", column, " has ", Quote(ip)}));
      if (n > 0) hits.push_back(ValueHit{table, column, "", n});
    }
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const ValueHit& a, const ValueHit& b) { return a.events > b.events; });
  return hits;
}

// A doubtful filter whose words a link used was a misreading: dropped.
void Linking::DropFiltersLinksRead() {
  // "user data changed": the knowledge entry read "user data"; the user "data" was a misreading.
  std::erase_if(spec_.filters, [&](const Filter& f) {
    if (f.kind != "eq" && f.kind != "contains" && f.kind != "endswith") return false;
    std::vector<std::string> parts = WordParts(f.value);
    if (parts.empty()) return false;
    return std::all_of(parts.begin(), parts.end(), [&](const std::string& p) {
      return std::any_of(words_.begin(), words_.end(),
                         [&](const QWord& w) { return w.part == p && w.used; });
    });
  });
}

void Linking::DropDoubtfulFilters() {
  std::erase_if(spec_.filters, [&](const Filter& f) {
    if (std::find(doubtful_.begin(), doubtful_.end(), f.said) == doubtful_.end()) return false;
    // Read only from "for X", "by X", "as X" (no "user" said) and named nowhere: no user at all
    // ("seen by Defender for Identity").
    for (const char* weak : {"for ", "by ", "as "}) {
      if (f.said.rfind(weak, 0) == 0) {
        draft_.mapping.push_back(Cat({"'", f.said, "': no ", EntityName(f.entity), " of that name ",
                                      "in this case, so not read as one"}));
        return true;
      }
    }
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
void Linking::FilterTable() {
  // An activity the grammar only inferred from a value's shape ("signin.amazonaws.com" looks
  // like a domain queried) gives way to the table that holds the value.
  if (spec_.activity != nullptr && weak_activity_ && !spec_.filters.empty()) {
    const Filter& f = spec_.filters.front();
    std::vector<ValueHit> hits = f.kind == "ip" ? IpHits(f.value) : lookup_.Find(f.value);
    bool here = std::any_of(hits.begin(), hits.end(),
                            [&](const ValueHit& h) { return h.table == spec_.activity->table; });
    if (!here && !hits.empty()) spec_.activity = nullptr;
  }
  if (spec_.activity != nullptr) return;
  for (const Filter& f : spec_.filters) {
    if (f.value.empty() || f.kind == "eq_num") continue;
    std::vector<ValueHit> hits = f.kind == "ip" ? IpHits(f.value) : lookup_.Find(f.value);
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
void Linking::RelinkFilters() {
  if (spec_.activity == nullptr) return;
  std::string table(spec_.activity->table);
  // "captured by sysmon": the log's own name filters nothing.
  std::vector<std::string> source_words = WordParts(table);
  std::erase_if(spec_.filters, [&](const Filter& f) {
    std::string v = AsciiToLower(f.value);
    bool source = std::find(source_words.begin(), source_words.end(), v) != source_words.end();
    if (source) draft_.mapping.push_back("'" + f.said + "' → the log itself (" + table + ")");
    return source && !f.negated;
  });
  for (size_t i = 0; i < spec_.filters.size();) {
    const Filter& f = spec_.filters[i];
    // A host is where the event happened: it stays on the event's computer.
    if ((f.kind != "eq" && f.kind != "contains" && f.kind != "endswith") ||
        f.entity == Entity::kHost) {
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
          h.value.empty()
              ? (ValueLike(f.value) ? KqlName(h.column) + " contains " + Quote(f.value) : "")
              : WholeTest(KqlName(h.column), h.value, f.value);
      if (test.empty() || condition.find(test) != std::string::npos || columns.size() >= 3) {
        continue;
      }
      if (std::find(columns.begin(), columns.end(), h.column) == columns.end()) {
        columns.push_back(h.column);
      }
      condition.append(condition.empty() ? "" : " or ").append(test);
    }
    if (here || condition.empty()) {
      ++i;
      continue;
    }
    if (condition.find(" or ") != std::string::npos) condition.insert(0, "(").append(")");
    if (f.negated) condition.insert(0, "not(").append(")");
    std::string where;
    for (const std::string& c : columns) where.append(where.empty() ? "" : ", ").append(c);
    draft_.mapping.push_back(Cat({"'", f.said, "' → ", condition, " ('", f.value, "' is in ", where,
                                  " here", field.empty() ? "" : ", not in ", field, ")"}));
    spec_.conditions.emplace_back(condition, f.said);
    spec_.filters.erase(spec_.filters.begin() + static_cast<long>(i));
  }
}

}  // namespace quarry::assist::builtin::linking
