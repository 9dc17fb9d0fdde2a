// Sigma → KQL over a catalog: `Table | where <gate> and (<condition>)` per variant, variants on
// several tables joined with `union`. KQL string operators are case-insensitive like Sigma's
// defaults; `|cased` becomes the _cs / == forms. Correlations are not converted yet (said so).
#include <arpa/inet.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/strings.h"
#include "detect/convert.h"
#include "detect/convert_internal.h"
#include "sigma/engine.h"
#include "sigma/pattern.h"

namespace quarry::detect {

// A KQL string literal: JSON's escapes are KQL's (\", \\, \n, \t, \uXXXX).
std::string KqlString(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

namespace {

std::string NameKey(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (c != ' ' && c != '.') key += c;
  }
  return AsciiToLower(key);
}

bool IsPlainIdentifier(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string ColumnRef(const std::string& column) {
  return IsPlainIdentifier(column) ? column : "['" + column + "']";
}

// The regex body of a wildcard pattern (kAnyRun, kAnyChar), anchored where the pattern has no
// wildcard at that end; RE2/.NET syntax.
std::string GlobBody(std::string_view pattern) {
  std::string out;
  size_t begin = 0, end = pattern.size();
  if (!pattern.empty() && pattern.front() == sigma::kAnyRun) {
    begin = 1;
  } else {
    out += "^";
  }
  bool open_end = end > begin && pattern.back() == sigma::kAnyRun;
  if (open_end) --end;
  for (size_t i = begin; i < end; ++i) {
    char c = pattern[i];
    if (c == sigma::kAnyRun) {
      out += ".*";
    } else if (c == sigma::kAnyChar) {
      out += ".";
    } else {
      out += RE2::QuoteMeta(std::string(1, c));
    }
  }
  return open_end ? out : out + "$";
}

std::string GlobRegex(std::string_view pattern, bool cased) {
  return (cased ? "" : "(?i)") + GlobBody(pattern);
}

// Or-lists longer than this become one regex per field: SQLite refuses expressions nested a
// thousand deep, and one alternation is also what a SIEM runs fastest.
constexpr uint32_t kLongOrList = 16;

std::string OneLine(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

}  // namespace

// The column (or, for Sentinel's WindowsEvent, the EventData member) a Sigma field is in.
std::string ColumnOf(const kql::TableSchema& table, const std::string& field) {
  std::string key = NameKey(field);
  for (const auto& c : table.columns) {
    if (NameKey(c.name) == key) return ColumnRef(c.name);
  }
  const kql::Column* data = table.Find("EventData");
  if (data != nullptr && data->type == kql::Type::kDynamic && IsPlainIdentifier(field)) {
    return "tostring(EventData." + field + ")";
  }
  return {};
}

namespace {

class VariantWriter {
 public:
  VariantWriter(const sigma::Ruleset& rules, const kql::TableSchema& table,
                bool absent_columns_are_empty)
      : rules_(rules), table_(table), absent_columns_are_empty_(absent_columns_are_empty) {}

  // The KQL of a column for a Sigma field, or "" (with a reason unless absent columns are
  // empty) when the table has none.
  std::string Field(const std::string& field) {
    std::string column = ColumnOf(table_, field);
    if (!column.empty()) {
      types_[field] = kql::Type::kString;
      for (const auto& c : table_.columns) {
        if (NameKey(c.name) == NameKey(field)) types_[field] = c.type;
      }
      return column;
    }
    if (!absent_columns_are_empty_) {
      reasons_.insert("field '" + field + "' is not a column of " + table_.name);
    }
    return {};
  }

  std::string Node(int index) {
    const sigma::Node& n = rules_.node(index);
    switch (n.op) {
      case sigma::Node::Op::kTrue:
        return "true";
      case sigma::Node::Op::kFalse:
        return "false";
      case sigma::Node::Op::kNot: {
        std::string inner = Node(n.index);
        if (inner == "true" || inner == "false") return inner == "true" ? "false" : "true";
        return "not(" + inner + ")";
      }
      case sigma::Node::Op::kTest:
        return Test(rules_.test(n.index));
      case sigma::Node::Op::kAnd:
      case sigma::Node::Op::kOr: {
        // Constant children (fields a variant does not have) fold away.
        bool conjunction = n.op == sigma::Node::Op::kAnd;
        std::vector<std::string> children;
        std::vector<int> rest =
            conjunction || n.count < kLongOrList ? ChildrenOf(n) : Alternations(n, children);
        for (int child_node : rest) children.push_back(Node(child_node));
        static const BooleanSyntax kKql{"true", "false", " and ", " or "};
        return FoldJunction(conjunction, std::move(children), kKql);
      }
    }
    return "false";
  }

  const std::set<std::string>& reasons() const { return reasons_; }

 private:
  std::vector<int> ChildrenOf(const sigma::Node& n) const {
    std::vector<int> out;
    for (uint32_t k = 0; k < n.count; ++k)
      out.push_back(rules_.child(n.index + static_cast<int>(k)));
    return out;
  }

  // The wildcard tests of a long or-list, one `matches regex` alternation per field and case
  // sensitivity, into `out`; the other children are returned.
  std::vector<int> Alternations(const sigma::Node& n, std::vector<std::string>& out) {
    std::map<std::pair<int, bool>, std::vector<std::string>> bodies;
    std::vector<int> rest;
    for (int child : ChildrenOf(n)) {
      const sigma::Node& c = rules_.node(child);
      if (c.op != sigma::Node::Op::kTest) {
        rest.push_back(child);
        continue;
      }
      const sigma::Test& t = rules_.test(c.index);
      if (t.kind != sigma::Test::Kind::kGlob || t.slot < 0 ||
          rules_.slot_name(t.slot) == sigma::kAbsentField) {
        rest.push_back(child);
        continue;
      }
      bodies[{t.slot, t.glob.cased()}].push_back(GlobBody(t.glob.pattern()));
    }
    for (const auto& [key, list] : bodies) {
      std::string f = Field(rules_.slot_name(key.first));
      if (f.empty()) continue;  // no event has the field: these alternatives are all false
      std::string regex = key.second ? "(?:" : "(?i)(?:";
      for (size_t k = 0; k < list.size(); ++k) regex += (k ? "|" : "") + list[k];
      out.push_back("tostring(" + f + ") matches regex " + KqlString(regex + ")"));
    }
    return rest;
  }

  std::string Test(const sigma::Test& t) {
    using Kind = sigma::Test::Kind;
    if (t.kind == Kind::kKeyword) {
      reasons_.insert("keywords search every field; KQL has no per-row any-field search here");
      return "false";
    }
    const std::string& name = rules_.slot_name(t.slot);
    if (name == sigma::kAbsentField) return "false";  // the variant has no such field
    std::string f = Field(name);
    if (f.empty()) {  // no event has the field: only "is null" and "does not exist" hold
      bool absent_holds = t.kind == Kind::kNull || (t.kind == Kind::kExists && !t.expect);
      return absent_holds ? "true" : "false";
    }
    switch (t.kind) {
      case Kind::kGlob:
        return Glob(f, name, t.glob.pattern(), t.glob.cased());
      case Kind::kRegex:
        return f + " matches regex " + KqlString(t.regex->pattern());
      case Kind::kCidr: {
        std::string net = CidrText(t.cidr);
        return std::string(t.cidr.v6 ? "ipv6_is_in_range(" : "ipv4_is_in_range(") + f + ", " +
               KqlString(net) + ")";
      }
      case Kind::kCompare: {
        static const char* kOps[] = {"==", ">", ">=", "<", "<="};
        char number[32];
        std::snprintf(number, sizeof number, "%.17g", t.number);
        return "todouble(" + f + ") " + kOps[static_cast<int>(t.op)] + " " + number;
      }
      case Kind::kNull:
        return "isempty(" + f + ")";
      case Kind::kExists:
        return std::string(t.expect ? "isnotempty(" : "isempty(") + f + ")";
      case Kind::kFieldRef: {
        std::string g = Field(rules_.slot_name(t.other_slot));
        if (g.empty()) return "false";
        const char* op = t.op == sigma::Test::Op::kContains     ? " contains "
                         : t.op == sigma::Test::Op::kStartsWith ? " startswith "
                         : t.op == sigma::Test::Op::kEndsWith   ? " endswith "
                                                                : " =~ ";
        return "tostring(" + f + ")" + op + "tostring(" + g + ")";
      }
      case Kind::kTimePart:
      case Kind::kKeyword:
        break;
    }
    reasons_.insert("time-part modifiers (minute, hour, …) are not converted yet");
    return "false";
  }

  std::string Glob(const std::string& f, const std::string& name, const std::string& pattern,
                   bool cased) {
    // Numbers stored as numbers compare as numbers.
    auto type = types_.find(name);
    bool numeric = type != types_.end() &&
                   (type->second == kql::Type::kLong || type->second == kql::Type::kInt ||
                    type->second == kql::Type::kReal);
    bool digits =
        !pattern.empty() && pattern.size() < 19 &&
        std::all_of(pattern.begin(), pattern.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (numeric && digits) return f + " == " + pattern;
    std::string text = numeric ? "tostring(" + f + ")" : f;
    size_t run = 0, any = 0;
    for (char c : pattern) {
      run += c == sigma::kAnyRun;
      any += c == sigma::kAnyChar;
    }
    std::string_view p = pattern;
    bool lead = !p.empty() && p.front() == sigma::kAnyRun;
    bool trail = p.size() > 1 && p.back() == sigma::kAnyRun;
    if (any == 0 && run == static_cast<size_t>(lead) + static_cast<size_t>(trail)) {
      std::string literal(p.substr(lead, p.size() - lead - trail));
      std::string s = KqlString(literal);
      if (lead && trail) return text + (cased ? " contains_cs " : " contains ") + s;
      if (lead) return text + (cased ? " endswith_cs " : " endswith ") + s;
      if (trail) return text + (cased ? " startswith_cs " : " startswith ") + s;
      return text + (cased ? " == " : " =~ ") + s;
    }
    if (p.size() == 1 && lead) return "isnotempty(" + f + ")";  // '*' alone: any value
    return text + " matches regex " + KqlString(GlobRegex(pattern, cased));
  }

  const sigma::Ruleset& rules_;
  const kql::TableSchema& table_;
  bool absent_columns_are_empty_;
  std::map<std::string, kql::Type> types_;
  std::set<std::string> reasons_;
};

std::string GateKql(const sigma::Gate& gate, VariantWriter& w) {
  std::vector<std::string> parts;
  if (!gate.channels.empty()) {
    std::string list;
    for (const auto& c : gate.channels) list += (list.empty() ? "" : ", ") + KqlString(c);
    std::string channel = w.Field("Channel");
    if (channel.empty()) return "false";
    parts.push_back(channel + " in~ (" + list + ")");
  }
  if (!gate.event_ids.empty()) {
    std::string list;
    for (int64_t id : gate.event_ids) list += (list.empty() ? "" : ", ") + std::to_string(id);
    std::string eid = w.Field("EventID");
    if (eid.empty()) return "false";
    parts.push_back(eid + " in (" + list + ")");
  }
  for (const auto& [field, values] : gate.field_equals) {
    std::string list;
    for (const auto& v : values) list += (list.empty() ? "" : ", ") + KqlString(v);
    std::string f = w.Field(field);
    if (f.empty()) return "false";  // no event has the field the gate requires
    parts.push_back(f.append(" in~ (").append(list).append(")"));
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " and ") + p;
  return out;
}

}  // namespace

// The tables a variant's gate reads, in the catalog.
std::vector<const kql::TableSchema*> KqlTables(const sigma::Gate& gate, const kql::Catalog& catalog,
                                               std::set<std::string>& reasons) {
  std::vector<std::string> names;
  auto add = [&](const std::string& n) {
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  };
  if (!gate.tables.empty()) {
    for (const auto& t : gate.tables) add(t);
  } else if (gate.windows) {
    std::vector<std::string> channels = gate.channels;
    if (channels.empty()) {
      add("SecurityEvent");
      add(catalog.Find("SysmonEvent") != nullptr ? "SysmonEvent" : "WindowsEvent");
      add("WindowsEvent");
    }
    for (const auto& ch : channels) {
      if (EqualsIgnoreCaseAscii(ch, "Security")) {
        add("SecurityEvent");
      } else if (EqualsIgnoreCaseAscii(ch, "Microsoft-Windows-Sysmon/Operational") &&
                 catalog.Find("SysmonEvent") != nullptr) {
        add("SysmonEvent");
      } else {
        add("WindowsEvent");
      }
    }
  } else {
    reasons.insert("the logsource maps to no table (generic data)");
    return {};
  }
  std::vector<const kql::TableSchema*> out;
  for (const auto& n : names) {
    if (const kql::TableSchema* t = catalog.Find(n)) {
      out.push_back(t);
    } else {
      reasons.insert("table " + n + " is not in the target catalog");
    }
  }
  return out;
}

std::string CidrText(const sigma::Cidr& cidr) {
  char address[INET6_ADDRSTRLEN] = {};
  inet_ntop(cidr.v6 ? AF_INET6 : AF_INET, cidr.bytes, address, sizeof address);
  return std::string(address) + "/" + std::to_string(cidr.prefix);
}

std::string FoldJunction(bool conjunction, std::vector<std::string> children,
                         const BooleanSyntax& syntax) {
  const std::string& absorbing = conjunction ? syntax.false_text : syntax.true_text;
  const std::string& neutral = conjunction ? syntax.true_text : syntax.false_text;
  std::vector<std::string> kept;
  for (auto& child : children) {
    if (child == absorbing) return absorbing;
    if (child != neutral) kept.push_back(std::move(child));
  }
  if (kept.empty()) return neutral;
  if (kept.size() == 1) return kept[0];
  std::string out = "(";
  for (size_t k = 0; k < kept.size(); ++k) {
    if (k > 0) out += conjunction ? syntax.and_text : syntax.or_text;
    out += kept[k];
  }
  return out + ")";
}

std::vector<KqlPart> KqlParts(const sigma::Ruleset& rules, int info, const ConvertOptions& options,
                              std::set<std::string>& reasons) {
  std::vector<KqlPart> parts;
  std::set<std::string> missing;
  std::optional<KqlPart> dead;  // a variant that can never match, kept when nothing else is
  for (const auto& compiled : rules.rules()) {
    if (compiled.info != info) continue;
    for (const kql::TableSchema* table : KqlTables(compiled.gate, *options.catalog, missing)) {
      VariantWriter w(rules, *table, options.absent_columns_are_empty);
      std::string gate = GateKql(compiled.gate, w);
      std::string condition = w.Node(compiled.root);
      reasons.insert(w.reasons().begin(), w.reasons().end());
      // A variant that cannot match here (its fields are absent) is left out while another
      // remains.
      if (condition == "false" || gate == "false") {
        if (!dead) dead = KqlPart{table, "false"};
        continue;
      }
      parts.push_back({table, gate.empty() ? condition : gate.append(" and ").append(condition)});
    }
  }
  // A variant whose table the target lacks is left out while another variant has one (a case
  // without Security events still answers the Sysmon half of a process_creation rule).
  if (parts.empty() && dead) parts.push_back(*dead);
  if (parts.empty()) reasons.insert(missing.begin(), missing.end());
  if (parts.empty() && reasons.empty()) reasons.insert("no logsource variant compiled");
  return parts;
}

std::string KqlUnion(const std::vector<std::string>& parts) {
  if (parts.size() == 1) return parts[0];
  std::string out = "union";
  for (size_t k = 0; k < parts.size(); ++k) {
    out += (k ? ",\n  (" : "\n  (") + OneLine(parts[k]) + ")";
  }
  return out;
}

ConvertReport Convert(const ConvertOptions& options) {
  ConvertReport report;
  sigma::Engine engine(options.rules.loader);
  LoadRuleSet(options.rules, engine, report.problems);
  const sigma::Ruleset& rules = engine.rules();
  for (size_t i = 0; i < rules.infos().size(); ++i) {
    const sigma::RuleInfo& info = rules.infos()[i];
    if (!info.selected) continue;
    ConvertedRule r{info.title, info.id, info.path, info.line, false, {}, {}};
    std::set<std::string> reasons;
    const sigma::Correlation* correlation = nullptr;
    for (const auto& c : rules.correlations())
      if (c.info == static_cast<int>(i)) correlation = &c;
    if (options.language == QueryLanguage::kSpl) {
      if (correlation != nullptr) {
        r.query = SplCorrelation(rules, *correlation, reasons);
      } else {
        r.query = SplRule(rules, static_cast<int>(i), reasons);
      }
    } else if (correlation != nullptr) {
      r.query = KqlCorrelation(rules, *correlation, options, reasons);
    } else {
      std::vector<std::string> texts;
      for (const auto& part : KqlParts(rules, static_cast<int>(i), options, reasons)) {
        texts.push_back(part.table->name + "\n| where " + part.where);
      }
      if (!texts.empty()) r.query = KqlUnion(texts);
    }
    r.reasons.assign(reasons.begin(), reasons.end());
    r.converted = r.reasons.empty();
    if (!r.converted) r.query.clear();
    ++(r.converted ? report.converted : report.not_converted);
    report.rules.push_back(std::move(r));
  }
  return report;
}

}  // namespace quarry::detect
