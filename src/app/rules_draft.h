// `quarry rules draft` as a job: a description in English is drafted by the hunt's provider into
// KQL over the case (the same schema and value linking, policy, redaction and audit), written as
// a Sigma rule, and put through the gates: it loads, lint against the case has no error, it
// fires on every positive sample and on no negative one, and its baseline over the case is
// within the budget (or the person accepts the volume). Only a draft that passes every gate is
// saved, with the person as author, its tests folder and a journal entry.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/hunt.h"
#include "app/rules.h"
#include "detect/draft_sigma.h"

namespace quarry::app {

struct RuleDraftRequest {
  HuntRequest hunt;  // case_dir, question (the description), refinements, provider settings
  std::vector<std::string> positive;  // sample files the rule must fire on
  std::vector<std::string> negative;  // sample files it must not fire on
  std::string budget = "10/day";
  bool accept_volume = false;  // the person accepts a volume over the budget
  std::string author;          // "" for DefaultAuthor()
  std::string level = "medium";
  std::string work_dir;  // where drafts are written to be checked; "" for a temporary folder
};

struct DraftGate {
  std::string name;   // loads, lint, tests, baseline
  std::string state;  // passed, failed, accepted (a volume the person accepted), skipped
  std::string detail;
};

struct RuleDraft {
  std::string kql;         // the provider's draft (or the person's edit)
  std::string sigma;       // "" when the KQL could not be written as a rule
  std::string not_a_rule;  // why not, then
  std::vector<std::string> dropped;
  std::vector<DraftGate> gates;
  bool passed = false;  // every gate passed (or accepted)
  detect::LintReport lint;
  detect::RuleTestReport tests;
  detect::BaselineReport baseline;
  std::string rule_file;  // the draft on disk, checked there
};

class RuleDraftSession {
 public:
  static Result<std::unique_ptr<RuleDraftSession>> Start(const RuleDraftRequest& request);
  ~RuleDraftSession();  // removes the temporary folder it made
  RuleDraftSession(const RuleDraftSession&) = delete;
  RuleDraftSession& operator=(const RuleDraftSession&) = delete;

  const RuleDraft& current() const { return draft_; }
  const HuntSession& hunt() const { return *hunt_; }

  Status Refine(const std::string& text);
  // The person's own KQL replaces the draft; it is written as a rule and gated like one.
  Status Edit(const std::string& kql, const std::string& author);

  // Writes the rule and its tests folder into `out_dir` and records the draft in the journal.
  // An error when a gate failed: nothing that failed a gate is saved.
  Result<journal::Entry> Save(const std::string& out_dir, const assist::Approval& approval,
                              std::string& rule_path) const;

 private:
  RuleDraftSession() = default;
  Status Gate();
  RuleDraftRequest request_;
  std::unique_ptr<HuntSession> hunt_;
  RuleDraft draft_;
  detect::RuleMeta meta_;
  std::string id_, correlation_id_, name_;
  bool own_work_dir_ = false;
  std::vector<std::string> history_;  // every KQL drafted, in order, for the journal
};

std::string RuleDraftText(const RuleDraftSession& session);
// {description, provider, kql, sigma, not_a_rule, dropped, mapping, not_understood, techniques,
//  gates:[{name,state,detail}], passed, lint, tests, baseline}
std::string RuleDraftJson(const RuleDraftSession& session);

}  // namespace quarry::app
