// Rule lint (quarry rules lint): beyond loading. Metadata a reviewer expects (id, level,
// description, falsepositives, ATT&CK tags, unique ids); constructs that are slow or fragile
// (keyword-only rules, regexes that backtrack in other engines); and, against a case, whether
// every field a rule tests exists in the events its logsource maps to, whether values compared
// for equality ever occur there, and whether correlation windows are longer than the data's
// timestamp resolution.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "detect/case_sources.h"
#include "detect/rule_tests.h"
#include "kql/catalog.h"

namespace quarry::store {
class Case;
}

namespace quarry::detect {

struct RuleLint {
  std::string rule, id, path;
  int line = 0;
  std::vector<Finding> findings;
};

struct LintReport {
  std::vector<RuleLint> rules;
  std::vector<Finding> problems;  // files and rules that did not load
  size_t errors = 0, warnings = 0;
  bool with_case = false;
};

struct LintOptions {
  RuleSetOptions rules;
  const store::Case* case_db = nullptr;  // and its sources: field and value checks
  std::optional<CaseSources> sources;
  // Or a schema (a Sentinel schema folder): every field must be a column of the tables the
  // rule's logsource maps to there, as `rules convert` maps it.
  const kql::Catalog* schema = nullptr;
};

LintReport Lint(const LintOptions& options);

// Where a regular expression nests unbounded quantifiers ("(a+)+", "(.*\\d)*"): linear in RE2,
// catastrophic in the backtracking engines rules are converted for. The offending group's
// text, or nullopt.
std::optional<std::string> NestedQuantifier(std::string_view regex);

}  // namespace quarry::detect
