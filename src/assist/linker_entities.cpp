// Linking the entities a question names, and the grammar's filters, to the columns of the case
// that hold them; and the words that name a state of a call (failed, changes).
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
    std::string test = WholeTest(hit.column, value, word);
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
    if (word.size() < 3 || IsStopWord(AsciiToLower(word))) continue;
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
      std::string test =
          h.value.empty() ? WholeInFreeText(h, word) : WholeTest(h.column, h.value, word);
      if (test.empty() && h.value.empty() && ValueLike(word)) {
        test = h.column + " contains " + Quote(word);
      }
      // A word inside the text of a column the question names ("a kali user agent").
      if (test.empty() && ColumnNamed(h.column)) {
        test = h.column + " contains " + Quote(word);
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
bool Linking::NamedInCase(const std::string& word) const {
  for (const ValueHit& h : lookup_.Find(word)) {
    // Over an activity, only its own table's values count ("by error": no user of CloudTrail
    // is called "error", whatever a Windows event's level says).
    if (spec_.activity != nullptr && h.table != spec_.activity->table) continue;
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
      std::string test = h.value.empty()
                             ? (ValueLike(f.value) ? h.column + " contains " + Quote(f.value) : "")
                             : WholeTest(h.column, h.value, f.value);
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

// "changes", "modifications", "writes": calls that are not read-only.
void Linking::Changes() {
  if (spec_.activity == nullptr || catalog_ == nullptr) return;
  const kql::TableSchema* t = catalog_->Find(spec_.activity->table);
  if (t == nullptr || t->Find("ReadOnly") == nullptr) return;
  // "read-only ones", "excluding read-only": the flag itself.
  for (size_t i = 0; i + 1 < all_parts_.size(); ++i) {
    if (all_parts_[i] != "read" || all_parts_[i + 1] != "only") continue;
    bool negated = NegatedPosition(i);
    spec_.conditions.emplace_back(negated ? "ReadOnly == false" : "ReadOnly == true", "read-only");
    draft_.mapping.push_back(std::string("'read-only' → ReadOnly == ") +
                             (negated ? "false" : "true"));
    for (QWord& w : words_) w.used = w.used || w.part == "read" || w.part == "only";
    return;
  }
  for (QWord& w : words_) {
    if (w.used || !w.left) continue;
    if (w.part == "changes" || w.part == "change" || w.part == "modifications" ||
        w.part == "writes" || w.part == "write" || w.part == "mutations" || w.part == "mutating") {
      w.used = true;
      spec_.conditions.emplace_back("ReadOnly == false", w.part);
      draft_.mapping.push_back("'" + w.part +
                               "' → ReadOnly == false (calls that change "
                               "something)");
      return;
    }
  }
}

// "failed", "errors", "denied": the table's error column is set.
void Linking::Failures() {
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

bool Linking::NegatedAt(const std::string& part) const {
  for (size_t i = 0; i < all_parts_.size(); ++i) {
    if (all_parts_[i] == part && NegatedPosition(i)) return true;
  }
  return false;
}

bool Linking::NegatedPosition(size_t i) const {
  static const std::set<std::string> kNegations = {
      "not",     "excluding", "exclude", "except", "without", "ignoring", "ignore",
      "outside", "skip",      "drop",    "omit",   "minus",   "hide",     "excluded"};
  static const std::set<std::string> kBetween = {"from", "by",     "on",   "for",  "to",
                                                 "the",  "coming", "user", "role", "roles",
                                                 "host", "any",    "all"};
  for (size_t back = 1; back <= 4 && back <= i; ++back) {
    const std::string& w = all_parts_[i - back];
    if (kNegations.count(w) > 0) return true;
    bool two_words = i - back >= 1;
    if (two_words && ((w == "than" && all_parts_[i - back - 1] == "other") ||
                      (w == "out" && (all_parts_[i - back - 1] == "leave" ||
                                      all_parts_[i - back - 1] == "leaving" ||
                                      all_parts_[i - back - 1] == "filter")))) {
      return true;
    }
    // "exclude svchost and defender": the negation reaches over "and".
    // The term before may be of several words ("drop prefetch files and svchost").
    if (w == "and" || w == "or") {
      if (!two_words) return continues_exclusion_;
      for (size_t j = i - back - 1, tried = 0; tried < 3; --j, ++tried) {
        if (NegatedPosition(j)) return true;
        if (j == 0) break;
      }
      return false;
    }
    if (kBetween.count(w) == 0) break;
  }
  return false;
}

void Linking::GroupColumns() {
  // The grammar's own grouping ("by user", "per host") stands.
  if (spec_.activity == nullptr || catalog_ == nullptr || !spec_.groups.empty()) return;
  const kql::TableSchema* table = catalog_->Find(spec_.activity->table);
  if (table == nullptr) return;
  static const std::set<std::string> kTriggers = {"by",  "per",      "each",   "which",    "what",
                                                  "top", "distinct", "unique", "different"};
  for (size_t i = 0; i + 1 < all_parts_.size(); ++i) {
    if (kTriggers.count(all_parts_[i]) == 0) continue;
    // The words after the trigger that no link used (numbers skipped: "top 3 regions").
    std::vector<QWord*> after;
    for (size_t k = i + 1; k < all_parts_.size() && after.size() < 3; ++k) {
      if (std::all_of(all_parts_[k].begin(), all_parts_[k].end(),
                      [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        continue;
      }
      // A vendor's name says no more of a column ("distinct aws accounts").
      if (Generic(all_parts_[k]) && after.empty()) continue;
      QWord* w = nullptr;
      for (QWord& q : words_) {
        if (q.part == all_parts_[k] && q.left && !q.used) w = &q;
      }
      if (w == nullptr) break;
      after.push_back(w);
    }
    if (after.empty()) continue;
    const kql::Column* best = nullptr;
    size_t best_words = 0;
    for (const kql::Column& column : table->columns) {
      if (column.name.rfind('_', 0) == 0 || column.name == "TimeGenerated") continue;
      std::vector<std::string> parts;
      for (std::string& p : WordParts(column.name)) {
        if (!Generic(p)) parts.push_back(std::move(p));
      }
      if (parts.empty() || parts.size() > after.size()) continue;
      // The column's words, in order, are the words after the trigger.
      bool all = true;
      for (size_t k = 0; k < parts.size() && all; ++k) all = Same(after[k]->part, parts[k]);
      if (all && parts.size() > best_words) {
        best = &column;
        best_words = parts.size();
      }
    }
    // One noun names a column of its id or name ("accounts" → RecipientAccountId), the one
    // of fewest words where several do.
    if (best == nullptr && (spec_.aggregation == Aggregation::kDcount || all_parts_[i] != "by")) {
      size_t fewest = 0;
      for (const kql::Column& column : table->columns) {
        if (column.name.rfind('_', 0) == 0) continue;
        std::vector<std::string> parts = WordParts(column.name);
        if (parts.size() < 2 || (parts.back() != "id" && parts.back() != "name")) continue;
        parts.pop_back();
        if (Same(after[0]->part, parts.back()) && (best == nullptr || parts.size() < fewest)) {
          best = &column;
          fewest = parts.size();
        }
      }
      best_words = best != nullptr ? 1 : 0;
    }
    if (best == nullptr) continue;
    std::string said;
    for (size_t k = 0; k < best_words; ++k) {
      after[k]->used = true;
      said += (k ? " " : "") + after[k]->part;
    }
    spec_.group_columns.push_back(best->name);
    if (spec_.aggregation == Aggregation::kNone) {
      bool ranked = std::any_of(all_parts_.begin(), all_parts_.end(), [](const std::string& w) {
        return w == "most" || w == "top" || w == "many" || w == "least";
      });
      bool listing = !ranked && (all_parts_[i] == "which" || all_parts_[i] == "what" ||
                                 all_parts_[i] == "distinct" || all_parts_[i] == "unique" ||
                                 all_parts_[i] == "different");
      spec_.aggregation = listing ? Aggregation::kDistinct : Aggregation::kCount;
    }
    draft_.mapping.push_back(
        "'" + all_parts_[i] + " " + said + "' → " +
        (spec_.aggregation == Aggregation::kDcount ? "distinct values of " : "by ") + best->name +
        " (a column of " + table->name + ")");
  }
}

bool Linking::ColumnNamed(const std::string& column) const {
  size_t named = 0;
  for (const std::string& p : WordParts(column)) {
    if (Generic(p)) continue;
    bool found = std::any_of(all_parts_.begin(), all_parts_.end(),
                             [&](const std::string& w) { return Same(w, p); });
    if (!found) return false;
    ++named;
  }
  return named > 0;
}

void Linking::PrefixLinks() {
  if (spec_.activity == nullptr) return;
  for (QWord& w : words_) {
    if (w.used || !w.left || w.part.size() < 4) continue;
    // "not describes", "list calls": the verb most values of an activity column start with.
    for (const ColumnValues& column : lookup_.FewValued()) {
      // Only names of operations start with a verb (EventName, OperationName, …).
      if (column.table != spec_.activity->table || ColumnRank(column.column) > 3 ||
          std::string_view(spec_.activity->filter).find(column.column) != std::string_view::npos) {
        continue;
      }
      std::string prefix;
      int values = 0;
      for (const auto& value_events : column.values) {
        std::vector<std::string> parts = WordParts(value_events.first);
        if (parts.size() < 2 || !Same(w.part, parts[0])) continue;
        ++values;
        prefix = value_events.first.substr(0, parts[0].size());
      }
      if (values < 2) continue;
      w.used = true;
      std::string condition = column.column + " startswith " + Quote(prefix);
      bool negated = NegatedAt(w.part);
      if (negated) condition.insert(0, "not(").append(")");
      spec_.conditions.emplace_back(condition, w.part);
      draft_.mapping.push_back("'" + w.part + "' → " + condition + " (" + std::to_string(values) +
                               " values of " + column.column + " start so)");
      break;
    }
  }
}

void Linking::Unsigned() {
  if (spec_.activity == nullptr || catalog_ == nullptr) return;
  const kql::TableSchema* t = catalog_->Find(spec_.activity->table);
  if (t == nullptr) return;
  for (QWord& w : words_) {
    if (w.used || !w.left) continue;
    // "unsigned dlls": a true/false column named by the rest of the word (Signed).
    for (std::string_view negative : {"un", "non"}) {
      if (w.part.rfind(negative, 0) != 0 || w.part.size() <= negative.size() + 3) continue;
      std::string rest = w.part.substr(negative.size());
      for (const kql::Column& column : t->columns) {
        if (AsciiToLower(column.name) != rest) continue;
        std::string test = column.type == kql::Type::kBool ? column.name + " == false"
                                                           : column.name + " =~ \"false\"";
        w.used = true;
        spec_.conditions.emplace_back(test, w.part);
        draft_.mapping.push_back("'" + w.part + "' → " + test);
        return;
      }
    }
  }
}

void Linking::FirstOrLast() {
  if (spec_.activity == nullptr || spec_.aggregation != Aggregation::kNone) return;
  for (QWord& w : words_) {
    if (w.used || !w.left) continue;
    int edge = w.part == "first" || w.part == "earliest"                      ? 1
               : w.part == "last" || w.part == "latest" || w.part == "newest" ? -1
                                                                              : 0;
    if (edge == 0) continue;
    w.used = true;
    spec_.edge = edge;
    draft_.mapping.push_back("'" + w.part + "' → top 1 by TimeGenerated " +
                             (edge > 0 ? "asc" : "desc"));
    return;
  }
}

void Linking::UseNegationWords() {
  static const std::set<std::string> kWords = {
      "exclude", "excluding", "except", "leave", "leaving", "skip", "drop", "omit",
      "ignore",  "ignoring",  "hide",   "minus", "other",   "than", "not",  "without"};
  for (QWord& w : words_) w.used = w.used || kWords.count(w.part) > 0;
}

}  // namespace quarry::assist::builtin::linking
