// `quarry review`: security review of a change (a unified diff, a git range) or of whole files,
// every finding of every engine verified before a person triages it.
#include <iostream>
#include <memory>

#include "app/review.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct ReviewArgs {
  app::ReviewRequest request;
  CLI::Option* git = nullptr;
  std::string format = "text";
  std::string output;
};

void RunReview(ReviewArgs& args, CommandResult& result) {
  args.request.git = args.git->count() > 0;
  auto report = app::RunReview(args.request);
  if (Failed(report.status(), result)) return;
  std::string text = args.format == "json"    ? app::ReviewJson(*report)
                     : args.format == "sarif" ? app::ReviewSarif(*report)
                                              : app::ReviewText(*report);
  if (args.format != "text")
    for (const Finding& p : report->problems) std::cerr << p.ToString() << "\n";
  if (!args.output.empty()) {
    if (!WriteText(args.output, text, result)) return;
  } else {
    std::cout << text;
  }
  result.exit_code = report->ExitCode();
}

}  // namespace

void RegisterReview(CLI::App& app, CommandResult& result) {
  auto args = std::make_shared<ReviewArgs>();
  auto& r = args->request;
  auto* cmd = app.add_subcommand(
      "review", "Security review of a change or of files; every finding verified before triage");
  cmd->add_option("DIFF", r.diff_path, "A unified diff (git diff output; - for standard input)");
  cmd->add_option("--full", r.full, "Review these whole files or folders instead of a change")
      ->expected(1, -1);
  args->git = cmd->add_option("--git", r.git_range,
                              "Review a git range (main..feature) or one commit (default HEAD) "
                              "of the repository at --root")
                  ->expected(0, 1);
  cmd->add_option("--root", r.root,
                  "The tree the diff applies to, or the repository (default: this folder); "
                  "with --full, the folder paths are reported from");
  cmd->add_option("--format", args->format,
                  "text (default), json, or sarif (SARIF 2.1.0; dismissed findings suppressed)")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  cmd->add_option("--output,-o", args->output, "Write the report here instead of stdout");
  cmd->add_option(
      "--skip", r.skip_engines,
      "Engines not to run: cppcheck, clang, flawfinder, bandit, eslint, quarry, secrets");
  cmd->add_option("--timeout", r.timeout_seconds, "Seconds each analyzer may run (default 60)")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--eslint-dir", r.eslint_dir,
                  "The folder with eslint and its security plugin installed (default: "
                  "$QUARRY_ESLINT_DIR, else tools/eslint-security of the source tree)");
  cmd->add_option("--provider", r.provider,
                  "A model reviewer: a provider of the case's quarry.toml (openai, anthropic, "
                  "ollama), called through its policy, redaction and audit; needs --case");
  cmd->add_option("--case", r.case_dir,
                  "A case: its provider settings and audit log for --provider, and its journal's "
                  "triage decisions, which the report carries");
  cmd->add_option("--endpoint", r.endpoint, "Override the provider's endpoint");
  cmd->add_option("--model", r.model, "Override the provider's model");
  cmd->add_option("--findings", r.claimed_path,
                  "Findings claimed elsewhere (a model's or an agent's JSON) to verify too");
  cmd->add_option("--findings-engine", r.claimed_engine,
                  "The name those findings are reported under (default agent; model for a "
                  "model's answer)");
  cmd->footer(
      R"(Engines: cppcheck, clang's analyzer and flawfinder for C and C++, bandit for Python,
eslint with its security plugin for JavaScript and TypeScript (each optional: the report says
which ran and which were missing), Quarry's pattern rules (review-rules/) and the secret rules.
Only findings on lines the change adds are reported.

Every finding is verified: its file and lines exist on the new side and say what it quotes;
the functions it names exist; its CWE is known and fits the category and the code; a claim that
a check is missing is looked for in the function, its callers and registered middleware. Each
finding is verified, needs_human or rejected, with the reasons. Findings of different engines
about one weakness at one place are merged. The report ends with what no engine judges (design,
authorization across components, business logic) as questions: an empty report is not a clean
bill.

Exit status: 0 nothing found, 1 findings (verified or needing a person), 2 usage, 3 nothing
found but input could not be read.

Examples:
  git diff main | quarry review -
  quarry review change.diff --root ~/src/app --format json
  quarry review --git main..feature --root ~/src/app
  quarry review --full src/login.c src/api/
  quarry review --full app.py --findings model-review.json --findings-engine model)");
  cmd->callback([args, cmd, &result] {
    if (cmd->get_subcommands().empty()) RunReview(*args, result);
  });
  RegisterReviewTriage(*cmd, result);
  auto* rules = cmd->add_subcommand("rules", "Quarry's review rules (review-rules/)");
  rules->require_subcommand(1);
  rules->add_subcommand("test", "Check every review rule's examples and the CWE tables")
      ->callback([&result] {
        app::ReviewRulesCheck check = app::CheckReviewRules();
        for (const Finding& p : check.problems) std::cerr << p.ToString() << "\n";
        std::cout << check.rules << " rules, " << check.examples << " examples, "
                  << check.problems.size() << " problem(s)\n";
        result.exit_code = check.problems.empty() ? 0 : 1;
      });
}

}  // namespace quarry::cli
