#include "detect/draft_sigma.h"
#include "detect/draft_sigma_internal.h"

#include <cctype>
#include <charconv>

#include <algorithm>
#include <map>
#include <utility>

#include "detect/baseline.h"
#include "ingest/json_layouts.h"
#include "kql/ast.h"
#include "sigma/loader.h"
#include "sigma/logsource.h"

namespace quarry::detect {
namespace {

using draft::Footer;
using draft::Header;
using draft::Item;
using draft::Map;
using draft::Maps;
using draft::WriteSelection;
using draft::YamlKey;
using draft::YamlQuote;
using kql::Node;
using kql::NodeKind;

bool IsTimeColumn(const std::string& field) {
  return field == "TimeGenerated" || field == "Timestamp" || field == "eventTime";
}

// KQL string operators and the Sigma modifier each means; negated forms start with '!'.
const std::map<std::string, std::string, std::less<>>& StringOperators() {
  static const std::map<std::string, std::string, std::less<>> k = {{"==", ""},
                                                                    {"=~", ""},
                                                                    {"contains", "contains"},
                                                                    {"contains_cs", "contains"},
                                                                    {"has", "contains"},
                                                                    {"has_cs", "contains"},
                                                                    {"startswith", "startswith"},
                                                                    {"startswith_cs", "startswith"},
                                                                    {"endswith", "endswith"},
                                                                    {"endswith_cs", "endswith"},
                                                                    {"in", ""},
                                                                    {"in~", ""},
                                                                    {"has_any", "contains"},
                                                                    {"has_all", "contains|all"},
                                                                    {"matches regex", "re"},
                                                                    {">", "gt"},
                                                                    {">=", "gte"},
                                                                    {"<", "lt"},
                                                                    {"<=", "lte"}};
  return k;
}

class Writer {
 public:
  explicit Writer(SigmaDraft& out) : out_(out) {}

  Status Source(const Node& n) {
    if (n.kind != NodeKind::kName) {
      return Unsupported("a rule reads one table; this query reads " +
                         std::string(kql::NodeKindName(n.kind)));
    }
    table_ = n.text;
    return Status::Ok();
  }

  // A where-clause's condition, one conjunct at a time.
  Status Where(const Node& n) {
    if (n.kind == NodeKind::kBinary && n.text == "and") {
      QUARRY_RETURN_IF_ERROR(Where(n.kids[0]));
      return Where(n.kids[1]);
    }
    if (IsNot(n)) {
      QUARRY_ASSIGN_OR_RETURN(Maps maps, Disjunction(n.kids[0]));
      filters_.push_back(Merged(std::move(maps)));
      return Status::Ok();
    }
    if (n.kind == NodeKind::kBinary && n.text == "or") {
      QUARRY_ASSIGN_OR_RETURN(Maps maps, Disjunction(n));
      selections_.push_back(Merged(std::move(maps)));
      return Status::Ok();
    }
    if ((n.kind == NodeKind::kBinary || n.kind == NodeKind::kBetween) && !n.kids.empty() &&
        n.kids[0].kind == NodeKind::kName && IsTimeColumn(n.kids[0].text)) {
      Drop("the time range: a rule runs on every event it is given");
      return Status::Ok();
    }
    bool negated = false;
    QUARRY_ASSIGN_OR_RETURN(Item item, Atom(n, negated));
    if (IsTimeColumn(item.field)) {
      Drop("the time range (" + item.field + "): a rule runs on every event it is given");
      return Status::Ok();
    }
    if (negated) {
      filters_.push_back({{std::move(item)}});
      return Status::Ok();
    }
    if (Gate(item)) return Status::Ok();
    for (Item& have : main_) {
      if (have.field != item.field || item.values.size() != 1 || have.values.size() != 1) continue;
      if (have.mods == "contains" && item.mods == "contains") {
        have.mods = "contains|all";
        have.values.push_back(item.values[0]);
        return Status::Ok();
      }
      if (have.mods == item.mods) {
        selections_.push_back({{std::move(item)}});
        return Status::Ok();
      }
    }
    main_.push_back(std::move(item));
    return Status::Ok();
  }

  Status Summarize(const Node& op) {
    for (const Node& k : op.kids) {
      if (k.kind == NodeKind::kBy) {
        for (const Node& g : k.kids) QUARRY_RETURN_IF_ERROR(GroupBy(g));
        continue;
      }
      if (k.kind == NodeKind::kOption) continue;
      const Node* call = &k;
      if (k.kind == NodeKind::kAssign) {
        measure_ = k.kids[0].text;
        call = &k.kids[1];
      }
      if (call->kind != NodeKind::kCall || !measure_kind_.empty()) {
        return Unsupported("a rule counts one thing; this summarize computes more");
      }
      if (call->text == "count" && call->kids.empty()) {
        measure_kind_ = "event_count";
        if (measure_.empty()) measure_ = "count_";
      } else if (call->text == "dcount" && !call->kids.empty()) {
        measure_kind_ = "value_count";
        QUARRY_ASSIGN_OR_RETURN(counted_field_, Field(call->kids[0]));
        if (measure_.empty()) measure_ = "dcount_" + counted_field_;
      } else {
        return Unsupported("'" + call->text +
                           "()' has no Sigma correlation; count() and dcount() do");
      }
    }
    if (measure_kind_.empty()) {
      return Unsupported("a summarize without count() or dcount() lists values; a rule alerts");
    }
    return Status::Ok();
  }

  // `| where Count > 5` after the summarize.
  Status Threshold(const Node& n) {
    if (n.kind != NodeKind::kBinary || n.kids.size() != 2 || n.kids[0].kind != NodeKind::kName ||
        n.kids[0].text != measure_ || n.kids[1].kind != NodeKind::kNumber) {
      return Unsupported("after the summarize a rule can only test the count against a number");
    }
    auto op = StringOperators().find(n.text);
    if (op == StringOperators().end() || (op->second.rfind('g', 0) != 0 && n.text != "==")) {
      return Unsupported(
          "a threshold must be '>', '>=' or '==' a number (an alert is raised "
          "when the count reaches it)");
    }
    threshold_op_ = n.text == "==" ? "eq" : op->second;
    threshold_ = n.kids[1].text;
    return Status::Ok();
  }

  bool summarized() const { return !measure_kind_.empty(); }
  void Drop(std::string what) {
    if (std::find(out_.dropped.begin(), out_.dropped.end(), what) == out_.dropped.end()) {
      out_.dropped.push_back(std::move(what));
    }
  }

  Result<std::string> Yaml(const RuleMeta& meta) {
    QUARRY_ASSIGN_OR_RETURN(std::string logsource, LogSource());
    Map first = main_;
    for (int64_t id : logsource_ids_) {
      first.insert(first.begin(), Item{"EventID", "", {std::to_string(id)}});
    }
    std::vector<std::pair<std::string, Maps>> named;
    if (!first.empty()) named.emplace_back("selection", Maps{first});
    for (size_t i = 0; i < selections_.size(); ++i) {
      named.emplace_back(named.empty() ? "selection" : "selection_" + std::to_string(i + 2),
                         selections_[i]);
    }
    if (named.empty()) {
      return Unsupported("the query selects every event of " + table_ +
                         "; a rule needs a condition");
    }
    std::string condition;
    for (const auto& [name, maps] : named) condition += (condition.empty() ? "" : " and ") + name;
    // not(a) and not(b) on one key is one filter listing both.
    std::vector<Maps> filters;
    for (Maps& f : filters_) {
      auto single = [](const Maps& m) { return m.size() == 1 && m[0].size() == 1; };
      auto same = std::find_if(filters.begin(), filters.end(), [&](const Maps& have) {
        return single(f) && single(have) && have[0][0].Key() == f[0][0].Key() &&
               f[0][0].mods.find("all") == std::string::npos;
      });
      if (same == filters.end()) {
        filters.push_back(std::move(f));
      } else {
        auto& values = (*same)[0][0].values;
        values.insert(values.end(), f[0][0].values.begin(), f[0][0].values.end());
      }
    }
    filters_ = std::move(filters);
    for (size_t i = 0; i < filters_.size(); ++i) {
      std::string name = "filter_" + std::to_string(i + 1);
      named.emplace_back(name, filters_[i]);
      condition += " and not " + name;
    }
    std::string y = Header(meta, meta.id, meta.title) + logsource + "detection:\n";
    for (const auto& [name, maps] : named) y += WriteSelection(name, maps);
    y += "    condition: " + condition + "\n";
    y += Footer(meta);
    if (!summarized()) return y;
    if (bin_.empty()) {
      return Unsupported(
          "a threshold needs a time window ('within 30 minutes'): Sigma "
          "correlations count events in a timespan");
    }
    if (threshold_.empty()) {
      return Unsupported("a count without a threshold ('more than 5') raises no alert");
    }
    out_.correlation = true;
    std::string base = y;
    // The base rule is named so the correlation can reference it; it alerts only through it.
    base.insert(base.find("\nstatus:"), "\nname: " + meta.name);
    std::string c = "---\n" + Header(meta, meta.correlation_id, meta.title) + "correlation:\n";
    c += "    type: " + measure_kind_ + "\n    rules:\n        - " + meta.name + "\n";
    if (!group_by_.empty()) {
      c += "    group-by:\n";
      for (const std::string& g : group_by_) c += "        - " + YamlKey(g) + "\n";
    }
    c += "    timespan: " + bin_ + "\n    condition:\n";
    if (measure_kind_ == "value_count") c += "        field: " + YamlKey(counted_field_) + "\n";
    c += "        " + threshold_op_ + ": " + threshold_ + "\n";
    c += Footer(meta);
    return base + c;
  }

 private:
  static bool IsNot(const Node& n) {
    return (n.kind == NodeKind::kCall && n.text == "not" && n.kids.size() == 1) ||
           (n.kind == NodeKind::kUnary && n.text == "not" && n.kids.size() == 1);
  }

  // The Sigma field a column expression reads.
  Result<std::string> Field(const Node& n) const {
    switch (n.kind) {
      case NodeKind::kName: {
        if (table_ == "AWSCloudTrail") {
          std::string path = ingest::CloudTrailPathOf(n.text);
          if (!path.empty()) return path;
        }
        return n.text;
      }
      case NodeKind::kCall:
        if ((n.text == "tostring" || n.text == "tolower" || n.text == "toupper") &&
            n.kids.size() == 1) {
          return Field(n.kids[0]);
        }
        return Unsupported("'" + n.text + "()' of a column has no Sigma field");
      case NodeKind::kMember: {
        QUARRY_ASSIGN_OR_RETURN(std::string object, Field(n.kids[0]));
        return object + "." + n.text;
      }
      case NodeKind::kIndex:
        if (n.kids.size() == 2 && n.kids[1].kind == NodeKind::kString) {
          QUARRY_ASSIGN_OR_RETURN(std::string object, Field(n.kids[0]));
          return object + "." + n.kids[1].text;
        }
        return Unsupported("an index that is not a key has no Sigma field");
      default:
        return Unsupported("a rule compares columns with values; this compares " +
                           std::string(kql::NodeKindName(n.kind)));
    }
  }

  static Result<std::string> Value(const Node& n, bool literal) {
    switch (n.kind) {
      case NodeKind::kString:
        return YamlQuote(literal ? SigmaLiteral(n.text) : n.text);
      case NodeKind::kNumber:
      case NodeKind::kBool:
        return n.text;
      case NodeKind::kUnary:
        if (n.text == "-" && n.kids[0].kind == NodeKind::kNumber) return "-" + n.kids[0].text;
        break;
      default:
        break;
    }
    return Unsupported("a rule compares with literal values; this compares with " +
                       std::string(kql::NodeKindName(n.kind)));
  }

  Result<Item> Atom(const Node& n, bool& negated) const {
    if (n.kind == NodeKind::kCall && n.kids.size() >= 1) {
      QUARRY_ASSIGN_OR_RETURN(std::string field, Field(n.kids[0]));
      if ((n.text == "ipv4_is_in_range" || n.text == "ipv6_is_in_range") && n.kids.size() == 2 &&
          n.kids[1].kind == NodeKind::kString) {
        return Item{field, "cidr", {YamlQuote(n.kids[1].text)}};
      }
      if (n.text == "ipv4_is_private" && n.kids.size() == 1) {
        return Item{
            field,
            "cidr",
            {YamlQuote("10.0.0.0/8"), YamlQuote("172.16.0.0/12"), YamlQuote("192.168.0.0/16")}};
      }
      if (n.text == "isnotempty" && n.kids.size() == 1) return Item{field, "exists", {"true"}};
      return Unsupported("'" + n.text + "()' has no Sigma equivalent");
    }
    // ipv4_is_private(X) == false
    if (n.kind == NodeKind::kBinary && (n.text == "==" || n.text == "!=") && n.kids.size() == 2 &&
        n.kids[0].kind == NodeKind::kCall && n.kids[1].kind == NodeKind::kBool) {
      QUARRY_ASSIGN_OR_RETURN(Item item, Atom(n.kids[0], negated));
      negated = negated != ((n.text == "==") != (n.kids[1].text == "true"));
      return item;
    }
    if (n.kind != NodeKind::kBinary || n.kids.size() != 2) {
      return Unsupported("a rule's condition tests fields; this is " +
                         std::string(kql::NodeKindName(n.kind)) + " '" + n.text + "'");
    }
    std::string op = n.text;
    negated = op == "!=" || op == "!~" || (op.size() > 1 && op[0] == '!');
    if (op == "!=") op = "==";
    if (op == "!~") op = "=~";
    if (negated && op[0] == '!') op.erase(0, 1);
    auto known = StringOperators().find(op);
    if (known == StringOperators().end()) {
      return Unsupported("the KQL operator '" + n.text + "' has no Sigma modifier");
    }
    QUARRY_ASSIGN_OR_RETURN(std::string field, Field(n.kids[0]));
    Item item{field, known->second, {}};
    bool literal = item.mods != "re";
    if (n.kids[1].kind == NodeKind::kList) {
      for (const Node& v : n.kids[1].kids) {
        QUARRY_ASSIGN_OR_RETURN(std::string value, Value(v, literal));
        item.values.push_back(std::move(value));
      }
    } else {
      QUARRY_ASSIGN_OR_RETURN(std::string value, Value(n.kids[1], literal));
      item.values.push_back(std::move(value));
    }
    if (item.values.empty()) return Unsupported("an empty list of values");
    return item;
  }

  // An and of tests, none negated.
  Result<Map> Conjunction(const Node& n) const {
    if (n.kind == NodeKind::kBinary && n.text == "and") {
      QUARRY_ASSIGN_OR_RETURN(Map left, Conjunction(n.kids[0]));
      QUARRY_ASSIGN_OR_RETURN(Map right, Conjunction(n.kids[1]));
      left.insert(left.end(), right.begin(), right.end());
      return left;
    }
    bool negated = false;
    QUARRY_ASSIGN_OR_RETURN(Item item, Atom(n, negated));
    if (negated) {
      return Unsupported(
          "a negation inside 'or' or 'not' has no plain Sigma selection; "
          "state it as its own exclusion");
    }
    return Map{std::move(item)};
  }

  Result<Maps> Disjunction(const Node& n) const {
    if (n.kind == NodeKind::kBinary && n.text == "or") {
      QUARRY_ASSIGN_OR_RETURN(Maps left, Disjunction(n.kids[0]));
      QUARRY_ASSIGN_OR_RETURN(Maps right, Disjunction(n.kids[1]));
      left.insert(left.end(), right.begin(), right.end());
      return left;
    }
    QUARRY_ASSIGN_OR_RETURN(Map map, Conjunction(n));
    return Maps{std::move(map)};
  }

  // Maps of one test each on the same key become one test with the values listed.
  static Maps Merged(Maps maps) {
    bool one_key = std::all_of(maps.begin(), maps.end(), [&](const Map& m) {
      return m.size() == 1 && m[0].Key() == maps[0][0].Key() &&
             m[0].mods.find("all") == std::string::npos;
    });
    if (!one_key || maps.size() < 2) return maps;
    Item merged = maps[0][0];
    for (size_t i = 1; i < maps.size(); ++i) {
      merged.values.insert(merged.values.end(), maps[i][0].values.begin(), maps[i][0].values.end());
    }
    return {{merged}};
  }

  // An event id, channel or provider test the logsource carries; true when taken.
  bool Gate(const Item& item) {
    if (!item.mods.empty()) return false;
    int64_t id = 0;
    const std::string& text = item.values.empty() ? item.field : item.values[0];
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (item.field == "EventID" && item.values.size() == 1 && logsource_ids_.empty() &&
        error == std::errc() && end == text.data() + text.size() && id >= 0) {
      logsource_ids_.push_back(id);
      return true;
    }
    if ((item.field == "Channel" || item.field == "Provider") && item.values.size() == 1) {
      std::string v = item.values[0].substr(1, item.values[0].size() - 2);
      if (item.field == "Channel") channel_ = v;
      if (item.field == "Provider" && table_ == "SysmonEvent" && v == "Microsoft-Windows-Sysmon") {
        return true;
      }
      return item.field == "Channel";
    }
    return false;
  }

  Status GroupBy(const Node& g) {
    if (g.kind == NodeKind::kCall && g.text == "bin" && g.kids.size() == 2 &&
        g.kids[1].kind == NodeKind::kTimespan) {
      bin_ = g.kids[1].text;
      return Status::Ok();
    }
    const Node& column = g.kind == NodeKind::kAssign ? g.kids[1] : g;
    QUARRY_ASSIGN_OR_RETURN(std::string field, Field(column));
    group_by_.push_back(field);
    return Status::Ok();
  }

  Result<std::string> LogSource() {
    std::string ls = "logsource:\n";
    if (table_ == "SysmonEvent") {
      std::string category =
          logsource_ids_.size() == 1 ? sigma::SysmonCategoryOf(logsource_ids_[0]) : "";
      // An event id and nothing else (a correlation's base rule "every DNS query") stays a
      // selection under the Sysmon service: a category alone is no detection.
      if (!category.empty() && (!main_.empty() || !selections_.empty())) {
        logsource_ids_.clear();
        return ls + "    product: windows\n    category: " + category + "\n";
      }
      return ls + "    product: windows\n    service: sysmon\n";
    }
    if (table_ == "SecurityEvent") return ls + "    product: windows\n    service: security\n";
    if (table_ == "WindowsEvent") {
      std::string service = sigma::ServiceOfChannel(channel_);
      if (service.empty()) {
        return Unsupported(channel_.empty()
                               ? "events of WindowsEvent without a channel test "
                                 "have no Sigma logsource"
                               : "the channel '" + channel_ + "' has no Sigma service");
      }
      return ls + "    product: windows\n    service: " + service + "\n";
    }
    if (table_ == "AWSCloudTrail") return ls + "    product: aws\n    service: cloudtrail\n";
    if (table_ == "LinuxAudit") return ls + "    product: linux\n    service: auditd\n";
    if (table_ == "Syslog") return ls + "    product: linux\n";
    return Unsupported("the table " + table_ + " has no Sigma logsource");
  }

  SigmaDraft& out_;
  std::string table_;
  std::string channel_;
  std::vector<int64_t> logsource_ids_;
  Map main_;
  std::vector<Maps> selections_;
  std::vector<Maps> filters_;
  std::string measure_, measure_kind_, counted_field_, bin_, threshold_op_, threshold_;
  std::vector<std::string> group_by_;
};

}  // namespace

Result<SigmaDraft> SigmaFromKql(std::string_view text, const RuleMeta& meta) {
  kql::ParseResult parsed = kql::Parse(text);
  if (!parsed.ok) return Unsupported("the query does not parse: " + parsed.error.message);
  const Node* query = nullptr;
  for (const Node& statement : parsed.script.kids) {
    if (statement.kind == NodeKind::kLet) {
      return Unsupported("a rule has no 'let' statements; write the values in the condition");
    }
    if (statement.kind == NodeKind::kQuery) query = &statement;
  }
  if (query == nullptr || query->kids.empty()) return Unsupported("the draft has no query");
  SigmaDraft draft;
  Writer w(draft);
  const Node& pipe = query->kids[0];
  if (pipe.kind != NodeKind::kPipe) {
    QUARRY_RETURN_IF_ERROR(w.Source(pipe));
  } else {
    QUARRY_RETURN_IF_ERROR(w.Source(pipe.kids[0]));
    for (size_t i = 1; i < pipe.kids.size(); ++i) {
      const Node& op = pipe.kids[i];
      const std::string& name = op.text;
      if ((name == "where" || name == "filter") && !op.kids.empty()) {
        QUARRY_RETURN_IF_ERROR(w.summarized() ? w.Threshold(op.kids[0]) : w.Where(op.kids[0]));
      } else if (name == "summarize" && !w.summarized()) {
        QUARRY_RETURN_IF_ERROR(w.Summarize(op));
      } else if (name.rfind("project", 0) == 0 || name == "sort" || name == "order" ||
                 name == "top" || name == "take" || name == "limit") {
        w.Drop("the columns shown, their order and a row limit (a rule alerts on each event)");
      } else {
        return Unsupported("the operator '" + name + "' has no Sigma equivalent");
      }
    }
  }
  QUARRY_ASSIGN_OR_RETURN(draft.yaml, w.Yaml(meta));
  // What the query says may still be no rule Sigma compiles (a regex RE2 refuses, a network
  // that does not parse): the loader is the judge, and its reason is the answer.
  sigma::RuleLoader loader;
  loader.AddText("draft.yml", draft.yaml);
  sigma::Ruleset compiled = loader.Finish();
  for (const sigma::RuleLoad& r : loader.results()) {
    if (!r.loaded) return Unsupported("the rule written from the query does not load: " + r.reason);
  }
  return draft;
}

}  // namespace quarry::detect
