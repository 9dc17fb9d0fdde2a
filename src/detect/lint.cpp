#include "detect/lint.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "catalog/attack.h"
#include "detect/convert_internal.h"
#include "detect/lint_case.h"
#include "kql/binder.h"
#include "sigma/engine.h"
#include "core/yaml_guard.h"

namespace quarry::detect {
namespace {

// The top-level keys of each rule document of a file, by the document's first line (as the
// loader numbers rules). Files the loader could not parse are left out: it reported them.
std::map<int, std::set<std::string>> DocumentKeys(const std::string& path) {
  std::map<int, std::set<std::string>> out;
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || FindYamlHazard(text.str())) return out;
  try {
    for (const auto& doc : YAML::LoadAll(text.str())) {
      if (!doc.IsMap() || doc.Mark().is_null()) continue;
      std::set<std::string>& keys = out[doc.Mark().line + 1];
      for (const auto& kv : doc) {
        if (kv.first.IsScalar() && !kv.second.IsNull()) keys.insert(kv.first.Scalar());
      }
    }
  } catch (const YAML::Exception&) {
    return {};
  }
  return out;
}

void CheckMetadata(const sigma::RuleInfo& info, const std::set<std::string>* keys, bool correlation,
                   const catalog::Attack* attack, std::vector<Finding>& out) {
  auto missing = [&](const char* key) { return keys != nullptr && keys->count(key) == 0; };
  if (info.id.empty()) {
    out.push_back(RuleFinding(info, Severity::kWarning, "rules.lint.missing_id",
                              "no id: tests, baselines, journals and SIEMs track a rule by it",
                              "add id: with a new UUID"));
  }
  struct Expected {
    const char* key;
    const char* code;
    const char* why;
  };
  static constexpr Expected kExpected[] = {
      {"level", "rules.lint.missing_level", "no level: it counts as medium"},
      {"description", "rules.lint.missing_description",
       "no description: reviewers and responders read what the rule is for there"},
      {"falsepositives", "rules.lint.missing_falsepositives",
       "no falsepositives: triage needs to know what else fires it"},
  };
  for (const auto& e : kExpected) {
    if (missing(e.key)) out.push_back(RuleFinding(info, Severity::kWarning, e.code, e.why));
  }
  bool technique = false;
  for (const auto& tag : info.tags) {
    std::string id = catalog::TechniqueOfTag(tag);
    if (id.empty()) continue;
    technique = true;
    if (attack != nullptr && attack->FindTechnique(id) == nullptr) {
      out.push_back(RuleFinding(info, Severity::kWarning, "rules.lint.unknown_technique",
                                "'" + tag +
                                    "' is not a technique of the ATT&CK catalog (revoked, "
                                    "deprecated, or newer than the catalog)"));
    }
  }
  if (!technique && !correlation) {
    out.push_back(
        RuleFinding(info, Severity::kWarning, "rules.lint.missing_attack_tag",
                    "no ATT&CK technique tag (attack.tNNNN): coverage cannot count the rule"));
  }
}

// Tests of a compiled variant: any besides keywords, and the regexes.
void CheckDetection(const sigma::Ruleset& rules, const sigma::CompiledRule& compiled,
                    const sigma::RuleInfo& info, std::set<std::string>& reported,
                    std::vector<Finding>& out) {
  bool keywords = false, fields = false;
  rules.VisitTests(compiled.root, [&](const sigma::Test& t, bool) {
    if (t.kind == sigma::Test::Kind::kKeyword) {
      keywords = true;
    } else {
      fields = true;
    }
    if (t.kind != sigma::Test::Kind::kRegex || !t.regex) return;
    auto group = NestedQuantifier(t.regex->pattern());
    if (group && reported.insert(t.regex->pattern()).second) {
      out.push_back(RuleFinding(
          info, Severity::kWarning, "rules.lint.regex_backtracking",
          "the regex '" + t.regex->pattern() + "' nests unbounded quantifiers in '" + *group +
              "': linear here, but catastrophic backtracking in the engines rules "
              "are converted for (PCRE, .NET)",
          "bound the inner repetition ({1,64}) or keep the repeated branches from matching the "
          "same text"));
    }
  });
  if (keywords && !fields && reported.insert("keywords only").second) {
    out.push_back(
        RuleFinding(info, Severity::kWarning, "rules.lint.keyword_only",
                    "keywords only (" + compiled.variant_name +
                        "): every string field of every event of the logsource is searched",
                    "test named fields (CommandLine|contains: …) instead"));
  }
}

// Every field a variant tests must be a column of the schema's tables for its logsource.
void CheckSchemaFields(const sigma::Ruleset& rules, const sigma::CompiledRule& compiled,
                       const sigma::RuleInfo& info, const kql::Catalog& schema,
                       std::set<std::string>& reported, std::vector<Finding>& out) {
  std::set<std::string> missing;
  auto tables = KqlTables(compiled.gate, schema, missing);
  for (const auto& m : missing) {
    if (reported.insert(m).second) {
      out.push_back(RuleFinding(info, Severity::kWarning, "rules.lint.no_table", m));
    }
  }
  for (const kql::TableSchema* table : tables) {
    std::vector<std::string> columns;
    for (const auto& c : table->columns) columns.push_back(c.name);
    rules.VisitTests(compiled.root, [&](const sigma::Test& t, bool negated) {
      using Kind = sigma::Test::Kind;
      if (t.slot < 0 || t.kind == Kind::kNull || t.kind == Kind::kExists) return;
      for (int slot : {t.slot, t.kind == Kind::kFieldRef ? t.other_slot : -1}) {
        if (slot < 0) continue;
        const std::string& field = rules.slot_name(slot);
        if (field == sigma::kAbsentField || !ColumnOf(*table, field).empty()) continue;
        if (!reported.insert(table->name + "." + field).second) continue;
        std::vector<std::string> close = kql::Suggest(field, columns);
        std::string hint;
        for (size_t k = 0; k < close.size(); ++k) hint += (k ? ", " : "did you mean ") + close[k];
        out.push_back(RuleFinding(info, negated ? Severity::kWarning : Severity::kError,
                                  "rules.lint.unknown_field",
                                  "field '" + field + "' is not a column of " + table->name +
                                      " in the schema (" + compiled.variant_name + ")",
                                  hint.empty() ? hint : hint + "?"));
      }
    });
  }
}

}  // namespace

std::optional<std::string> NestedQuantifier(std::string_view regex) {
  struct Open {
    size_t at;
    bool unbounded_inside = false;
  };
  std::vector<Open> groups;
  auto unbounded_at = [&](size_t i) {
    if (i >= regex.size()) return false;
    if (regex[i] == '*' || regex[i] == '+') return true;
    if (regex[i] != '{') return false;
    size_t close = regex.find('}', i);
    return close != std::string_view::npos &&
           regex.substr(i, close - i).find(',') != std::string_view::npos &&
           regex[close - 1] == ',';
  };
  for (size_t i = 0; i < regex.size(); ++i) {
    char c = regex[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '[') {  // a class: skip to its end
      size_t j = i + 1;
      if (j < regex.size() && regex[j] == '^') ++j;
      if (j < regex.size() && regex[j] == ']') ++j;
      for (; j < regex.size() && regex[j] != ']'; ++j) {
        if (regex[j] == '\\') ++j;
      }
      i = j;
      if (!groups.empty() && unbounded_at(i + 1)) groups.back().unbounded_inside = true;
      continue;
    }
    if (c == '(') {
      groups.push_back({i});
      continue;
    }
    if (c == ')' && !groups.empty()) {
      Open g = groups.back();
      groups.pop_back();
      if (g.unbounded_inside && unbounded_at(i + 1)) {
        return std::string(regex.substr(g.at, i + 2 - g.at));
      }
      // A repeated group, or one repeating inside, makes its parent repeat inside.
      if ((g.unbounded_inside || unbounded_at(i + 1)) && !groups.empty())
        groups.back().unbounded_inside = true;
      continue;
    }
    if (!groups.empty() && unbounded_at(i + 1) && c != '(' && c != '|') {
      groups.back().unbounded_inside = true;
    }
  }
  return std::nullopt;
}

LintReport Lint(const LintOptions& options) {
  LintReport report;
  report.with_case = options.sources.has_value();
  sigma::Engine engine(options.rules.loader);
  LoadRuleSet(options.rules, engine, report.problems);
  auto attack = catalog::Attack::LoadDefault();
  const sigma::Ruleset& rules = engine.rules();
  std::set<int> correlations;
  for (const auto& c : rules.correlations()) correlations.insert(c.info);
  std::map<std::string, std::map<int, std::set<std::string>>> keys_by_file;
  std::map<std::string, int> first_of_id;
  std::optional<CaseChecks> case_checks;
  if (options.sources && options.case_db != nullptr)
    case_checks.emplace(*options.case_db, *options.sources);

  for (size_t i = 0; i < rules.infos().size(); ++i) {
    const sigma::RuleInfo& info = rules.infos()[i];
    if (!info.selected) continue;
    RuleLint r{info.title, info.id, info.path, info.line, {}};
    auto& keys = keys_by_file.try_emplace(info.path, DocumentKeys(info.path)).first->second;
    auto doc = keys.find(info.line);
    bool correlation = correlations.count(static_cast<int>(i)) != 0;
    CheckMetadata(info, doc == keys.end() ? nullptr : &doc->second, correlation,
                  attack.ok() ? &*attack : nullptr, r.findings);
    if (!info.id.empty()) {
      auto [first, fresh] = first_of_id.try_emplace(info.id, static_cast<int>(i));
      if (!fresh) {
        const sigma::RuleInfo& other = rules.infos()[static_cast<size_t>(first->second)];
        r.findings.push_back(RuleFinding(info, Severity::kError, "rules.lint.duplicate_id",
                                         "id " + info.id + " is also the id of '" + other.title +
                                             "' (" + other.path + ":" + std::to_string(other.line) +
                                             ")"));
      }
    }
    std::set<std::string> reported;  // across the rule's variants
    for (const auto& compiled : rules.rules()) {
      if (compiled.info != static_cast<int>(i)) continue;
      CheckDetection(rules, compiled, info, reported, r.findings);
      if (case_checks) case_checks->CheckVariant(rules, compiled, info, r.findings);
      if (options.schema != nullptr)
        CheckSchemaFields(rules, compiled, info, *options.schema, reported, r.findings);
    }
    if (case_checks) {
      if (correlation) {
        for (const auto& c : rules.correlations()) {
          if (c.info != static_cast<int>(i)) continue;
          case_checks->CheckWindow(c, info, r.findings);
          case_checks->CheckGroupBy(rules, c, info, r.findings);
        }
      } else {
        case_checks->CheckHasData(rules, static_cast<int>(i), info, r.findings);
      }
    }
    for (const auto& f : r.findings) {
      report.errors += f.severity == Severity::kError;
      report.warnings += f.severity == Severity::kWarning;
    }
    report.rules.push_back(std::move(r));
  }
  report.errors += report.problems.size();
  return report;
}

}  // namespace quarry::detect
