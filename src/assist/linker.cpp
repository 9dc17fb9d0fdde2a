#include <algorithm>
#include <cctype>
#include <set>

#include "assist/knowledge.h"
#include "assist/linker_internal.h"

namespace quarry::assist::builtin {
namespace linking {

std::vector<std::string> Linking::Run() {
  const Activity* grammar = spec_.activity;
  std::string grammar_said = spec_.activity_said;
  if (weak_activity_) spec_.activity = nullptr;
  // A knowledge entry replaces the grammar's own reading only when its words cover more of the
  // question ("service tickets requested with rc4 encryption": the RC4 entry over 4769).
  size_t grammar_words = 0;
  for (const std::string& p : WordParts(grammar_said)) grammar_words += IsStopWord(p) ? 0 : 1;
  // A reading with no events on the hosts named gives way to an equal one that has some.
  if (spec_.activity != nullptr && grammar_words > 0 && !OnHosts().empty() &&
      lookup_.Count(spec_.activity->table, (spec_.activity->filter.empty()
                                                ? std::string("true")
                                                : "(" + std::string(spec_.activity->filter) + ")") +
                                               OnHosts()) == 0) {
    --grammar_words;
    any_reading_ = true;  // the grammar's own words may name the other reading
  }
  // A reading of a table this case lacks gives way to one of the same events kept elsewhere
  // (Sysmon in Log Analytics' Event table).
  if (spec_.activity != nullptr && !TableInCase(spec_.activity->table)) {
    grammar_words = 0;
    any_reading_ = true;
  }
  // A reading of every event of a log ("CloudTrail", "AWS API calls") gives way to an entry of
  // it the question's other words name ("event selectors"), if not by one common word alone.
  if (spec_.activity != nullptr && spec_.activity->filter.empty()) {
    grammar_words = 0;
    over_every_event_ = true;
  }
  KnowledgeActivity(grammar, spec_.activity == nullptr ? 0 : grammar_words);
  // The grammar's reading gave way to another event of the same log: its words that the entry
  // did not read name something in those events ("which processes connected to the lsass named
  // pipe": the pipe, not LSASS access). A narrower reading of the grammar's own events ("rc4"
  // service tickets) keeps its words.
  if (grammar != nullptr && !weak_activity_ && spec_.activity != nullptr &&
      spec_.activity != grammar && spec_.activity->table == grammar->table &&
      spec_.activity->filter.rfind(grammar->filter, 0) != 0) {
    for (const std::string& p : WordParts(grammar_said)) {
      for (QWord& w : words_) {
        if (w.part != p || w.used || w.left) continue;
        w.left = true;
        if (std::find(left_.begin(), left_.end(), p) == left_.end()) left_.push_back(p);
      }
    }
  }
  Versus();
  ValueLinks();
  if (spec_.activity == nullptr && grammar != nullptr) {
    spec_.activity = grammar;  // nothing better: the grammar's inference stands
    spec_.activity_said = grammar_said;
    if (weak_activity_) inferred_ = grammar;
  }
  DropFiltersLinksRead();
  // The values the grammar read (an address, a file, a name with dots) place the events
  // before the loose words do: "powershell creating a Net.WebClient" is about the events
  // holding Net.WebClient.
  FilterTable();
  EntityLinks();
  RelinkFilters();
  RanWhereItActed();
  Failures();
  Changes();
  Unsigned();
  GroupColumns();
  OtherSideGroup();
  PrefixLinks();
  FirstOrLast();
  DropDoubtfulFilters();
  RequestColumns();
  // CloudTrail's events are API calls: "calls made with …" says nothing more.
  if (spec_.activity != nullptr && spec_.activity->table == "AWSCloudTrail") {
    for (QWord& w : words_) w.used = w.used || w.part == "call" || w.part == "calls";
  }
  std::vector<std::string> still;
  for (const std::string& l : left_) {
    bool used = true;
    for (const std::string& p : WordParts(l)) {
      if (IsStopWord(p) || p == "amazon" || p == "microsoft") continue;  // names of vendors
      bool this_used = std::any_of(words_.begin(), words_.end(),
                                   [&](const QWord& w) { return w.part == p && w.used; });
      used = used && this_used;
    }
    if (!used) still.push_back(l);
  }
  return still;
}

bool Linking::TableInCase(std::string_view table) const {
  return catalog_ == nullptr || catalog_->Find(table) != nullptr;
}

// Whether every word of `phrase` is a question word; fills `hit` with their indexes.
bool Linking::PhraseIn(const std::string& phrase, std::vector<size_t>& hit, bool needs_left) const {
  hit.clear();
  bool any_left = false;
  static const std::set<std::string> kFillers = {"a",  "an", "the", "of",   "to",
                                                 "in", "on", "by",  "with", "for"};
  for (const std::string& p : WordParts(phrase)) {
    if (kFillers.count(p) > 0) continue;
    if (IsStopWord(p)) {
      // A phrase's own ordinary words ("list users", "get object") must be there too, or the
      // phrase shrinks to one word that matches too much.
      if (std::find(all_parts_.begin(), all_parts_.end(), p) == all_parts_.end()) return false;
      continue;
    }
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
  return !hit.empty() && (any_left || any_reading_ || !needs_left);
}

// The first question word the grammar left, other than `skip`, that a word of one of the
// entry's phrases is; npos for none.
size_t Linking::PhraseWord(const KnowledgeEntry& e, size_t skip) const {
  for (const std::string& phrase : e.words) {
    for (const std::string& p : WordParts(phrase)) {
      if (IsStopWord(p)) continue;
      for (size_t i = 0; i < words_.size(); ++i) {
        if (i != skip && !words_[i].used && words_[i].left && Same(words_[i].part, p)) return i;
      }
    }
  }
  return std::string::npos;
}

std::string Linking::OnHosts() const {
  std::string on_hosts;
  for (const Filter& f : spec_.filters) {
    if (f.entity != Entity::kHost || f.kind != "eq" || f.negated) continue;
    on_hosts += " and (Computer =~ " + Quote(f.value) + " or Computer startswith " +
                Quote(f.value + ".") + ")";
  }
  return on_hosts;
}

void Linking::KnowledgeActivity(const Activity* grammar, size_t must_beat) {
  struct Candidate {
    const KnowledgeEntry* entry;
    size_t score;
    std::vector<size_t> hit;
    int64_t events;
    std::vector<size_t> own;         // words its own phrases read, not its broader entries'
    std::string table = {};          // where its events are: the entry's table, or another home
    std::string home = {};           // the test picking the log's events in another home
    std::vector<size_t> named = {};  // other question words its description uses
  };
  std::vector<Candidate> candidates;
  std::vector<size_t> hit;
  // An operation named as it is logged ("GetObject calls") is that entry, whatever its words.
  std::vector<std::string> tokens;
  for (size_t start = 0; start < question_.size();) {
    size_t end = question_.find(' ', start);
    if (end == std::string::npos) end = question_.size();
    std::string token = question_.substr(start, end - start);
    while (!token.empty() && std::ispunct(static_cast<unsigned char>(token.back()))) {
      token.pop_back();
    }
    // Only names of several words written as one ("GetObject", "ConsoleLogin"): "SYSTEM" is
    // a user here, not the System channel.
    if (WordParts(token).size() >= 2 && token.find_first_of(" .\\/:") == std::string::npos) {
      tokens.push_back(token);
    }
    start = end + 1;
  }
  for (const KnowledgeEntry& e : Knowledge()) {
    if (!TableInCase(e.table) && OtherHomes(e.table).empty()) continue;
    Candidate best{&e, 0, {}, 0, {}};
    for (size_t open = e.condition.find('"'); open != std::string::npos;) {
      size_t close = e.condition.find('"', open + 1);
      if (close == std::string::npos) break;
      std::string literal = e.condition.substr(open + 1, close - open - 1);
      if (std::find(tokens.begin(), tokens.end(), literal) != tokens.end()) best.score = 100;
      open = e.condition.find('"', close + 1);
    }
    // Every phrase of the entry, and of the entries it narrows, that the question holds: the
    // words they read together ("kerberos service tickets requested with rc4 encryption" is
    // the RC4 entry, whose broader entry's words read "kerberos service tickets requested").
    // The broader entry's words count even where the grammar read them all: the entry's own
    // words are new.
    auto read_phrases = [&](const KnowledgeEntry& of, bool needs_left) {
      for (const std::string& phrase : of.words) {
        if (best.score >= 100 || !PhraseIn(phrase, hit, needs_left)) continue;
        for (size_t i : hit) {
          if (std::find(best.hit.begin(), best.hit.end(), i) == best.hit.end()) {
            best.hit.push_back(i);
          }
        }
      }
    };
    read_phrases(e, true);
    best.own = best.hit;
    if (!best.hit.empty()) {  // a narrower entry needs words of its own
      for (size_t b : e.broader) read_phrases(Knowledge()[b], false);
    }
    if (best.score < 100) best.score = best.hit.size();
    std::sort(best.hit.begin(), best.hit.end());
    if (best.score > 0) candidates.push_back(std::move(best));
  }
  // No entry's phrase is all here, but a name the question gives is a value of an entry's key
  // field and a word of one of its phrases is here ("who installed PSEXESVC": a service was
  // installed, PSEXESVC being a ServiceName).
  for (size_t a = 0; candidates.empty() && a < words_.size(); ++a) {
    const QWord& anchor = words_[a];
    if (!anchor.left || anchor.used || anchor.part.size() < 3 || IsStopWord(anchor.part)) continue;
    for (const ValueHit& h : lookup_.Find(anchor.part)) {
      std::string test = h.value.empty() ? WholeInFreeText(h, anchor.part)
                                         : WholeTest(KqlName(h.column), h.value, anchor.part);
      if (test.empty()) continue;
      for (const KnowledgeEntry& e : Knowledge()) {
        if (e.table != h.table ||
            std::find(e.fields.begin(), e.fields.end(), h.column) == e.fields.end() ||
            std::any_of(candidates.begin(), candidates.end(),
                        [&](const Candidate& c) { return c.entry == &e; })) {
          continue;
        }
        size_t i = PhraseWord(e, a);
        // Only where the entry's events do name it.
        if (i != std::string::npos &&
            lookup_.Count(e.table, Cat({"(", e.condition, ") and ", test})) > 0) {
          candidates.push_back(Candidate{&e, 1, {i}, 0, {i}});
        }
      }
    }
  }
  if (candidates.empty()) return;
  if (over_every_event_) {
    std::erase_if(candidates, [&](const Candidate& c) {
      return c.score == 1 && c.hit.size() == 1 && CommonWord(words_[c.hit[0]].part);
    });
  }
  size_t top = 0;
  for (const Candidate& c : candidates) top = std::max(top, c.score);
  if (top <= must_beat) return;
  // The evidence for each reading counts the events on the hosts the question names too:
  // "process creation on DC01" is Security 4688 where only the DC's Security log is in the case.
  std::string on_hosts = OnHosts();
  std::vector<Candidate> best;
  // The tables holding each value the question names (a process, a user, a file).
  std::vector<std::vector<std::string>> named_tables;
  for (const Filter& f : spec_.filters) {
    if (f.negated || f.value.empty() || f.entity == Entity::kHost ||
        (f.kind != "eq" && f.kind != "contains" && f.kind != "endswith")) {
      continue;
    }
    std::vector<std::string>& holding = named_tables.emplace_back();
    for (const ValueHit& h : lookup_.Find(f.value)) {
      if (std::find(holding.begin(), holding.end(), h.table) == holding.end()) {
        holding.push_back(h.table);
      }
    }
  }
  for (Candidate& c : candidates) {
    if (c.score != top) continue;
    c.table = c.entry->table;
    c.events = TableInCase(c.table)
                   ? lookup_.Count(c.table, "(" + c.entry->condition + ")" + on_hosts)
                   : -1;
    // None where the log's table would hold them: the same events exported elsewhere.
    for (const auto& [table, test] : OtherHomes(c.entry->table)) {
      if (c.events > 0) break;
      int64_t n = lookup_.Count(table, Cat({"(", c.entry->condition, ") and ", test, on_hosts}));
      if (n > 0) {
        c.table = table;
        c.home = test;
        c.events = n;
        break;
      }
    }
    // A reading whose table holds none of the names the question gives ("what did PSEXESVC
    // spawn": only the Security log's process creations name it) has no evidence.
    for (const std::vector<std::string>& holding : named_tables) {
      if (!holding.empty() && std::find(holding.begin(), holding.end(), c.table) == holding.end()) {
        c.events = 0;
      }
    }
    best.push_back(std::move(c));
  }
  // Between readings that cover as many words, the one whose description uses more of the
  // question's other words ("who wiped the security event log": the security log cleared, not
  // any log cleared), then the one with more events.
  for (Candidate& c : best) {
    std::vector<std::string> name = WordParts(c.entry->name);
    for (size_t i = 0; i < words_.size(); ++i) {
      if (words_[i].used || std::find(c.hit.begin(), c.hit.end(), i) != c.hit.end()) continue;
      if (std::any_of(name.begin(), name.end(),
                      [&](const std::string& n) { return SameWord(words_[i].part, n); })) {
        c.named.push_back(i);
      }
    }
  }
  std::stable_sort(best.begin(), best.end(), [](const Candidate& a, const Candidate& b) {
    if ((a.events > 0) != (b.events > 0)) return a.events > 0;
    if (a.named.size() != b.named.size()) return a.named.size() > b.named.size();
    return a.events > b.events;
  });
  // Of readings that cover the same words, the narrower one says more ("registry keys deleted":
  // a key deleted, not any key created or deleted), when the case has such events.
  size_t pick = 0;
  for (bool narrowed = true; narrowed;) {
    narrowed = false;
    auto index = static_cast<size_t>(best[pick].entry - Knowledge().data());
    for (size_t i = 0; i < best.size(); ++i) {
      const std::vector<size_t>& broader = best[i].entry->broader;
      if (best[i].events > 0 && std::find(broader.begin(), broader.end(), index) != broader.end()) {
        pick = i;
        narrowed = true;
        break;
      }
    }
  }
  std::swap(best[0], best[pick]);
  const Candidate& chosen = best.front();
  const KnowledgeEntry& e = *chosen.entry;
  std::string said;
  std::vector<size_t> read = chosen.hit;
  read.insert(read.end(), chosen.named.begin(), chosen.named.end());
  std::sort(read.begin(), read.end());
  for (size_t i : read) {
    words_[i].used = true;
    said += (said.empty() ? "" : " ") + words_[i].part;
  }
  if (chosen.hit.empty()) {  // named as logged: its name's words are read
    size_t open = e.condition.find('"');
    size_t close = e.condition.find('"', open + 1);
    said = e.condition.substr(open + 1, close - open - 1);
    for (const std::string& p : WordParts(said)) {
      for (QWord& w : words_) w.used = w.used || w.part == p;
    }
  }
  LinkedActivity& a = owned_.emplace_back();
  a.key = "knowledge";
  a.table = chosen.table;
  a.filter = chosen.home.empty() ? e.condition : Cat({e.condition, " and ", chosen.home});
  a.description = "events where " + e.name + " (" + a.filter + ")";
  std::string reading = e.name;
  // "registry values set other than run keys": the broader events, without the narrower ones.
  const KnowledgeEntry* broad = nullptr;
  for (size_t b : e.broader) {
    if (broad == nullptr || Knowledge()[b].condition.size() > broad->condition.size()) {
      broad = &Knowledge()[b];
    }
  }
  if (broad != nullptr && !chosen.own.empty() && chosen.own.size() < chosen.hit.size() &&
      NegatedAt(words_[chosen.own.front()].part)) {
    std::string narrower = e.condition.substr(broad->condition.size() + 5);
    a.filter = broad->condition + " and not(" + narrower + ")" +
               (chosen.home.empty() ? "" : " and " + chosen.home);
    reading = Cat({broad->name, ", other than ", e.name});
    a.description = Cat({"events where ", reading, " (", a.filter, ")"});
    UseNegationWords();
  }
  a.fields = DefaultFields(a.table);
  std::vector<Entity> own;  // entities the entry's own fields name
  for (const std::string& f : e.fields) {
    if (catalog_ != nullptr && catalog_->Find(a.table) != nullptr &&
        catalog_->Find(a.table)->Find(f) == nullptr) {
      continue;  // a field this case's events do not have
    }
    Entity entity{};
    if (!EntityOfColumn(f, entity)) {
      a.shown.push_back(f);
      continue;
    }
    auto it = std::find_if(a.fields.begin(), a.fields.end(),
                           [&](const auto& p) { return p.first == entity; });
    if (it == a.fields.end()) {
      a.fields.emplace_back(entity, f);
    } else {
      // The last field of a kind is the entity's; an earlier one of the entry's is shown, not
      // lost (4732: the group and the actor).
      if (std::find(own.begin(), own.end(), entity) != own.end()) a.shown.push_back(it->second);
      it->second = f;
    }
    own.push_back(entity);
  }
  // The grammar's reading of the same table knows more entities (a role from the request).
  if (grammar != nullptr && grammar->table == a.table) {
    for (const auto& field : grammar->fields) {
      bool known = std::any_of(a.fields.begin(), a.fields.end(),
                               [&](const auto& f) { return f.first == field.first; });
      if (!known) a.fields.emplace_back(field.first, std::string(field.second));
    }
  }
  for (const std::string& t : e.techniques) a.techniques.push_back(Technique{t, ""});
  a.Bind();
  spec_.activity = &a.view;
  spec_.activity_said = said;
  int64_t events =
      reading == e.name ? chosen.events : lookup_.Count(a.table, "(" + a.filter + ")" + on_hosts);
  std::string evidence = events > 0 ? " (" + std::to_string(events) + " events in " + a.table + ")"
                                    : " (no such events in this case)";
  if (!chosen.home.empty()) {
    evidence = Cat({" (none in ", e.table, "; ", std::to_string(events), " in ", a.table,
                    ", where this case keeps that log's events)"});
  }
  draft_.mapping.push_back("'" + said + "' → knowledge: " + reading + evidence);
  for (size_t i = 1; i < best.size() && i < 4; ++i) {
    draft_.mapping.push_back("  also plausible: " + best[i].entry->name + " (" +
                             best[i].entry->table + " where " + best[i].entry->condition + ", " +
                             std::to_string(std::max<int64_t>(best[i].events, 0)) + " events)");
  }
}

// Values of few-valued columns whose every part is a question word the grammar left.
void Linking::ValueLinks() {
  for (;;) {
    const ColumnValues* best_column = nullptr;
    std::vector<std::string> best_values;
    std::vector<size_t> best_hit;
    size_t best_score = 0;
    int64_t best_events = 0;
    for (const ColumnValues& column : lookup_.FewValued()) {
      if (spec_.activity != nullptr && column.table != spec_.activity->table) continue;
      // Columns naming what happened; others only under a known activity and for values of
      // several words ("skip anonymous pipes" → PipeName "<Anonymous Pipe>"): a description or
      // file name sharing one word with the question says nothing about which events it means.
      bool naming = ColumnRank(column.column) < 100;
      if (!TableInCase(column.table) || (!naming && spec_.activity == nullptr)) continue;
      int64_t total = 0;
      for (const auto& value_events : column.values) total += value_events.second;
      for (const auto& [value, events] : column.values) {
        std::vector<size_t> hit;
        if (!ValueNamed(value, hit) || (!naming && hit.size() < 2)) continue;
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

}  // namespace linking

std::vector<std::string> LinkToCase(std::string_view question, const std::vector<std::string>& left,
                                    const CaseLookup& lookup, const kql::Catalog* catalog,
                                    HuntSpec& spec, Draft& draft,
                                    std::deque<LinkedActivity>& owned) {
  return linking::Linking(question, left, lookup, catalog, spec, draft, owned).Run();
}

}  // namespace quarry::assist::builtin
