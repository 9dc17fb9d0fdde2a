// `quarry rules test` (and the detection-as-code commands after it) as jobs: the CLI, the MCP
// server and the web API call these and render what they return.
#pragma once

#include <functional>
#include <string>

#include "app/scan.h"
#include "core/status.h"
#include "detect/rule_tests.h"

namespace quarry::app {

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

}  // namespace quarry::app
