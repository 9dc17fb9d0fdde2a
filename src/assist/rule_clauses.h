// The walk over a detection description's words (rule_clauses.cpp, rule_clause_words.cpp):
// each value gets a column and an operator, values listed together are alternatives, an
// exclusion negates what follows it. Internal to src/assist.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "assist/rule_phrases.h"
#include "assist/rule_reader.h"

namespace quarry::assist::builtin {

class ConditionReader {
 public:
  ConditionReader(const std::vector<RuleWord>& w, const std::vector<bool>& used,
                  const RuleSource& source, const kql::TableSchema* schema)
      : w_(w), used_(used), source_(source), schema_(schema) {}

  std::vector<RuleCondition> Run() {
    size_t first = 0;
    for (size_t i = 0; i < w_.size(); ++i) {
      if (w_[i].sentence_end || i + 1 == w_.size()) {
        Sentence(first, i + 1);
        first = i + 1;
      }
    }
    return std::move(out_);
  }

 private:
  void Sentence(size_t first, size_t last);

  // "vssadmin delete shadows", "wevtutil with cl or clear-log": the words after a program, to
  // the end of its list item, are what its command line says. The index of the last word read.
  size_t CommandPhrase(size_t i);

  // Whether the clause from `from` to its semicolon or the sentence's end says it is excluded.
  bool ClauseExcludes(size_t from, size_t last) const;

  // Places named by what they are: the Startup folder, Image File Execution Options, Run keys.
  size_t ConceptAt(size_t i);

  // "added to the local Administrators or Remote Desktop Users group": group names, capitalised,
  // before "group" in a membership event (its TargetUserName).
  void GroupNames(size_t first, size_t last);

  // "the group name" of a membership change is its TargetUserName; "whose name", "task name"
  // and the like are the name column of the events (TaskName, ServiceName).
  size_t NameWordAt(size_t i);

  size_t EntityWordAt(size_t i);

  // A word between values: a list goes on over "or" and commas; anything else ends it.
  // A word between values: a list goes on over "or", commas and words that add nothing, and
  // ends at a word that starts another condition ("with", "and", "where", "in" …).
  void Connector(size_t i);
  void Break() { open_.clear(); }

  std::string Column(Entity e) const { return ColumnFor(source_, e, schema_); }

  // The column and operator of the value at i, and the value as the rule tests it; false when
  // the word is no value here.
  bool Value(size_t i, size_t marker, Relation relation);

  // "opening lsass.exe", "access to lsass.exe": the process acted on (Sysmon 8 and 10).
  bool Accessed(size_t i) const;

  // "(portproxy add, …)", "together with process call create": words of the command line,
  // lower case, said as a unit where a list or a parenthesis starts. The words read, or 0.
  size_t FreePhrase(size_t i);

  // "recoveryenabled set to No": a setting and its value, both words of the command line.
  bool Setting(size_t i);

  // "the REGSVR action", "a Debugger value": a name said with what kind of thing it is.
  bool Named(size_t i);

  // "whoami, hostname, ipconfig": a plain word standing alone in a list of programs or of
  // command-line words is one more of them.
  bool ListItem(size_t i);

  // A word listed with others of its shape: "public-read or public-read-write".
  bool InList(size_t i) const;

  // What the events are about, when nothing else fits a name: the knowledge entry's first
  // field that is no process, user or host ("RedSun - Named Pipe Created" → PipeName).
  std::string ObjectColumn() const;

  bool Has(std::string_view column) const {
    return schema_ == nullptr || schema_->Find(column) != nullptr;
  }

  // A plain word that is a value by where it stands: after a column named as written and
  // "contains" ("CommandLine contains comsvcs"), capitalised after "is" ("TargetUserName is
  // Administrators"), or before "in the command line" ("lsass appears in the command line").
  bool PlainWord(size_t i);

  void Add(const std::string& column, const std::string& op, const std::string& value,
           const std::string& said);

  bool Opened(const std::string& column) const {
    return std::any_of(open_.begin(), open_.end(),
                       [&](size_t g) { return out_[g].column == column; });
  }

  const std::vector<RuleWord>& w_;
  const std::vector<bool>& used_;
  const RuleSource& source_;
  const kql::TableSchema* schema_;
  std::vector<RuleCondition> out_;
  bool negated_ = false;
  bool skip_ = false;
  int sentence_ = 0;
  std::string column_;            // a column just named
  std::optional<Entity> entity_;  // an entity just named ("the process", "account")
  std::string op_;
  size_t since_slot_ = 99;             // words since a column or entity was named
  std::vector<size_t> open_;           // the conditions a list is adding to, one per column
  std::optional<size_t> paren_group_;  // the condition a parenthesis glosses
  std::optional<std::pair<size_t, size_t>> setting_;  // the conditions of a setting, its value
  size_t read_to_ = 0;                // words before this were read as part of a phrase
  size_t paren_first_ = SIZE_MAX;     // the first condition said inside the open parenthesis
  std::optional<size_t> last_value_;  // the word index of the last value read
  bool strong_ = false;               // the column was named as written ("TargetImage")
  std::optional<std::pair<std::string, size_t>> bare_;  // a column excluded, conditions then
  bool heading_ = false;                                // in the words before the first colon
  bool either_ = false;        // after "…, or": values join their column's alternatives
  size_t previous_value_ = 0;  // the word index of the value before this one
  size_t last_word_ = 0;       // the word a value was read at
};

}  // namespace quarry::assist::builtin
