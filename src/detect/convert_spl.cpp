// Sigma → Splunk SPL, from the compiled rule like the KQL backend. Windows events are searched by
// source (WinEventLog:<channel>) and EventCode, field names as the Splunk Windows and Sysmon
// add-ons extract them (the Sigma names). A condition of plain values is written as search
// terms (`Image="*\\lsass.exe"`: case-insensitive, `*` a wildcard, as Sigma); one that needs
// a regex, a single-character wildcard, a literal `*`, a network, a number comparison or a
// field reference is written whole as `| where` with match(), cidrmatch() and tonumber().
#include <re2/re2.h>

#include <cstdio>

#include "detect/convert_internal.h"
#include "sigma/pattern.h"

namespace quarry::detect {
namespace {

std::string SplString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

bool PlainIdentifier(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// A field in a search term, or in an eval expression ('x y' quoted).
std::string SearchField(std::string_view f) {
  return PlainIdentifier(f) ? std::string(f) : SplString(f);
}
std::string EvalField(std::string_view f) {
  return PlainIdentifier(f) ? std::string(f) : "'" + std::string(f) + "'";
}

class SplWriter {
 public:
  SplWriter(const sigma::Ruleset& rules, bool eval) : rules_(rules), eval_(eval) {}

  // Whether search terms can say every test under `node`.
  bool Searchable(int node) const {
    bool ok = true;
    rules_.VisitTests(node, [&](const sigma::Test& t, bool) {
      if (t.kind == sigma::Test::Kind::kKeyword || t.kind == sigma::Test::Kind::kNull ||
          t.kind == sigma::Test::Kind::kExists)
        return;
      if (t.kind != sigma::Test::Kind::kGlob || t.glob.cased()) {
        ok = false;
        return;
      }
      const std::string& p = t.glob.pattern();
      if (p.find(sigma::kAnyChar) != std::string::npos || p.find('*') != std::string::npos)
        ok = false;
    });
    return ok;
  }

  std::string True() const { return eval_ ? "true()" : "*"; }
  std::string False() const { return eval_ ? "false()" : "NOT *"; }

  std::string Node(int index) {
    const sigma::Node& n = rules_.node(index);
    switch (n.op) {
      case sigma::Node::Op::kTrue:
        return True();
      case sigma::Node::Op::kFalse:
        return False();
      case sigma::Node::Op::kNot: {
        std::string inner = Node(n.index);
        if (inner == True() || inner == False()) return inner == True() ? False() : True();
        return "NOT (" + inner + ")";
      }
      case sigma::Node::Op::kTest:
        return Test(rules_.test(n.index));
      case sigma::Node::Op::kAnd:
      case sigma::Node::Op::kOr: {
        bool conjunction = n.op == sigma::Node::Op::kAnd;
        std::vector<std::string> children;
        for (uint32_t k = 0; k < n.count; ++k) {
          children.push_back(Node(rules_.child(n.index + static_cast<int>(k))));
        }
        return FoldJunction(conjunction, std::move(children), {True(), False(), " AND ", " OR "});
      }
    }
    return False();
  }

  const std::set<std::string>& reasons() const { return reasons_; }

 private:
  std::string Test(const sigma::Test& t) {
    using Kind = sigma::Test::Kind;
    if (t.kind == Kind::kKeyword) {
      if (eval_) {
        reasons_.insert("keywords next to regexes or comparisons are not converted to SPL");
        return "false()";
      }
      return SplString(SearchValue(t.glob.pattern()));
    }
    const std::string& slot = rules_.slot_name(t.slot);
    if (slot == sigma::kAbsentField) return False();
    // The Windows add-on names the event id EventCode.
    const std::string name = slot == "EventID" ? "EventCode" : slot;
    if (t.kind == Kind::kNull)
      return eval_ ? "isnull(" + EvalField(name) + ")" : "NOT " + SearchField(name) + "=*";
    if (t.kind == Kind::kExists) {
      std::string present = eval_ ? "isnotnull(" + EvalField(name) + ")" : SearchField(name) + "=*";
      return t.expect ? present : "NOT " + present;
    }
    if (!eval_) return SearchField(name) + "=" + SplString(SearchValue(t.glob.pattern()));
    std::string f = EvalField(name);
    switch (t.kind) {
      case Kind::kGlob: {
        std::string regex = (t.glob.cased() ? "^" : "(?i)^");
        for (char c : t.glob.pattern()) {
          if (c == sigma::kAnyRun) {
            regex += ".*";
          } else if (c == sigma::kAnyChar) {
            regex += ".";
          } else {
            regex += RE2::QuoteMeta(std::string(1, c));
          }
        }
        return "match(" + f + ", " + SplString(regex + "$") + ")";
      }
      case Kind::kRegex:
        return "match(" + f + ", " + SplString(t.regex->pattern()) + ")";
      case Kind::kCidr: {
        return "cidrmatch(" + SplString(CidrText(t.cidr)) + ", " + f + ")";
      }
      case Kind::kCompare: {
        static const char* kOps[] = {"==", ">", ">=", "<", "<="};
        char number[32];
        std::snprintf(number, sizeof number, "%.17g", t.number);
        return "tonumber(" + f + ") " + kOps[static_cast<int>(t.op)] + " " + number;
      }
      case Kind::kFieldRef: {
        std::string g = EvalField(rules_.slot_name(t.other_slot));
        switch (t.op) {
          case sigma::Test::Op::kContains:
            return "like(lower(" + f + "), \"%\" . lower(" + g + ") . \"%\")";
          case sigma::Test::Op::kStartsWith:
            return "like(lower(" + f + "), lower(" + g + ") . \"%\")";
          case sigma::Test::Op::kEndsWith:
            return "like(lower(" + f + "), \"%\" . lower(" + g + "))";
          default:
            return "lower(" + f + ") == lower(" + g + ")";
        }
      }
      default:
        break;
    }
    reasons_.insert("time-part modifiers (minute, hour, …) are not converted yet");
    return "false()";
  }

  // A pattern as a search value: `*` runs stay wildcards (Searchable refused the rest).
  static std::string SearchValue(const std::string& pattern) {
    std::string out;
    for (char c : pattern) out += c == sigma::kAnyRun ? '*' : c;
    return out;
  }

  const sigma::Ruleset& rules_;
  bool eval_;
  std::set<std::string> reasons_;
};

std::string GateSpl(const sigma::Gate& gate) {
  std::vector<std::string> parts;
  if (!gate.tables.empty()) {
    std::string any;
    for (const auto& t : gate.tables) {
      any += (any.empty() ? "" : " OR ") + std::string("sourcetype=") + SplString(t);
    }
    parts.push_back(gate.tables.size() > 1 ? "(" + any + ")" : any);
  }
  if (!gate.channels.empty()) {
    std::string any;
    for (const auto& c : gate.channels) {
      any += (any.empty() ? "" : " OR ") + std::string("source=") + SplString("WinEventLog:" + c);
    }
    parts.push_back(gate.channels.size() > 1 ? "(" + any + ")" : any);
  }
  if (!gate.event_ids.empty()) {
    std::string any;
    for (int64_t id : gate.event_ids)
      any += (any.empty() ? "" : " OR ") + ("EventCode=" + std::to_string(id));
    parts.push_back(gate.event_ids.size() > 1 ? "(" + any + ")" : any);
  }
  for (const auto& [field, values] : gate.field_equals) {
    std::string any;
    for (const auto& v : values)
      any += (any.empty() ? "" : " OR ") + SearchField(field) + "=" + SplString(v);
    parts.push_back(values.size() > 1 ? "(" + any + ")" : any);
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " ") + p;
  return out;
}

}  // namespace

namespace {

// One search per logsource variant of a base rule.
std::vector<std::string> SplSearches(const sigma::Ruleset& rules, int info,
                                     std::set<std::string>& reasons) {
  std::vector<std::string> searches;
  for (const auto& compiled : rules.rules()) {
    if (compiled.info != info) continue;
    if (compiled.gate.generic) {
      reasons.insert("the logsource maps to no source or sourcetype (generic data)");
      continue;
    }
    SplWriter search(rules, false);
    bool terms = search.Searchable(compiled.root);
    SplWriter writer(rules, !terms);
    std::string condition = writer.Node(compiled.root);
    reasons.insert(writer.reasons().begin(), writer.reasons().end());
    if (condition == writer.False()) continue;  // this variant cannot match
    std::string gate = GateSpl(compiled.gate);
    if (condition == writer.True()) {
      searches.push_back(gate);
    } else {
      searches.push_back(gate.append(terms ? " " : "\n| where ").append(condition));
    }
  }
  if (searches.empty() && reasons.empty()) reasons.insert("no logsource variant can match");
  return searches;
}

// Searches in one: the first, then each other appended as a subsearch.
std::string Appended(const std::vector<std::string>& searches) {
  if (searches.size() == 1) return searches[0];
  std::string out = "search " + searches[0];
  for (size_t k = 1; k < searches.size(); ++k) out += "\n| append [search " + searches[k] + "]";
  return out;
}

}  // namespace

std::string SplRule(const sigma::Ruleset& rules, int info, std::set<std::string>& reasons) {
  std::vector<std::string> searches = SplSearches(rules, info, reasons);
  return reasons.empty() ? Appended(searches) : std::string();
}

std::string SplCorrelation(const sigma::Ruleset& rules, const sigma::Correlation& c,
                           std::set<std::string>& reasons) {
  using Type = sigma::Correlation::Type;
  if (!CorrelationConvertible(rules, c, reasons)) return {};
  std::vector<std::string> tagged;
  for (int referenced : c.rule_infos) {
    std::string eval = "\n| eval QuarryRule=" + SplString(RuleLabel(rules, referenced));
    for (const auto& g : c.group_by) {
      eval += ", " + EvalField(g) + "=" + EvalField(GroupFieldOf(c, g, referenced));
    }
    if (!c.field.empty()) eval += ", QuarryValue=" + EvalField(c.field);
    for (auto& search : SplSearches(rules, referenced, reasons)) tagged.push_back(search + eval);
  }
  if (!reasons.empty() || tagged.empty()) return {};
  std::string measure, test;
  switch (c.type) {
    case Type::kEventCount:
      measure = "count AS Events";
      test = "Events";
      break;
    case Type::kValueCount:
      measure = "dc(QuarryValue) AS Values";
      test = "Values";
      break;
    case Type::kTemporal:
      measure = "dc(QuarryRule) AS Rules";
      test = "Rules";
      break;
    case Type::kValueSum:
      measure = "sum(QuarryValue) AS Total";
      test = "Total";
      break;
    case Type::kValueAvg:
      measure = "avg(QuarryValue) AS Average";
      test = "Average";
      break;
    default:
      return {};
  }
  std::string condition = CorrelationCondition(c, test);
  std::string by;
  for (const auto& g : c.group_by) by += SearchField(g) + " ";
  // A comment as SPL writes one (Splunk 8 and later): three backticks on each side.
  return "```Fixed " + SpanText(c.timespan_ticks) +
         " bins: the engine's window slides, so a burst across a boundary may be split here```\n" +
         Appended(tagged) + "\n| bin _time span=" + SpanText(c.timespan_ticks) + "\n| stats " +
         measure + " by " + by + "_time\n| where " + condition;
}

}  // namespace quarry::detect
