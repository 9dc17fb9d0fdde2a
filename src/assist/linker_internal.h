// The linker's parts, shared by linker.cpp (knowledge and value links), linker_entities.cpp
// (entities and filters) and linker_tables.cpp (word and column tables). Internal to src/assist.
#pragma once

#include <algorithm>
#include <cctype>
#include <deque>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "assist/knowledge.h"
#include "assist/linker.h"
#include "assist/words.h"
#include "core/strings.h"

namespace quarry::assist::builtin::linking {

// Two words are one up to endings or by a synonym (hunters' verbs and nouns against the words
// values and knowledge entries use).
bool Same(const std::string& a, const std::string& b);
// Parts of values that say nothing by themselves (microsoft, amazonaws, numbers …).
bool Generic(const std::string& w);
// Words every log uses (user, account, process, log, key …): alone they name no value or entry.
bool CommonWord(const std::string& w);
std::string Quote(std::string_view v);
// The pieces joined, without a temporary per `+` (links are written in loops).
std::string Cat(std::initializer_list<std::string_view> pieces);
// Columns whose values name what happened rank first (EventName, EventID …); others are 100.
int ColumnRank(std::string_view column);

// A question word, and whether a link has used it.
struct QWord {
  std::string text;   // as written
  std::string part;   // lower case
  bool left = false;  // the grammar did not read it
  bool used = false;
};

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
    // Only what this question said: a refinement's words are its own ("skip anonymous pipes"
    // after "named pipes created").
    std::string lowered_question = AsciiToLower(question);
    auto claim = [&](const std::string& said) {
      if (lowered_question.find(AsciiToLower(said)) == std::string::npos) return;
      for (std::string& p : WordParts(said)) claimed.insert(std::move(p));
    };
    claim(spec_.time_said);
    claim(spec_.aggregation_said);
    // A filter whose value occurs nowhere in the case ("users created" read as the user
    // "created") is a doubtful reading: its words stay free for linking.
    for (const Filter& f : spec_.filters) {
      bool doubtful = (f.kind == "eq" || f.kind == "contains" || f.kind == "endswith") &&
                      !f.value.empty() && !NamedInCase(f.value, &f.entity);
      if (doubtful) {
        doubtful_.push_back(f.said);
      } else {
        claim(f.said);
      }
    }
    if (spec_.activity != nullptr && !weak_activity_) claim(spec_.activity_said);
    // The parts of a name written whole (an ARN, a path, an address) are not words of their
    // own: "iam" in arn:aws:iam::…:user/carol names no service.
    for (size_t start = 0; start < question.size();) {
      size_t end = question.find(' ', start);
      if (end == std::string_view::npos) end = question.size();
      std::string_view token = question.substr(start, end - start);
      while (!token.empty() &&
             std::string_view(",;:.!?").find(token.back()) != std::string_view::npos) {
        token.remove_suffix(1);  // "kerberoasting:" ends a clause, it is no name
      }
      // So are those of a name joined by dashes or underscores (stratus-red-team-ec2-role,
      // WIN-77LTAPHIQ1R), unlike a word with a prefix (read-only, pre-authentication).
      size_t joins =
          std::count_if(token.begin(), token.end(), [](char c) { return c == '-' || c == '_'; });
      bool digits = std::any_of(token.begin(), token.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
      });
      // And those of a name written in CamelCase (UserInitMprLogonScript is no logon).
      size_t humps = 0;
      for (size_t k = 1; k < token.size(); ++k) {
        humps += std::isupper(static_cast<unsigned char>(token[k])) != 0 &&
                         std::islower(static_cast<unsigned char>(token[k - 1])) != 0
                     ? 1
                     : 0;
      }
      if (token.find_first_of(":/\\@") != std::string_view::npos || joins >= 2 ||
          (joins == 1 && digits) || humps >= 3) {
        claim(std::string(token));
      }
      start = end + 1;
    }
    all_parts_ = WordParts(question);
    question_ = std::string(question);
    for (std::string& p : WordParts(question)) {
      if (IsStopWord(p)) continue;
      QWord w;
      w.left = claimed.count(p) == 0;
      w.part = std::move(p);
      words_.push_back(std::move(w));
    }
    left_ = left;
    continues_exclusion_ =
        (!spec_.filters.empty() && spec_.filters.back().negated) ||
        (!spec_.conditions.empty() && spec_.conditions.back().first.rfind("not(", 0) == 0);
  }

  std::vector<std::string> Run();

  // "by error code", "per region", "which user agents": a column of the activity's table whose
  // words these are, grouped by.
  void GroupColumns();
  // A word most values of an activity column start with ("describes" → startswith "Describe").
  void PrefixLinks();
  // "unsigned", "non-…": a true/false column named by the rest of the word is false.
  void Unsigned();
  // Filters whose value's words a knowledge or value link read: misreadings, dropped.
  void DropFiltersLinksRead();
  // "first", "last", "latest": only the earliest or latest event of a listing.
  void FirstOrLast();
  // "where did X run": the events where X acted, when no process creation names it.
  void RanWhereItActed();
  // "which processes did X open": grouped by the process acted on, X being the actor.
  void OtherSideGroup();
  // The scalar parameters of the events' requests, shown as columns of a listing.
  void RequestColumns();
  // "TCP versus UDP": counted by the column both are values of.
  void Versus();
  // Whether every word of the column's name is in the question ("user agent" → UserAgent).
  bool ColumnNamed(const std::string& column) const;
  // Whether the question negates the word at `part` ("not", "excluding", "other than" …).
  bool NegatedAt(const std::string& part) const;
  bool NegatedPosition(size_t i) const;
  // The words that said "not" were read, once a link took the negation.
  void UseNegationWords();

 private:
  bool TableInCase(std::string_view table) const;

  // Whether every word of `phrase` is a question word; fills `hit` with their indexes.
  bool PhraseIn(const std::string& phrase, std::vector<size_t>& hit, bool needs_left = true) const;

  // The knowledge entry the question's words name best, if it names more words than
  // `must_beat`; it takes over `grammar`'s entity fields for the same table.
  void KnowledgeActivity(const Activity* grammar, size_t must_beat);
  size_t PhraseWord(const KnowledgeEntry& e, size_t skip) const;
  // " and (Computer =~ …)" for the hosts the question names, "" for none.
  std::string OnHosts() const;
  const std::vector<std::pair<std::string, std::string>>& OtherHomes(
      const std::string& table) const;
  mutable std::map<std::string, std::vector<std::pair<std::string, std::string>>> homes_;

  // Values of few-valued columns whose every part is a question word the grammar left.
  void ValueLinks();

  bool ValueNamed(const std::string& value, std::vector<size_t>& hit) const;

  void AddValueLink(const ColumnValues& column, const std::vector<std::string>& values,
                    const std::vector<size_t>& hit, int64_t events) {
    std::string said;
    for (size_t i : hit) {
      words_[i].used = true;
      said += (said.empty() ? "" : " ") + words_[i].part;
    }
    std::string condition;
    if (values.size() == 1) {
      condition = KqlName(column.column) + " == " + Quote(values[0]);
    } else {
      condition = KqlName(column.column) + " in (";
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
    bool negated = !hit.empty() && NegatedAt(words_[hit.front()].part);
    // The events already have one value of this column: another cannot narrow them ("who minted
    // a federation token, and which identity then made calls": not both at once).
    std::string tested = KqlName(column.column) + " == ";
    if (!negated && std::string_view(spec_.activity->filter).find(tested) != std::string::npos) {
      draft_.mapping.push_back("'" + said + "' → " + condition + evidence + ": not applied, the " +
                               "events are already those where " +
                               std::string(spec_.activity->filter));
      return;
    }
    if (negated) {
      condition.insert(0, "not(").append(")");
      UseNegationWords();
    }
    spec_.conditions.emplace_back(condition, said);
    draft_.mapping.push_back("'" + said + "' → " + condition + evidence);
  }

  // A word that can only be a value: digits, dots, backslashes, @, _ or inner capitals.
  static bool ValueLike(const std::string& word);

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
    // A well-known principal by its first word ("anonymous": ANONYMOUS LOGON, "local": LOCAL
    // SERVICE), written in capitals as Windows writes them.
    if (value.size() > w.size() + 1 && v.compare(0, w.size() + 1, w + " ") == 0 &&
        std::none_of(value.begin(), value.end(),
                     [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; })) {
      return column + " startswith " + Quote(value.substr(0, w.size() + 1));
    }
    // The stem of a family of names ("HealthMailbox" of HealthMailbox0ab31b3), for a word that
    // can only be a name.
    if (ValueLike(word) && w.size() >= 4 && v.size() > w.size() && v.rfind(w, 0) == 0) {
      return column + " startswith " + Quote(word);
    }
    // One item of a list the cell holds ("SeDebugPrivilege" of an enabled-privilege list), for
    // a word that can only be a name.
    if (ValueLike(word) && v.find_first_of(" \t\n,") != std::string::npos) {
      size_t start = 0;
      while (start < v.size()) {
        size_t end = v.find_first_of(" \t\r\n,", start);
        if (end == std::string::npos) end = v.size();
        if (v.compare(start, end - start, w) == 0) return column + " has " + Quote(word);
        start = end + 1;
      }
    }
    // A word of a folder on the path ("defender": …\Windows Defender\Platform\…\MsMpEng.exe),
    // when long enough to say something.
    // Folders only of a value that is one path (C:\…, \\…, HKLM\…, /…), not of free text.
    bool path = v.find_first_of("\n\t") == std::string::npos && v.find(": ") == std::string::npos &&
                (v.starts_with('\\') || v.starts_with('/') || v.starts_with("hk") ||
                 v.starts_with('%') || (v.size() > 2 && v[1] == ':' && v[2] == '\\'));
    size_t last = path ? v.find_last_of("\\/") : std::string::npos;
    // A folder named whole ("MICROSOFT##WID" of \MICROSOFT##WID\tsql\query).
    for (size_t start = 0; last != std::string::npos && start < last;) {
      size_t end = v.find_first_of("\\/", start);
      if (v.compare(start, end - start, w) == 0) return column + " contains " + Quote(word);
      start = end + 1;
    }
    if (last != std::string::npos && w.size() >= 5 && !Generic(w)) {
      for (const std::string& p : WordParts(std::string_view(v).substr(0, last))) {
        if (p == w) return column + " contains " + Quote(word);
      }
    }
    return "";
  }

  // Words the grammar left that occur in the case's values: a user, a host, a process, a key.
  void EntityLinks();
  bool ActivityColumn(std::string_view column) const;
  std::string WholeInFreeText(const ValueHit& hit, const std::string& word) const;

  // Whether some value of the case names `word` whole (or holds it, for a word that can only be
  // a value): a word found only inside free text names nothing.
  bool NamedInCase(const std::string& word, const Entity* as = nullptr) const;

  // The tables whose address column holds `ip` (written with or without leading zeros).
  std::vector<ValueHit> IpHits(const std::string& ip) const;

  // A doubtful filter whose words a link used was a misreading: dropped.
  void DropDoubtfulFilters();

  // Filters the grammar read with no activity ("what did user intern do"): the table where the
  // value occurs.
  void FilterTable();

  // A filter on a column that does not hold its value, where another column of the table does
  // ("by powershell" is no user here but the process; "AccessDenied" no API name but an error
  // code): the condition moves to that column.
  void RelinkFilters();

  // "changes", "modifications", "writes": calls that are not read-only.
  void Changes();

  // "failed", "errors", "denied": the table's error column is set.
  void Failures();

  const CaseLookup& lookup_;
  const kql::Catalog* catalog_;
  HuntSpec& spec_;
  Draft& draft_;
  bool weak_activity_ = false;
  std::vector<std::string> doubtful_;  // the said words of filters whose value is nowhere
  std::deque<LinkedActivity>& owned_;
  std::vector<QWord> words_;
  std::vector<std::string> left_;
  std::vector<std::string> all_parts_;  // every word of the question, in order
  std::string question_;
  bool any_reading_ = false;  // knowledge may re-read words the grammar read
  // The grammar's activity where it only inferred one ("which services" → services
  // installed): a name written whole that only other events hold replaces it.
  const Activity* inferred_ = nullptr;
  bool over_every_event_ = false;  // the grammar read every event of a log
  // What went before ended with an exclusion, which "and …" at the start continues.
  bool continues_exclusion_ = false;
};

}  // namespace quarry::assist::builtin::linking
