// A compiled set of Sigma rules and the per-thread matcher that runs it over events.
//
// Every field test of every rule is interned once (identical tests are shared), rules are
// indexed by the Channel/EventID (or table) their logsource gates them to, and an event is
// matched by evaluating only the gated-in rules' condition trees, with each test evaluated at
// most once per event.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/event.h"
#include "core/status.h"
#include "sigma/correlation.h"
#include "sigma/gate_index.h"
#include "sigma/logsource.h"
#include "sigma/pattern.h"
#include "sigma/prefilter.h"

namespace re2 {
class RE2;
}
namespace simdjson::dom {
class parser;
}

namespace quarry::sigma {

enum class Level : uint8_t { kInformational, kLow, kMedium, kHigh, kCritical };
const char* LevelName(Level level);
bool ParseLevel(std::string_view text, Level& out);

struct RuleInfo {
  std::string id;
  std::string name;  // Sigma 2 `name`, for correlations and filters
  std::string title;
  std::string status;
  std::string description;
  std::string author;
  std::string path;
  int line = 0;
  Level level = Level::kMedium;
  std::vector<std::string> tags;
  LogSource logsource;
  // False for a rule the selection left out but a selected correlation needs: it feeds the
  // correlation and shows no alerts of its own.
  bool selected = true;
  // Whether the rule shows its own alerts, when a selection decided it over every correlation of
  // the rule set (some of which were not compiled); -1 when the compiled correlations decide.
  int8_t alerts_alone = -1;
};

// The field a logsource variant maps a Sigma field it does not have to: no event has it.
inline constexpr const char* kAbsentField =
    "\x01"
    "absent";

struct Cidr {
  bool v6 = false;
  uint8_t bytes[16] = {};
  int prefix = 0;
  static bool Parse(std::string_view text, Cidr& out);
  bool Contains(std::string_view ip) const;
};

struct Test {
  enum class Kind : uint8_t {
    kGlob,      // wildcard pattern over the field's text
    kKeyword,   // wildcard pattern over any string field
    kRegex,     // RE2 search over the field's text
    kCidr,      // the field is an IP inside a network
    kCompare,   // numeric gt/gte/lt/lte
    kNull,      // the field is absent or null
    kExists,    // the field is present (or, expect false, absent)
    kFieldRef,  // the field equals / contains / starts / ends with another field
    kTimePart,  // a part of the field's time compared with a number
  };
  enum class Op : uint8_t { kEq, kGt, kGte, kLt, kLte, kContains, kStartsWith, kEndsWith };
  enum class Part : uint8_t { kMinute, kHour, kDay, kWeek, kMonth, kYear };
  Kind kind = Kind::kGlob;
  int slot = -1;  // interned field; -1 for keywords
  Glob glob;
  std::shared_ptr<re2::RE2> regex;
  Cidr cidr;
  Op op = Op::kEq;
  double number = 0;
  bool expect = true;
  bool cased = false;
  int other_slot = -1;
  Part part = Part::kMinute;
};

// A condition tree node. kTest: `index` is the test; kAnd/kOr: children are
// child_index_[index, index + count); kNot: `index` is the child node.
struct Node {
  enum class Op : uint8_t { kTest, kAnd, kOr, kNot, kTrue, kFalse };
  Op op = Op::kFalse;
  int32_t index = 0;
  uint32_t count = 0;
};

struct CompiledRule {
  int info = 0;     // into infos()
  int variant = 0;  // which logsource variant (for messages)
  std::string variant_name;
  Gate gate;
  int root = 0;  // node
};

class Ruleset {
 public:
  Ruleset();
  ~Ruleset();
  Ruleset(Ruleset&&) noexcept;
  Ruleset& operator=(Ruleset&&) noexcept;

  const std::vector<RuleInfo>& infos() const { return infos_; }
  const std::vector<Correlation>& correlations() const { return correlations_; }
  // Rules referenced only by correlations that do not `generate`, and rules compiled only because
  // a selected correlation needs them: their own alerts are not shown.
  bool Suppressed(int info) const {
    return static_cast<size_t>(info) < suppressed_.size() && suppressed_[static_cast<size_t>(info)];
  }
  const std::vector<CompiledRule>& rules() const { return rules_; }
  size_t test_count() const { return tests_.size(); }

  // ---- inspection (rule lint) ----
  // A field as the first rule to use it wrote it (slots are case-insensitive).
  const std::string& slot_name(int slot) const { return slot_names_[static_cast<size_t>(slot)]; }
  // The condition tree (see Node): nodes, the children of and/or nodes, and tests.
  const Node& node(int index) const { return nodes_[static_cast<size_t>(index)]; }
  int child(int index) const { return child_index_[static_cast<size_t>(index)]; }
  const Test& test(int index) const { return tests_[static_cast<size_t>(index)]; }
  // Every test under a condition node, with whether an odd number of `not`s sits above it.
  void VisitTests(int node, const std::function<void(const Test&, bool negated)>& fn) const;
  // How a field name is looked up (events' field names too): ASCII lower case, spaces dropped.
  static std::string SlotKey(std::string_view field_name);
  // Whether a field may also be read from elsewhere when the event lacks it (a dotted name's
  // flattened column or a path inside a JSON field).
  bool HasPathFallback(int slot) const {
    if (slot < 0 || static_cast<size_t>(slot) >= fallbacks_.size()) return false;
    const auto& f = fallbacks_[static_cast<size_t>(slot)];
    return f.alias_slot >= 0 || !f.splits.empty();
  }
  // The fields that send an event to the Windows gates when it has both.
  int channel_slot() const { return channel_slot_; }
  int event_id_slot() const { return event_id_slot_; }
  // By rule, the gate the index routes it by: its own, narrowed to the EventIDs its detection
  // needs (`EventID: 4624`). Rules' own gates stay as written, for conversion and coverage.
  std::vector<Gate> RoutingGates() const;

  // ---- building (the loader) ----
  int AddInfo(RuleInfo info);
  void Unselect(int info) { infos_[static_cast<size_t>(info)].selected = false; }
  void SetAlertsAlone(int info, bool alone) {
    infos_[static_cast<size_t>(info)].alerts_alone = alone ? 1 : 0;
  }
  int Slot(std::string_view field_name);  // interned, case-insensitive
  int AddTest(Test test, const std::string& key);
  int AddNode(Node node);
  int AddGroup(Node::Op op, const std::vector<int>& children);
  void AddRule(CompiledRule rule);
  void AddCorrelation(Correlation c);
  // Indexes the rules by gate and compiles the field databases on `threads` threads (0: one per
  // core); call once after the last AddRule.
  void Finish(size_t threads = 0);

 private:
  friend class Matcher;
  friend class RulesetCodec;
  std::vector<RuleInfo> infos_;
  std::vector<CompiledRule> rules_;
  std::vector<Correlation> correlations_;
  std::vector<uint8_t> suppressed_;
  std::vector<Test> tests_;
  std::unordered_map<std::string, int> test_keys_;
  std::vector<Node> nodes_;
  std::vector<int32_t> child_index_;
  std::unordered_map<std::string, int> slots_;  // lower-case field name → slot
  std::vector<std::string> slot_names_;

  GateIndex gates_;
  int channel_slot_ = -1;
  int event_id_slot_ = -1;

  // Per-field multi-pattern databases for the wildcard tests, built per gate bucket.
  std::unique_ptr<FieldDatabases> databases_;
  // By test: whether its pattern goes into a database, and whether a database hit is the answer
  // or only says the test may match.
  static constexpr uint8_t kDatabaseExact = 1, kDatabaseCandidate = 2;
  std::vector<uint8_t> db_able_;
  // A rule cannot match unless each of a few clauses (sets of database tests) has a test that
  // matches. Each gate bucket says which of them it requires (GateBucket::anchored); the rule
  // is evaluated only for events where each required clause had a match.
  using Clauses = std::vector<std::vector<int>>;
  static constexpr size_t kMaxClauses = 4;  // bits of GateBucket::anchored
  struct Trigger {
    int rule = 0;
    int clause = 0;  // of the rule's clauses
  };
  std::vector<std::vector<Trigger>> triggers_;  // by test: the clauses its match satisfies
  std::vector<Clauses> AnchorClauses();         // fills triggers_; returns each rule's clauses
  // Clauses that must each have a matching test for `node` to match, or false when there are
  // none (a clause with no tests: `node` never matches).
  bool NecessaryClauses(int node, Clauses& out) const;
  // The EventIDs (sorted) of which the event must have one for `node` to match, or false when
  // it needs none in particular.
  bool NecessaryEventIds(int node, std::vector<int64_t>& out) const;
  // Every database test under `node`.
  void CollectDatabaseTests(int node, std::vector<int>& out) const;
  // Databases are compiled together, between asking for each bucket's and anchoring its rules.
  void RequestBucketDatabases(GateBucket& bucket,
                              const std::vector<std::vector<int>>& tests_of_rule,
                              const std::vector<std::string>& regex_of_test);
  void AnchorBucketRules(GateBucket& bucket, const std::vector<Clauses>& clauses);

  // Dotted Sigma fields (`userIdentity.arn`) an event may hold under another shape: a flattened
  // column without the dots (`UserIdentityArn`), or a path inside a dynamic (JSON) field
  // (`UserIdentity` → `arn`). Splits are tried from the longest prefix.
  struct PathFallback {
    int alias_slot = -1;
    std::vector<std::pair<int, std::vector<std::string>>> splits;
  };
  std::vector<PathFallback> fallbacks_;  // by slot; empty splits and alias -1 for plain names
};

// Matches events against a ruleset; one per thread. Not copyable; cheap to reuse.
class Matcher {
 public:
  explicit Matcher(const Ruleset& rules);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Indices (into rules()) of the rules the event matches, in rule order.
  const std::vector<int>& Match(const Event& event);

 private:
  bool Eval(int node);
  bool RunTest(int test);
  // The event field in a slot (or what a dotted name resolves to), or nullptr.
  const Value* FieldAt(int slot);
  const Value* LiteralFieldAt(int slot) const;
  const Value* ResolveFallback(int slot);
  // The field's text (lower-cased when `lower`), computed once per event.
  std::string_view Text(int slot, bool lower);
  const GateBucket& Bucket(const Event& event);
  // The database answering test `test` for this event's bucket, or -1 to test it alone.
  int GroupOfTest(int test) const;

  const Ruleset& rules_;
  const Event* event_ = nullptr;
  const GateBucket* bucket_ = nullptr;
  uint32_t generation_ = 0;
  std::vector<uint32_t> slot_gen_;
  std::vector<int32_t> slot_field_;
  std::vector<uint32_t> text_gen_;
  std::vector<std::string> text_;
  std::vector<std::string_view> text_view_;
  std::vector<uint32_t> lower_gen_;
  std::vector<std::string> lower_;
  std::vector<uint32_t> test_gen_;
  std::vector<uint8_t> test_result_;
  std::vector<int> matched_;
  std::string name_buffer_;
  // Field name as written → slot (-1: no rule uses it); open addressing, power-of-two size.
  static constexpr int kEmptyMemo = -2;
  static constexpr size_t kMaxMemo = 1 << 16;
  struct NameMemo {
    uint64_t hash = 0;
    uint64_t head = 0, tail = 0;  // see NameKey in matcher.cpp
    int slot = kEmptyMemo;
    std::string name;
  };
  std::vector<NameMemo> name_memo_;
  size_t memo_size_ = 0;
  int SlotOfName(const std::string& name);
  void InsertMemo(NameMemo memo);
  std::vector<std::string> keyword_lower_;  // lower-cased string fields, for keyword tests
  uint32_t keyword_gen_ = 0;
  std::string keyword_text_;  // every string field, each followed by a NUL, after a first NUL
  uint32_t keyword_text_gen_ = 0;
  bool keyword_text_ok_ = true;  // no field holds a NUL of its own
  bool KeywordText();
  bool KeywordInAnyField(const Test& t);
  hs_scratch* scratch_ = nullptr;
  std::vector<uint32_t> group_gen_;      // when a field database was last scanned
  std::vector<uint32_t> hit_gen_;        // when a grouped test last matched
  std::vector<uint32_t> triggered_gen_;  // by rule: when `triggered_` was last reset
  std::vector<uint8_t> triggered_;       // by rule: its clauses with a match in this event
  std::vector<uint32_t> virtual_gen_;    // when a dotted slot was last resolved
  std::vector<Value> virtual_value_;
  std::vector<uint8_t> virtual_present_;
  std::unique_ptr<simdjson::dom::parser> json_;
  void ScanGroup(int group);

 public:
  // Called by the database scan for each matching test.
  void Hit(int group, unsigned id);
};

}  // namespace quarry::sigma
