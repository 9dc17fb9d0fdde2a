// `quarry review` as a job: security review of a change (a unified diff, a git range) or of
// whole files by the analyzers that exist, Quarry's pattern rules, the secret rules and
// findings claimed by a model or an agent, every finding verified before anyone triages it.
// The CLI and the MCP server call these and render what they return.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/status.h"
#include "review/analyzers.h"
#include "review/finding.h"
#include "review/input.h"

namespace quarry::app {

struct ReviewRequest {
  std::vector<std::string> full;  // --full FILE...: whole files and folders
  std::string diff_path;          // a unified diff file ("-": standard input)
  std::string diff_text;          // or its text (MCP)
  bool git = false;               // --git [RANGE] in the repository at root
  std::string git_range;
  std::string root;  // the tree the diff applies to (default: current folder)
  std::vector<std::string>
      skip_engines;  // cppcheck, clang, flawfinder, bandit, eslint, quarry, secrets
  int timeout_seconds = 60;
  std::string eslint_dir;
  // Findings claimed elsewhere (JSON, ReadClaimedFindings) to verify with the engines' own.
  std::string claimed_path;
  std::string claimed_text;
  std::string claimed_engine = "agent";
  // A model reviewer through a provider of the case at case_dir ("" or "builtin": none; the
  // built-in assistant writes no prose).
  std::string provider;
  std::string endpoint;
  std::string model;
  std::string case_dir;  // also: triage decisions in its journal are applied to the findings
};

struct ReviewReport {
  review::ReviewInput input;
  std::vector<review::EngineRun> engines;
  std::vector<review::ReviewFinding> findings;
  std::vector<Finding> problems;
  // What no engine judges, as questions for the person (never a clean bill).
  std::vector<std::string> questions;
  std::string symbol_note;
  size_t Count(review::Verdict verdict) const;
  // 1 when a finding is verified or needs a person and no one dismissed it, else 3 when input
  // was lost, else 0.
  int ExitCode() const;
};

// Usage errors: no input, or more than one of --full, a diff and --git.
Result<ReviewReport> RunReview(const ReviewRequest& request);

struct ReviewRulesCheck {
  size_t rules = 0;
  size_t examples = 0;
  std::vector<Finding> problems;  // rules that did not load, examples that did not hold
};
// A person's decision about a finding, journalled (kind review.triage) with its author.
struct TriageDecision {
  std::string fingerprint;
  std::string decision;  // confirmed, dismissed, deferred
  std::string reason;    // required to dismiss
  std::string by;
};

// The findings of an earlier `--format json` report, as triage reads them.
Result<std::vector<review::ReviewFinding>> ReadReviewReport(const std::string& path);
// Records DECISION about F in the journal of CASE_DIR; refused without a person or, for a
// dismissal, without a reason.
Status RecordTriage(const std::string& case_dir, const review::ReviewFinding& f,
                    const TriageDecision& decision, const std::string& report_path);
// The latest decision per fingerprint in the journal of CASE_DIR.
Result<std::vector<TriageDecision>> TriageDecisions(const std::string& case_dir);
// Marks FINDINGS with the decisions (their triage, triage_reason, triage_by).
void ApplyTriage(std::vector<review::ReviewFinding>& findings,
                 const std::vector<TriageDecision>& decisions);

// SARIF 2.1.0 for code scanning: verified and needs_human findings as results (their CWE and
// OWASP category as tags), dismissed ones as suppressions with the person's reason; rejected
// findings are left out (the JSON report keeps them).
std::string ReviewSarif(const ReviewReport& report);

// Every built-in review rule's examples (and the CWE and analyzer tables' consistency).
ReviewRulesCheck CheckReviewRules();

// {"reviewed":{source, root, files:[{file, language, changed_lines, whole}], skipped, hunks,
//  languages}, "engines":[{engine, state, detail, files, findings, ...}], "findings":[...],
//  "questions":[...], "problems":[...], "counts":{verified, needs_human, rejected}}
std::string ReviewJson(const ReviewReport& report);
// What was reviewed, the engines, findings by status with reasons, then the questions.
std::string ReviewText(const ReviewReport& report);

}  // namespace quarry::app
