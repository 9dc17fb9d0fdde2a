#include "detect/convert_clickhouse.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include <re2/re2.h>

#include "core/clickhouse_sql.h"
#include "core/strings.h"
#include "detect/convert_internal.h"
#include "sigma/gate_index.h"
#include "sigma/logsource.h"
#include "sigma/pattern.h"
#include "store/case.h"

namespace quarry::detect {
namespace {

const BooleanSyntax kSql{"1", "0", " AND ", " OR "};

// Deeper conditions are left open rather than written (each level is a frame here and in the
// server's parser).
constexpr int kMaxDepth = 64;

bool IsText(ValueType t) {
  return t == ValueType::kString || t == ValueType::kDynamic;
}

std::string Number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", x);
  return text;
}

class CandidateWriter {
 public:
  CandidateWriter(const sigma::Ruleset& rules, const std::string& table,
                  const std::vector<StoreColumn>& columns)
      : rules_(rules), table_(table) {
    // The fields an event read back from the case has: every column but the provenance ones.
    for (const auto& c : columns) {
      if (c.name == store::kEidColumn || c.name == store::kTimeColumn ||
          c.name == store::kSourceColumn || c.name == store::kRecordColumn) {
        continue;
      }
      by_key_[sigma::Ruleset::SlotKey(c.name)].push_back(&c);
    }
  }

  // The gate of a variant as the matcher applies it (gate_index.cpp), loosened where exactness
  // would cost: a table's gate also passes its events that carry a Channel and an EventID (the
  // matcher routes those by channel), and an EventID column that is not a number is not read.
  std::string Gate(const sigma::Gate& gate) {
    if (gate.generic) return sigma::IsKnownSourceTable(table_) ? "0" : "1";
    if (!gate.tables.empty()) {
      return std::find(gate.tables.begin(), gate.tables.end(), table_) != gate.tables.end() ? "1"
                                                                                            : "0";
    }
    const auto& channels = ColumnsOf(rules_.channel_slot());
    const auto& ids = ColumnsOf(rules_.event_id_slot());
    if (!MayHave(rules_.channel_slot()) || !MayHave(rules_.event_id_slot())) return "0";
    std::vector<std::string> parts;
    if (!gate.channels.empty()) {
      std::set<std::string> names;
      for (const auto& c : gate.channels) names.insert(AsciiToLower(c));
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + ClickHouseString(n);
      std::vector<std::string> any;
      any.reserve(channels.size());
      for (const StoreColumn* c : channels) {
        any.push_back(IsText(c->type)
                          ? "ifNull(lower(" + ClickHouseIdent(c->name) + ") IN (" + list + "), 0)"
                          : "1");
      }
      parts.push_back(FoldJunction(false, any, kSql));
    }
    if (!gate.event_ids.empty()) {
      std::string list;
      for (int64_t id : gate.event_ids) list += (list.empty() ? "" : ", ") + std::to_string(id);
      std::vector<std::string> any;
      any.reserve(ids.size());
      for (const StoreColumn* c : ids) {
        any.push_back(c->type == ValueType::kLong
                          ? "ifNull(" + ClickHouseIdent(c->name) + " IN (" + list + "), 0)"
                          : "1");
      }
      parts.push_back(FoldJunction(false, any, kSql));
    }
    return FoldJunction(true, parts, kSql);
  }

  // A condition that holds whenever the node does (`negated`: one that holds only when it does,
  // for a node under an odd number of `not`s).
  std::string Condition(int index, bool negated, int depth) {
    if (depth > kMaxDepth) return negated ? "0" : "1";
    const sigma::Node& n = rules_.node(index);
    switch (n.op) {
      case sigma::Node::Op::kTrue:
        return "1";
      case sigma::Node::Op::kFalse:
        return "0";
      case sigma::Node::Op::kNot: {
        std::string inner = Condition(n.index, !negated, depth + 1);
        if (inner == "1" || inner == "0") return inner == "1" ? "0" : "1";
        return "NOT " + inner;
      }
      case sigma::Node::Op::kTest:
        return Test(rules_.test(n.index), negated);
      case sigma::Node::Op::kAnd:
      case sigma::Node::Op::kOr: {
        bool conjunction = n.op == sigma::Node::Op::kAnd;
        std::vector<std::string> children;
        std::vector<int> rest;
        for (uint32_t k = 0; k < n.count; ++k)
          rest.push_back(rules_.child(n.index + static_cast<int>(k)));
        // Under an or, the plain values one field is tested for become one test: 18.16's cost
        // is per function and block as much as per row.
        if (!conjunction && !negated) rest = Alternatives(rest, children);
        for (int child : rest) children.push_back(Condition(child, negated, depth + 1));
        return FoldJunction(conjunction, children, kSql);
      }
    }
    return negated ? "0" : "1";
  }

  size_t tests() const { return tests_; }

 private:
  const std::vector<const StoreColumn*>& ColumnsOf(int slot) {
    static const std::vector<const StoreColumn*> kNone;
    if (slot < 0) return kNone;
    auto it = by_key_.find(sigma::Ruleset::SlotKey(rules_.slot_name(slot)));
    return it == by_key_.end() ? kNone : it->second;
  }
  bool MayHave(int slot) { return !ColumnsOf(slot).empty() || rules_.HasPathFallback(slot); }

  // The test on one column, NULL counted false; nullopt when SQL cannot state it exactly.
  std::optional<std::string> OnColumn(const sigma::Test& t, const StoreColumn& c) {
    std::string col = ClickHouseIdent(c.name);
    std::string sql;
    if (t.kind == sigma::Test::Kind::kGlob) {
      std::string text;
      if (IsText(c.type)) {
        text = col;
      } else if (c.type == ValueType::kLong) {
        text = "toString(" + col + ")";  // the decimal digits Value::ToText writes
      } else {
        return std::nullopt;  // reals, booleans and times are rendered differently
      }
      sql = GlobSql(text, t.glob.pattern(), t.glob.cased());
    } else if (t.kind == sigma::Test::Kind::kCompare) {
      if ((c.type != ValueType::kLong && c.type != ValueType::kReal) || !std::isfinite(t.number)) {
        return std::nullopt;  // text is parsed by strtod, which reads more than ClickHouse
      }
      static const char* kOps[] = {" = ", " > ", " >= ", " < ", " <= "};
      auto op = static_cast<size_t>(t.op);
      if (op >= std::size(kOps)) return std::nullopt;
      sql = "toFloat64(" + col + ")" + kOps[op] + Number(t.number);
    } else {
      return std::nullopt;
    }
    ++tests_;
    return "ifNull(" + sql + ", 0)";
  }

  // Whether a glob test is a literal (exact, prefix, suffix or contains) on a field read from
  // columns alone: such tests of one field can share a test.
  bool PlainLiteral(const sigma::Test& t) const {
    if (t.kind != sigma::Test::Kind::kGlob || t.slot < 0 ||
        rules_.slot_name(t.slot) == sigma::kAbsentField || rules_.HasPathFallback(t.slot)) {
      return false;
    }
    const std::string& p = t.glob.pattern();
    // 18.16 compiles regexes as UTF-8 and refuses one holding other bytes.
    if (p.find(sigma::kAnyChar) != std::string::npos || !IsValidUtf8(p)) return false;
    size_t begin = !p.empty() && p.front() == sigma::kAnyRun ? 1 : 0;
    size_t end = p.size() > begin && p.back() == sigma::kAnyRun ? p.size() - 1 : p.size();
    return p.find(sigma::kAnyRun, begin) >= end;
  }

  // The literal tests among `nodes` grouped by field and case into one test each (into `out`);
  // the other nodes are returned.
  std::vector<int> Alternatives(const std::vector<int>& nodes, std::vector<std::string>& out) {
    std::map<std::pair<int, bool>, std::vector<int>> groups;  // (slot, cased) -> test nodes
    std::vector<int> rest;
    for (int node : nodes) {
      const sigma::Node& n = rules_.node(node);
      if (n.op != sigma::Node::Op::kTest || !PlainLiteral(rules_.test(n.index))) {
        rest.push_back(node);
        continue;
      }
      const sigma::Test& t = rules_.test(n.index);
      groups[{t.slot, t.glob.cased()}].push_back(node);
    }
    for (auto& [key, group] : groups) {
      if (group.size() == 1) {
        rest.push_back(group.front());  // alone it is written as any test is
        continue;
      }
      std::vector<std::string> list;
      for (int node : group) list.push_back(rules_.test(rules_.node(node).index).glob.pattern());
      std::vector<std::string> any;
      for (const StoreColumn* c : ColumnsOf(key.first))
        any.push_back(LiteralsOnColumn(*c, list, key.second));
      out.push_back(FoldJunction(false, any, kSql));
    }
    return rest;
  }

  // Literal patterns (kAnyRun at either end at most) on one column as one test.
  std::string LiteralsOnColumn(const StoreColumn& c, const std::vector<std::string>& patterns,
                               bool cased) {
    std::string col = ClickHouseIdent(c.name);
    if (c.type == ValueType::kLong) {
      // Numbers written exactly (no sign, no leading zero) are the column's values.
      std::set<std::string> numbers;
      for (const auto& p : patterns) {
        bool digits =
            !p.empty() && p.size() < 19 && (p == "0" || p[0] != '0') &&
            std::all_of(p.begin(), p.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
        if (!digits) {
          numbers.clear();
          break;
        }
        numbers.insert(p);
      }
      if (!numbers.empty()) {
        std::string list;
        for (const auto& n : numbers) list += (list.empty() ? "" : ", ") + n;
        ++tests_;
        return "ifNull(" + col + " IN (" + list + "), 0)";
      }
    } else if (!IsText(c.type)) {
      return "1";
    }
    std::string text = IsText(c.type) ? col : "toString(" + col + ")";
    std::set<std::string> alternatives;
    for (const auto& p : patterns) {
      bool lead = !p.empty() && p.front() == sigma::kAnyRun;
      bool trail = p.size() > static_cast<size_t>(lead) && p.back() == sigma::kAnyRun;
      std::string literal = p.substr(lead, p.size() - lead - trail);
      alternatives.insert((lead ? "" : "^") + RE2::QuoteMeta(literal) + (trail ? "" : "$"));
    }
    // (?i:…) folds more than ASCII (the matcher folds ASCII only): a looser test, never a
    // stricter one. Never a bare (?i): 18.16's literal prefilter ignores it.
    std::string regex;
    for (const auto& a : alternatives) regex += (regex.empty() ? "" : "|") + a;
    regex = (cased ? "(?:" : "(?i:") + regex;
    ++tests_;
    return "ifNull(match(" + text + ", " + ClickHouseString(regex + ")") + "), 0)";
  }

  static std::string GlobSql(const std::string& text, const std::string& pattern, bool cased) {
    // The pattern is already lower-case unless cased; lower() and positionCaseInsensitive fold
    // ASCII only, as the matcher does.
    std::string subject = cased ? text : "lower(" + text + ")";
    size_t n = pattern.size();
    bool any_char = pattern.find(sigma::kAnyChar) != std::string::npos;
    auto runs = static_cast<size_t>(std::count(pattern.begin(), pattern.end(), sigma::kAnyRun));
    if (!any_char && runs == 0) return subject + " = " + ClickHouseString(pattern);
    if (!any_char && runs == 1 && pattern.back() == sigma::kAnyRun) {
      return "startsWith(" + subject + ", " + ClickHouseString(pattern.substr(0, n - 1)) + ")";
    }
    if (!any_char && runs == 1 && pattern.front() == sigma::kAnyRun) {
      return "endsWith(" + subject + ", " + ClickHouseString(pattern.substr(1)) + ")";
    }
    if (!any_char && runs == 2 && n >= 2 && pattern.front() == sigma::kAnyRun &&
        pattern.back() == sigma::kAnyRun) {
      std::string literal = pattern.substr(1, n - 2);
      return std::string(cased ? "position(" : "positionCaseInsensitive(") + text + ", " +
             ClickHouseString(literal) + ") > 0";
    }
    // Wildcards inside: each literal piece where it must be (first, last) or anywhere, order
    // not enforced. LIKE would be exact, but 18.16 runs it as a UTF-8 regex whose `.*` stops at
    // bytes that are not UTF-8, where the matcher compares bytes.
    std::vector<std::string> pieces(1);
    for (char c : pattern) {
      if (c == sigma::kAnyRun || c == sigma::kAnyChar) {
        pieces.emplace_back();
      } else {
        pieces.back() += c;
      }
    }
    std::vector<std::string> all;
    for (size_t i = 0; i < pieces.size(); ++i) {
      if (pieces[i].empty()) continue;
      std::string literal = ClickHouseString(pieces[i]);
      if (i == 0) {
        all.push_back("startsWith(" + subject + ", " + literal + ")");
      } else if (i + 1 == pieces.size()) {
        all.push_back("endsWith(" + subject + ", " + literal + ")");
      } else {
        all.push_back(std::string(cased ? "position(" : "positionCaseInsensitive(") + text + ", " +
                      literal + ") > 0");
      }
    }
    // Wildcards alone match any value (isNotNull: the column test is under ifNull).
    return all.empty() ? "isNotNull(" + text + ")" : FoldJunction(true, all, kSql);
  }

  std::string Test(const sigma::Test& t, bool negated) {
    using Kind = sigma::Test::Kind;
    // Under a `not` a test is taken as failing: the filters of rules (`not filter`) rarely rule
    // out much, and each test written costs a pass over its column.
    if (negated) return "0";
    if (t.kind == Kind::kKeyword || t.slot < 0) return "1";
    if (rules_.slot_name(t.slot) == sigma::kAbsentField) {
      // The variant maps the field to none: absent in every event.
      bool absent_holds = t.kind == Kind::kNull || (t.kind == Kind::kExists && !t.expect);
      return absent_holds ? "1" : "0";
    }
    if (rules_.HasPathFallback(t.slot)) return "1";
    const auto& columns = ColumnsOf(t.slot);
    if (t.kind == Kind::kNull || t.kind == Kind::kExists) {
      // Absent means every column of the name is null: exact whatever their number.
      bool want_present = t.kind == Kind::kExists && t.expect;
      std::vector<std::string> each;
      each.reserve(columns.size());
      for (const StoreColumn* c : columns) {
        each.push_back((want_present ? "isNotNull(" : "isNull(") + ClickHouseIdent(c->name) + ")");
      }
      return FoldJunction(!want_present, each, kSql);
    }
    if (columns.empty()) return "0";  // a value test of an absent field fails
    // The matcher reads the first non-null column of the name: one of them passing is necessary.
    std::vector<std::string> any;
    for (const StoreColumn* c : columns) {
      std::optional<std::string> one = OnColumn(t, *c);
      if (!one) return "1";
      any.push_back(*one);
    }
    return FoldJunction(false, any, kSql);
  }

  const sigma::Ruleset& rules_;
  const std::string& table_;
  std::map<std::string, std::vector<const StoreColumn*>> by_key_;
  size_t tests_ = 0;
};

std::string OrOfDistinct(const std::set<std::string>& terms) {
  return FoldJunction(false, std::vector<std::string>(terms.begin(), terms.end()), kSql);
}

}  // namespace

CandidateFilter ClickHouseCandidates(const sigma::Ruleset& rules, const std::string& table,
                                     const std::vector<StoreColumn>& columns, size_t test_budget) {
  CandidateWriter writer(rules, table, columns);
  // Conditions grouped by gate: rules of one logsource share theirs.
  std::map<std::string, std::set<std::string>> by_gate;
  for (const auto& compiled : rules.rules()) {
    std::string gate = writer.Gate(compiled.gate);
    if (gate == "0") continue;
    std::string condition = writer.Condition(compiled.root, false, 0);
    if (condition != "0") by_gate[gate].insert(condition);
  }
  std::set<std::string> gates, variants;
  for (const auto& [gate, conditions] : by_gate) {
    gates.insert(gate);
    variants.insert(FoldJunction(true, {gate, OrOfDistinct(conditions)}, kSql));
  }
  CandidateFilter out;
  out.gate = OrOfDistinct(gates);
  if (out.gate == "0") {
    out.none = true;
    out.gate.clear();
    return out;
  }
  out.tests = writer.tests();
  out.over_budget = out.tests > test_budget;
  if (!out.over_budget) out.condition = OrOfDistinct(variants);
  if (out.condition == out.gate || out.condition == "1") out.condition.clear();
  if (out.gate == "1") out.gate.clear();
  return out;
}

}  // namespace quarry::detect
