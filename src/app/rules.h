// `quarry rules test` (and the detection-as-code commands after it) as jobs: the CLI, the MCP
// server and the web API call these and render what they return.
#pragma once

#include <functional>
#include <string>

#include "app/scan.h"
#include "core/status.h"
#include "detect/baseline.h"
#include "detect/convert.h"
#include "detect/coverage.h"
#include "detect/lint.h"
#include "detect/rule_tests.h"

namespace quarry::app {

// The rule set a detect command works on; a usage error without PATHs or for a mapping file or
// placeholder that does not read.
Result<detect::RuleSetOptions> RuleSetFrom(const RuleSource& source, const std::string& corpora);

struct RuleTestRequest {
  RuleSource rules;
  std::string corpora;  // for corpora: samples; "" finds the shared corpora
  std::function<void(const std::string& rule_file)> on_file;
};
// A usage error for bad options (no PATH, a mapping that does not read); failing tests, rules
// that do not load and unreadable samples are in the report.
Result<detect::RuleTestReport> TestRules(const RuleTestRequest& request);

// For people: failures under each failing rule, the untested rules, the problems, a count.
std::string RuleTestsText(const detect::RuleTestReport& report);
// {"rules":[{rule,id,path,line,correlation,passed,samples,events,failures}],
//  "untested":[{rule,id,path,line}],"problems":[findings],"passed","failed"}
std::string RuleTestsJson(const detect::RuleTestReport& report);
// JUnit XML: one testcase per rule (skipped when untested), one for the problems.
std::string RuleTestsJunit(const detect::RuleTestReport& report);

struct CoverageRequest {
  RuleSource rules;
  std::string case_dir;  // "": every rule counts as active
  std::string corpora;   // for the rule tests' corpora: samples
};
// A usage error for bad options; an input error when the case or the ATT&CK catalog cannot be
// read.
Result<detect::CoverageReport> RulesCoverage(const CoverageRequest& request);

// Tactics (covered of total techniques, rules), then each covered technique with its rules.
std::string CoverageText(const detect::CoverageReport& report);
// {"tactics":[…],"techniques":[{id,name,tactics,rules,tested,passing,active,rule_ids}],
//  "rules":[{rule,id,path,line,level,techniques,tactics,tested,passing,active,case_events}],
//  "untagged","problems"}
std::string CoverageJson(const detect::CoverageReport& report);
// An ATT&CK Navigator layer (format 4.5): each covered technique scored by its active rules,
// with a comment naming them and whether they are tested and pass.
std::string CoverageNavigator(const detect::CoverageReport& report);

struct LintRequest {
  RuleSource rules;
  std::string case_dir;    // fields and values against a case, or
  std::string schema_dir;  // fields against a schema folder; neither: the rules alone
};
// A usage error for bad options; an input error when the case cannot be read.
Result<detect::LintReport> LintRules(const LintRequest& request);
// Findings under each rule that has any, the problems, then a count.
std::string LintText(const detect::LintReport& report);
// {"rules":[{rule,id,path,line,findings}],"problems":[findings],"errors","warnings"}
std::string LintJson(const detect::LintReport& report);

struct BaselineRequest {
  RuleSource rules;
  std::string case_dir;
  std::string budget = "10/day";  // alerts per day: "N/day" or N
  std::vector<std::string> by;    // dimensions; empty: host, user, process, parent, command line
  std::function<void(int64_t events)> on_progress;
  std::function<bool()> cancelled;  // true stops the baseline (kCancelled)
};
// A usage error for a bad budget or no PATH; an input error when the case cannot be read.
Result<detect::BaselineReport> BaselineRules(const BaselineRequest& request);
// A table of every rule, then the rules over budget with their top values and suggestions.
std::string BaselineText(const detect::BaselineReport& report);
// {"rules":[{rule,id,path,line,level,alerts,per_day:{median,p95,max},over_budget,top,
//  suggestions}],"days","first_day","last_day","events","budget","over_budget","problems"}
std::string BaselineJson(const detect::BaselineReport& report);

struct ConvertRequest {
  RuleSource rules;
  std::string to = "kql";
  std::string case_dir;    // convert for this case's tables (what quarry query runs), or
  std::string schema_dir;  // a schema folder; neither: the Sentinel schema of the shared corpora
};
// A usage error for a bad target or no schema to convert for; an input error when the case or
// schema cannot be read.
Result<detect::ConvertReport> ConvertRules(const ConvertRequest& request);
// The queries, each after a comment naming its rule when there are several; rules that did not
// convert are listed with why in `failures` (for stderr).
std::string ConvertText(const detect::ConvertReport& report, std::string& failures);
// {"rules":[{rule,id,path,line,converted,query,reasons}],"converted","not_converted","problems"}
std::string ConvertJson(const detect::ConvertReport& report);

}  // namespace quarry::app
