#include "verify/kql_lint.h"

#include <map>

namespace quarry::verify {
namespace {

using kql::Node;
using kql::NodeKind;

bool IsTimeColumn(std::string_view name) {
  return name == "TimeGenerated" || name == "Timestamp";
}

// Whether an expression bounds time: a comparison or between on a time column, or ago(),
// now() or a datetime literal anywhere in it.
bool MentionsTime(const Node& n) {
  if (n.kind == NodeKind::kName && IsTimeColumn(n.text)) return true;
  if (n.kind == NodeKind::kDatetime) return true;
  if (n.kind == NodeKind::kCall && (n.text == "ago" || n.text == "now")) return true;
  for (const Node& k : n.kids) {
    if (MentionsTime(k)) return true;
  }
  return false;
}

class Linter {
 public:
  Linter(std::string_view text, const kql::Catalog& catalog, std::string file)
      : text_(text), catalog_(catalog), file_(std::move(file)) {}

  void Script(const Node& script) {
    for (const Node& s : script.kids) {
      if (s.kind == NodeKind::kLet && !s.kids.empty()) {
        const Node& value = s.kids[0];
        if (value.kind == NodeKind::kFunction) continue;
        bounded_lets_[s.text] = Tabular(value, false);
      } else if (s.kind == NodeKind::kQuery && !s.kids.empty()) {
        Tabular(s.kids[0], false);
      }
    }
  }

  std::vector<Finding>& findings() { return findings_; }

 private:
  void Report(std::string code, std::string message, kql::Span span, std::string suggestion) {
    findings_.push_back(kql::FindingAt(Severity::kWarning, std::move(code), std::move(message),
                                       span, text_, file_, std::move(suggestion)));
  }

  // A table with a time column, read here.
  bool TimedTable(const Node& name) const {
    if (name.kind != NodeKind::kName || bounded_lets_.count(name.text)) return false;
    const kql::TableSchema* t = catalog_.Find(name.text);
    return t != nullptr && (t->Find("TimeGenerated") || t->Find("Timestamp"));
  }

  // Walks a tabular expression; `bounded_outside` when a later where already bounds time.
  // Returns whether its rows are bounded in time.
  bool Tabular(const Node& n, bool bounded_outside) {
    if (n.kind == NodeKind::kPipe) {
      bool bounded = bounded_outside;
      for (size_t i = 1; i < n.kids.size(); ++i) {
        const Node& op = n.kids[i];
        if ((op.text == "where" || op.text == "filter") && !op.kids.empty() &&
            MentionsTime(op.kids[0])) {
          bounded = true;
        }
      }
      bool source_bounded = Tabular(n.kids[0], bounded);
      for (size_t i = 1; i < n.kids.size(); ++i) Operator(n.kids[i], bounded);
      return bounded || source_bounded;
    }
    if (n.kind == NodeKind::kName) {
      if (auto it = bounded_lets_.find(n.text); it != bounded_lets_.end()) return it->second;
      if (TimedTable(n) && !bounded_outside) {
        Report("kql.no_time_filter", "'" + n.text + "' is read without a time filter", n.span,
               "add `| where TimeGenerated > ago(1d)` (or the window you mean)");
      }
      return bounded_outside;
    }
    if (n.kind == NodeKind::kCall && !n.kids.empty() && n.text == "materialize") {
      return Tabular(n.kids[0], bounded_outside);
    }
    if (n.kind == NodeKind::kOperator && n.text == "union") {
      bool all = true;
      for (const Node& k : n.kids) {
        if (k.kind != NodeKind::kOption) all = Tabular(k, bounded_outside) && all;
      }
      return all;
    }
    return bounded_outside;
  }

  void Operator(const Node& op, bool bounded) {
    if ((op.text == "join" || op.text == "lookup") && !op.kids.empty()) {
      for (const Node& k : op.kids) {
        if (k.kind == NodeKind::kOption || k.kind == NodeKind::kOn) continue;
        size_t before = findings_.size();
        bool right_bounded = Tabular(k, false);
        if (!right_bounded && op.text == "join" && findings_.size() == before) {
          Report("kql.join_without_time_bound",
                 "the right side of this join has no time filter: it reads all its rows, and "
                 "matches may be far apart in time",
                 k.span, "filter the right side on TimeGenerated too, e.g. the same window");
        }
        break;
      }
      return;
    }
    if (op.text == "union") {
      for (const Node& k : op.kids) {
        if (k.kind != NodeKind::kOption) Tabular(k, bounded);
      }
    }
  }

  std::string_view text_;
  const kql::Catalog& catalog_;
  std::string file_;
  std::map<std::string, bool, std::less<>> bounded_lets_;
  std::vector<Finding> findings_;
};

}  // namespace

std::vector<Finding> LintKql(const Node& script, std::string_view text, const kql::Catalog& catalog,
                             const std::string& file) {
  Linter linter(text, catalog, file);
  linter.Script(script);
  return std::move(linter.findings());
}

kql::CheckResult CheckKql(std::string_view text, const kql::Catalog& catalog,
                          const std::string& file) {
  return CheckKql(kql::Parse(text), text, catalog, file);
}

kql::CheckResult CheckKql(const kql::ParseResult& parsed, std::string_view text,
                          const kql::Catalog& catalog, const std::string& file) {
  kql::CheckResult result = kql::CheckParsed(parsed, text, catalog, file);
  if (!result.parsed) return result;
  for (Finding& f : LintKql(parsed.script, text, catalog, file)) {
    result.findings.push_back(std::move(f));
  }
  return result;
}

}  // namespace quarry::verify
