#include "review/rules.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "core/yaml_guard.h"
#include "review/code_view.h"
#include "review/cwe.h"
#include "review/embedded.h"

namespace quarry::review {
namespace {

constexpr int kMaxStatementLines = 8;

struct Statement {
  size_t begin = 0, end = 0;  // byte range in the code view
  uint64_t first_line = 0, last_line = 0;
};

// Lines joined while a parenthesis or bracket opened on them is still open.
std::vector<Statement> Statements(const CodeView& view) {
  std::vector<Statement> out;
  const std::string& code = view.code;
  size_t pos = 0;
  uint64_t line = 1;
  while (pos < code.size()) {
    Statement s;
    s.begin = pos;
    s.first_line = line;
    int depth = 0;
    int lines = 0;
    size_t string_index = 0;
    while (pos < code.size()) {
      char c = code[pos];
      if (c == '\n') {
        ++line;
        ++lines;
        ++pos;
        if (depth <= 0 || lines >= kMaxStatementLines) break;
        continue;
      }
      while (string_index < view.strings.size() && view.strings[string_index].second <= pos)
        ++string_index;
      bool in_string =
          string_index < view.strings.size() && view.strings[string_index].first <= pos;
      if (!in_string) {
        // Braces open blocks (a function body is not one statement); calls and lists join.
        if (c == '(' || c == '[') ++depth;
        if (c == ')' || c == ']') --depth;
      }
      ++pos;
    }
    s.end = pos;
    s.last_line = pos > 0 && pos <= code.size() && code[pos - 1] == '\n' ? line - 1 : line;
    out.push_back(s);
  }
  return out;
}

uint64_t LineAt(const std::string& code, const Statement& s, size_t offset) {
  return s.first_line + static_cast<uint64_t>(
                            std::count(code.begin() + static_cast<std::ptrdiff_t>(s.begin),
                                       code.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// The offset of the first match of RULE in the statement that starts in code; npos when none.
size_t FirstMatchInCode(const PatternRule& rule, const CodeView& view, std::string_view flat,
                        size_t base) {
  size_t from = 0;
  re2::StringPiece match;
  while (from <= flat.size() &&
         rule.pattern->Match(flat, from, flat.size(), RE2::UNANCHORED, &match, 1)) {
    size_t start = static_cast<size_t>(match.data() - flat.data());
    if (!view.InString(base + start)) return start;
    // Past the string the match started in (a long literal must not be retried byte by byte).
    size_t end = view.StringEnd(base + start);
    from = end > base + start ? end - base : start + 1;
  }
  return std::string_view::npos;
}

std::vector<ReviewFinding> Run(const PatternRuleSet& rules, const ReviewedFile& file,
                               bool ignore_context) {
  std::vector<ReviewFinding> out;
  CodeView view = MakeCodeView(file.text, file.language);
  std::vector<const PatternRule*> active;
  for (const auto& rule : rules.rules) {
    if (!rule.Reads(file.language)) continue;
    if (!ignore_context && rule.context && !RE2::PartialMatch(view.code, *rule.context)) continue;
    active.push_back(&rule);
  }
  if (active.empty()) return out;
  for (const Statement& s : Statements(view)) {
    if (!file.Changed(s.first_line, s.last_line)) continue;
    std::string flat = view.code.substr(s.begin, s.end - s.begin);
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    if (flat.find_first_not_of(" \t\r") == std::string::npos) continue;
    for (const PatternRule* rule : active) {
      size_t at = FirstMatchInCode(*rule, view, flat, s.begin);
      if (at == std::string_view::npos) continue;
      bool excepted = std::any_of(rule->unless.begin(), rule->unless.end(),
                                  [&](const auto& re) { return RE2::PartialMatch(flat, *re); });
      if (excepted) continue;
      uint64_t line = LineAt(view.code, s, s.begin + at);
      ReviewFinding f;
      f.finding.severity = rule->severity;
      f.finding.code = rule->id;
      f.finding.message = rule->message;
      f.finding.where.file = file.path;
      f.finding.where.line = line;
      f.end_line = s.last_line;
      f.cwe = rule->cwe;
      f.engine = "quarry";
      f.evidence = std::string(file.Line(line));
      f.voices.push_back(Voice{"quarry", rule->id, rule->cwe, rule->message});
      out.push_back(std::move(f));
    }
  }
  return out;
}

class RuleReader {
 public:
  explicit RuleReader(PatternRuleSet& out) : out_(out) {}

  void ReadFile(const std::string& name, const std::string& text) {
    file_ = name;
    if (auto hazard = FindYamlHazard(text)) {
      Problem(hazard->line, hazard->what);
      return;
    }
    try {
      YAML::Node root = YAML::Load(text);
      YAML::Node rules = root.IsMap() ? root["rules"] : YAML::Node();
      if (!rules || !rules.IsSequence()) {
        Problem(1, "a rule file is a mapping with a 'rules' list");
        return;
      }
      for (const auto& node : rules) ReadRule(node);
    } catch (const YAML::Exception& e) {
      Problem(e.mark.is_null() ? 0 : e.mark.line + 1, "not valid YAML: " + e.msg);
    }
  }

 private:
  void Problem(uint64_t line, const std::string& message) {
    out_.problems.push_back(ErrorAt("review.rule", message, file_, line));
  }

  static uint64_t LineOf(const YAML::Node& node) {
    return node.Mark().is_null() ? 0 : static_cast<uint64_t>(node.Mark().line) + 1;
  }

  std::string Text(const YAML::Node& rule, const char* key) {
    YAML::Node node = rule[key];
    return node && node.IsScalar() ? node.Scalar() : std::string();
  }

  std::shared_ptr<const RE2> Compile(const std::string& id, const char* what, const std::string& re,
                                     uint64_t line) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(8 << 20);
    auto compiled = std::make_shared<const RE2>(re, options);
    if (!compiled->ok()) {
      Problem(line, "rule " + id + ": " + what + " is not an RE2 regex: " + compiled->error());
      return nullptr;
    }
    return compiled;
  }

  std::vector<std::string> List(const YAML::Node& node) {
    std::vector<std::string> out;
    if (node && node.IsSequence())
      for (const auto& item : node)
        if (item.IsScalar()) out.push_back(item.Scalar());
    return out;
  }

  void ReadRule(const YAML::Node& node) {
    uint64_t line = LineOf(node);
    if (!node.IsMap()) {
      Problem(line, "a rule is a mapping");
      return;
    }
    PatternRule rule;
    rule.defined_at.file = file_;
    rule.defined_at.line = line;
    rule.id = Text(node, "id");
    if (rule.id.empty() ||
        rule.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
      Problem(line, "a rule needs an id of lower-case letters, digits and '-'");
      return;
    }
    if (!ids_.insert(rule.id).second) {
      Problem(line, "rule id " + rule.id + " is used twice");
      return;
    }
    for (const auto& name : List(node["languages"])) {
      Language language = LanguageNamed(name);
      if (language == Language::kUnknown) {
        Problem(line, "rule " + rule.id + ": unknown language '" + name + "'");
        return;
      }
      rule.languages.push_back(language);
    }
    if (rule.languages.empty()) {
      Problem(line, "rule " + rule.id + " names no languages");
      return;
    }
    rule.cwe = CweTable::Canonical(Text(node, "cwe"));
    if (rule.cwe.empty() || !CweTable::BuiltIn().Find(rule.cwe)) {
      Problem(line, "rule " + rule.id + ": cwe '" + Text(node, "cwe") +
                        "' is not in review-rules/cwe.tsv");
      return;
    }
    std::string severity = Text(node, "severity");
    if (severity != "error" && severity != "warning") {
      Problem(line, "rule " + rule.id + ": severity is error or warning");
      return;
    }
    rule.severity = severity == "error" ? Severity::kError : Severity::kWarning;
    rule.message = Text(node, "message");
    if (rule.message.empty()) {
      Problem(line, "rule " + rule.id + " has no message");
      return;
    }
    rule.pattern = Compile(rule.id, "pattern", Text(node, "pattern"), line);
    if (!rule.pattern || Text(node, "pattern").empty()) {
      if (Text(node, "pattern").empty()) Problem(line, "rule " + rule.id + " has no pattern");
      return;
    }
    for (const auto& re : List(node["unless"])) {
      auto compiled = Compile(rule.id, "an unless entry", re, line);
      if (!compiled) return;
      rule.unless.push_back(std::move(compiled));
    }
    if (std::string context = Text(node, "context"); !context.empty()) {
      rule.context = Compile(rule.id, "context", context, line);
      if (!rule.context) return;
    }
    YAML::Node examples = node["examples"];
    if (examples && examples.IsMap()) {
      rule.match_examples = List(examples["match"]);
      rule.no_match_examples = List(examples["no_match"]);
    }
    if (rule.match_examples.empty() || rule.no_match_examples.empty()) {
      Problem(line, "rule " + rule.id + " needs examples.match and examples.no_match");
      return;
    }
    out_.rules.push_back(std::move(rule));
  }

  PatternRuleSet& out_;
  std::string file_;
  std::set<std::string> ids_;
};

}  // namespace

bool PatternRule::Reads(Language language) const {
  return std::find(languages.begin(), languages.end(), language) != languages.end();
}

PatternRuleSet LoadPatternRules(const std::vector<std::pair<std::string, std::string>>& files) {
  PatternRuleSet out;
  RuleReader reader(out);
  for (const auto& [name, text] : files) reader.ReadFile(name, text);
  return out;
}

const PatternRuleSet& BuiltInPatternRules() {
  static const PatternRuleSet kRules = [] {
    std::vector<std::pair<std::string, std::string>> yml;
    for (const auto& file : BuiltInReviewFiles())
      if (file.first.size() > 4 && file.first.compare(file.first.size() - 4, 4, ".yml") == 0)
        yml.push_back(file);
    return LoadPatternRules(yml);
  }();
  return kRules;
}

std::vector<ReviewFinding> RunPatternRules(const PatternRuleSet& rules, const ReviewedFile& file) {
  return Run(rules, file, false);
}

ExampleResult TestPatternRuleExamples(const PatternRuleSet& rules) {
  ExampleResult result;
  for (const auto& rule : rules.rules) {
    ++result.rules;
    PatternRuleSet one;
    one.rules.push_back(rule);
    auto check = [&](const std::string& example, bool should_fire) {
      ++result.examples;
      ReviewedFile file;
      file.path = "example";
      file.language = rule.languages.front();
      file.text = example + "\n";
      bool fired = !Run(one, file, true).empty();
      if (fired == should_fire) return;
      Finding f = ErrorAt("review.rule_example",
                          "rule " + rule.id +
                              (should_fire ? " does not fire on its match example: "
                                           : " fires on its no_match example: ") +
                              example,
                          rule.defined_at.file, rule.defined_at.line);
      result.failures.push_back(std::move(f));
    };
    for (const auto& example : rule.match_examples) check(example, true);
    for (const auto& example : rule.no_match_examples) check(example, false);
  }
  return result;
}

}  // namespace quarry::review
