// `quarry review triage REPORT`: a person goes through a review's findings in the terminal and
// confirms, dismisses (with a reason) or defers each; every decision is journalled with their
// name, and later reports and SARIF carry it.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "app/review.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct TriageArgs {
  std::string report;
  std::string case_dir;
  std::string by;
  bool all = false;
};

void Show(const review::ReviewFinding& f, size_t index, size_t total) {
  std::cout << "\n[" << index << "/" << total << "] " << f.finding.where.file << ":"
            << f.finding.where.line << "  " << f.cwe << (f.owasp.empty() ? "" : " " + f.owasp)
            << "  " << review::VerdictName(f.status) << "\n  " << f.finding.message << "\n";
  for (const auto& v : f.voices) std::cout << "  by " << v.engine << " " << v.rule << "\n";
  if (!f.evidence.empty()) std::cout << "  | " << f.evidence << "\n";
  for (const auto& r : f.reasons) std::cout << "  " << r.code << ": " << r.text << "\n";
  if (!f.triage.empty()) std::cout << "  already " << f.triage << " by " << f.triage_by << "\n";
}

void RunTriage(const TriageArgs& args, CommandResult& result) {
  auto findings = app::ReadReviewReport(args.report);
  if (Failed(findings.status(), result)) return;
  auto decisions = app::TriageDecisions(args.case_dir);
  if (Failed(decisions.status(), result)) return;
  app::ApplyTriage(*findings, *decisions);
  std::vector<const review::ReviewFinding*> todo;
  for (const auto& f : *findings)
    if ((args.all || f.status != review::Verdict::kRejected) && f.triage.empty())
      todo.push_back(&f);
  bool interactive = isatty(STDIN_FILENO) != 0;
  size_t decided = 0;
  for (size_t i = 0; i < todo.size(); ++i) {
    Show(*todo[i], i + 1, todo.size());
    std::cout << "  [c]onfirm, [d]ismiss, de[f]er, [s]kip, [q]uit > " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer) || answer == "q") break;
    app::TriageDecision d;
    d.fingerprint = todo[i]->fingerprint;
    d.by = args.by;
    if (answer == "c") d.decision = "confirmed";
    if (answer == "f") d.decision = "deferred";
    if (answer == "d") {
      d.decision = "dismissed";
      std::cout << "  reason > " << std::flush;
      if (!std::getline(std::cin, d.reason)) break;
    }
    if (d.decision.empty()) {
      if (!interactive && answer != "s")
        std::cerr << "skipped: unknown answer '" << answer << "'\n";
      continue;
    }
    Status s = app::RecordTriage(args.case_dir, *todo[i], d, args.report);
    if (!s.ok()) {
      std::cerr << "not recorded: " << s.message() << "\n";
      if (!interactive) {
        result.exit_code = 2;
        return;
      }
      --i;  // ask again
      continue;
    }
    ++decided;
  }
  std::cout << "\n"
            << decided << " decision(s) journalled in " << args.case_dir << "; "
            << todo.size() - std::min(todo.size(), decided) << " left\n";
  result.exit_code = 0;
}

}  // namespace

void RegisterReviewTriage(CLI::App& review, CommandResult& result) {
  auto args = std::make_shared<TriageArgs>();
  auto* cmd = review.add_subcommand(
      "triage", "Confirm, dismiss (with a reason) or defer each finding of a review report");
  cmd->add_option("REPORT", args->report, "A `quarry review --format json` report")->required();
  cmd->add_option("--case", args->case_dir,
                  "The case (or folder) whose journal records the decisions")
      ->required();
  cmd->add_option("--by", args->by, "Your name: the person of record for each decision")
      ->required();
  cmd->add_flag("--all", args->all, "Include findings verification rejected");
  cmd->footer(R"(Findings already decided in the journal are not asked again. Answers are read
from standard input, one per line (c, d then a reason line, f, s, q), so a script can triage too.
Later reports with --case carry the decisions; `quarry review ... --format sarif --case DIR`
writes dismissed findings as SARIF suppressions for code scanning.

Example:
  quarry review --git main..feature --format json -o review.json
  quarry review triage review.json --case ~/cases/pr-42 --by "Dana Reyes")");
  cmd->callback([args, &result] { RunTriage(*args, result); });
}

}  // namespace quarry::cli
