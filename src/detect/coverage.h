// ATT&CK coverage of a rule set from its tags (quarry rules coverage): which techniques and
// tactics are covered, by how many rules, how many of those are tested and pass, and, over a
// case, how many have data to run on ("active").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/attack.h"
#include "core/finding.h"
#include "detect/case_sources.h"
#include "detect/rule_tests.h"
#include "sigma/loader.h"

namespace quarry::detect {

struct RuleCoverage {
  std::string rule, id, path;
  int line = 0;
  std::string level;
  std::vector<std::string> techniques;  // T1003.001, as tagged and known to the catalog
  std::vector<std::string> tactics;     // shortnames, tagged or implied by the techniques
  bool tested = false;                  // it has tests (x.tests/)
  bool passing = false;                 // and they pass
  int64_t case_events = -1;             // events of the case its logsource applies to
  bool active = true;                   // without a case: always
};

struct TechniqueCoverage {
  std::string id, name;
  std::vector<std::string> tactics;
  std::vector<size_t> rules;  // into CoverageReport::rules
  int tested = 0, passing = 0, active = 0;
};

struct TacticCoverage {
  std::string id, name, shortname;
  int techniques = 0;  // top-level techniques of the tactic in the catalog
  int covered = 0;     // of those, covered by an active rule (directly or by a sub-technique)
  int rules = 0;       // active rules tagged with the tactic or one of its techniques
};

struct CoverageReport {
  std::vector<RuleCoverage> rules;
  std::vector<TechniqueCoverage> techniques;  // covered ones, by id
  std::vector<TacticCoverage> tactics;        // matrix order
  std::vector<Finding> problems;  // rules that did not load, tags the catalog does not know
  bool with_case = false;
  size_t untagged = 0;  // rules without any ATT&CK technique tag
};

struct CoverageOptions {
  RuleSetOptions rules;
  std::optional<CaseSources> sources;  // a case: rules without data there are not active
};

CoverageReport Coverage(const CoverageOptions& options, const catalog::Attack& attack);

}  // namespace quarry::detect
