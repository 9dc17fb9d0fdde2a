// SARIF 2.1.0, the one writer for every command that reports to code scanning (threat-model
// report, secrets, review): rules with their help, results at file and line.
#pragma once

#include <string>
#include <vector>

#include "core/finding.h"

namespace quarry {

struct SarifRule {
  std::string id;
  std::string name;        // PascalCase or short words
  std::string short_text;  // one line
  std::string full_text;   // a paragraph
  std::string help;        // what to do (markdown allowed)
  std::vector<std::string> tags;
  std::string security_severity;  // "0.0"–"10.0" as GitHub ranks it; "" for none
};

struct SarifResult {
  std::string rule_id;
  std::string level = "warning";  // error, warning, note, none
  std::string message;
  std::string file;  // relative to the repository root where possible
  uint64_t line = 0;
  uint64_t column = 0;
  std::string fingerprint;  // stable across runs: partialFingerprints.primaryLocationLineHash
  // A result a person decided to keep (accepted risk, baseline): reported as suppressed.
  std::string suppressed_because;
};

struct SarifRun {
  std::string tool = "quarry";
  std::string version;
  std::string information_uri;
  std::vector<SarifRule> rules;
  std::vector<SarifResult> results;
};

// A finding as a result whose rule is its code.
SarifResult SarifResultOf(const Finding& f);
// The level SARIF uses for a finding's severity.
const char* SarifLevel(Severity severity);

// The SARIF log of RUN (one run), as JSON text ending in a newline. Rules that results name but
// RUN does not declare are added with their id as name.
std::string SarifLog(const SarifRun& run);

}  // namespace quarry
