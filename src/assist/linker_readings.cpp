// Readings of the question's words that are no entity: the state of a call (failed, changes,
// read-only, unsigned), negation, grouping by a column the words name, values' common prefixes,
// the first or last event, and evidence that a process ran where no process creation shows it.
#include <algorithm>
#include <cctype>
#include <set>

#include "assist/linker_internal.h"

namespace quarry::assist::builtin::linking {

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
    // "the calls that changed something, not the read-only ones" says it once.
    static const std::set<std::string> kSaid = {"read",    "only",     "changed", "change",
                                                "changes", "modified", "writes",  "write"};
    for (QWord& w : words_) w.used = w.used || kSaid.count(w.part) > 0;
    return;
  }
  for (QWord& w : words_) {
    if (w.used || !w.left) continue;
    if (w.part == "changes" || w.part == "change" || w.part == "changed" ||
        w.part == "modifications" || w.part == "writes" || w.part == "write" ||
        w.part == "mutations" || w.part == "mutating") {
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
      "not",  "excluding", "exclude", "except", "without", "ignoring", "ignore",  "outside",
      "skip", "drop",      "omit",    "minus",  "hide",    "excluded", "nothing", "never"};
  static const std::set<std::string> kBetween = {"from", "by",     "on",   "for",  "to",
                                                 "the",  "coming", "user", "role", "roles",
                                                 "host", "any",    "all"};
  // "leave WORKSTATION5 out of it".
  if (i >= 1 && i + 1 < all_parts_.size() && all_parts_[i + 1] == "out" &&
      (all_parts_[i - 1] == "leave" || all_parts_[i - 1] == "keep")) {
    return true;
  }
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
      std::string condition = KqlName(column.column) + " startswith " + Quote(prefix);
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
      "exclude", "excluding", "except",   "leave", "leaving", "skip",  "drop",
      "omit",    "ignore",    "ignoring", "hide",  "minus",   "other", "than",
      "not",     "without",   "nothing",  "never", "out",     "keep"};
  for (QWord& w : words_) w.used = w.used || kWords.count(w.part) > 0;
}

// "where did GruntHTTP.exe run": read as process creations, but none of the named process is
// in the case while events where it acted are (its connections, its pipes): those show where it
// ran.
void Linking::RanWhereItActed() {
  if (spec_.activity == nullptr || spec_.activity->filter.empty()) return;
  static const std::set<std::string> kRan = {"run",      "ran",       "running", "execute",
                                             "executed", "executing", "launched"};
  bool ran = false;
  for (const std::string& p : WordParts(spec_.activity_said)) ran = ran || kRan.count(p) > 0;
  if (!ran) return;
  std::string conditions;
  for (const auto& condition : spec_.conditions) {
    conditions.append(conditions.empty() ? "(" : " and (").append(condition.first).append(")");
  }
  // The process the grammar read, as the writer will test it.
  std::string image = FieldFor(spec_, Entity::kProcess, catalog_);
  for (const Filter& f : spec_.filters) {
    if (f.entity != Entity::kProcess || f.kind != "endswith" || f.negated || image.empty())
      continue;
    conditions.append(conditions.empty() ? "(" : " and (")
        .append(FilterCondition(f, image))
        .append(")");
  }
  if (conditions.empty()) return;
  std::string table(spec_.activity->table);
  if (lookup_.Count(table, Cat({"(", spec_.activity->filter, ") and ", conditions})) != 0) return;
  int64_t acted = lookup_.Count(table, conditions);
  if (acted <= 0) return;
  draft_.mapping.push_back(
      Cat({"'", spec_.activity_said, "' → no ", spec_.activity->description, " names it; the ",
           std::to_string(acted), " events where it acted show where it ran"}));
  LinkedActivity& a = owned_.emplace_back();
  a.key = "entity";
  a.table = table;
  a.description = Cat({"events of ", table, " where it acted"});
  a.fields = DefaultFields(table);
  a.Bind();
  spec_.activity = &a.view;
}

// "which processes did voice_mail.msg.exe open": the process named is the actor, so the
// processes asked for are the other process column of the events (the target).
void Linking::OtherSideGroup() {
  if (spec_.activity == nullptr) return;
  auto group = std::find(spec_.groups.begin(), spec_.groups.end(), Entity::kProcess);
  if (group == spec_.groups.end()) return;
  bool named = std::any_of(spec_.filters.begin(), spec_.filters.end(), [](const Filter& f) {
    return f.entity == Entity::kProcess && !f.negated && f.kind == "endswith";
  });
  std::string actor = FieldFor(spec_, Entity::kProcess, catalog_);
  if (!named || actor.empty()) return;
  std::vector<std::string> columns;
  for (const auto& field : spec_.activity->fields) columns.emplace_back(field.second);
  for (std::string_view column : spec_.activity->shown) columns.emplace_back(column);
  for (const std::string& column : columns) {
    std::vector<std::string> parts = WordParts(column);
    if (column == actor || std::find(parts.begin(), parts.end(), "image") == parts.end() ||
        std::find(parts.begin(), parts.end(), "parent") != parts.end() ||
        std::find(parts.begin(), parts.end(), "loaded") != parts.end()) {
      continue;
    }
    spec_.groups.erase(group);
    spec_.group_columns.push_back(column);
    draft_.mapping.push_back(
        Cat({"'processes' → ", column, " (the process named is ", actor, ", the one acting)"}));
    return;
  }
}

// A listing of events that carry a request (CloudTrail's RequestParameters, Defender's
// AdditionalFields) shows its scalar parameters as columns: the instance a session went to,
// the role whose trust policy was written, the snapshot shared.
void Linking::RequestColumns() {
  if (spec_.activity == nullptr || catalog_ == nullptr || spec_.activity->filter.empty()) return;
  const kql::TableSchema* table = catalog_->Find(spec_.activity->table);
  if (table == nullptr) return;
  std::string condition = "(" + std::string(spec_.activity->filter) + ")";
  for (const auto& c : spec_.conditions) condition += " and (" + c.first + ")";
  for (const char* column : {"RequestParameters", "AdditionalFields", "AdditionalEventData"}) {
    if (table->Find(column) == nullptr) continue;
    size_t added = 0;
    for (const auto& [key, events] : lookup_.KeysOf(spec_.activity->table, condition, column)) {
      bool identifier = !key.empty() && std::isalpha(static_cast<unsigned char>(key[0])) != 0 &&
                        std::all_of(key.begin(), key.end(), [](char c) {
                          return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
                        });
      if (!identifier || added >= 6) continue;
      // A key that is also a column's name gets the column it came from as a prefix.
      std::string name = table->Find(key) != nullptr ? std::string(column) + "_" + key : key;
      spec_.shown_expressions.push_back(Cat({name, " = tostring(", column, ".", key, ")"}));
      ++added;
    }
  }
}

// "how many over TCP versus UDP": both words are values of one column, which the events are
// counted by.
void Linking::Versus() {
  if (spec_.activity == nullptr) return;
  for (size_t i = 1; i + 1 < all_parts_.size(); ++i) {
    if (all_parts_[i] != "versus" && all_parts_[i] != "vs") continue;
    const std::string& a = all_parts_[i - 1];
    const std::string& b = all_parts_[i + 1];
    for (const ColumnValues& column : lookup_.FewValued()) {
      if (column.table != spec_.activity->table) continue;
      bool has_a = false;
      bool has_b = false;
      for (const auto& value : column.values) {
        std::string lowered = AsciiToLower(value.first);
        has_a = has_a || lowered == a;
        has_b = has_b || lowered == b;
      }
      if (!has_a || !has_b) continue;
      spec_.group_columns.push_back(column.column);
      if (spec_.aggregation == Aggregation::kNone || spec_.aggregation == Aggregation::kDistinct) {
        spec_.aggregation = Aggregation::kCount;
      }
      for (QWord& w : words_) {
        w.used = w.used || w.part == a || w.part == b || w.part == all_parts_[i];
      }
      draft_.mapping.push_back(Cat({"'", a, " ", all_parts_[i], " ", b, "' → by ", column.column,
                                    " (both are values of it)"}));
      return;
    }
  }
}

}  // namespace quarry::assist::builtin::linking
