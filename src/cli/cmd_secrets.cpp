// `quarry secrets`: credentials in files, git history, staged changes and case events, with one
// tested rule set; `quarry secrets test` runs the rules' own examples.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "app/secrets.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct ScanArgs {
  app::SecretsScanRequest request;
  CLI::Option* git = nullptr;
  std::string format = "text";
  std::string output;
  bool show = false;
};

void RunScan(ScanArgs& args, CommandResult& result) {
  args.request.git = args.git->count() > 0;
  if (args.format == "text" && args.output.empty() && isatty(STDERR_FILENO)) {
    args.request.progress = [](uint64_t bytes, uint64_t files) {
      std::cerr << "\r" << files << " files, " << (bytes >> 20) << " MiB" << std::flush;
    };
  }
  auto report = app::ScanSecrets(args.request);
  if (args.request.progress) std::cerr << "\r\033[K" << std::flush;
  if (Failed(report.status(), result)) return;
  std::string text = args.format == "json"    ? app::SecretsJson(*report, args.show)
                     : args.format == "sarif" ? app::SecretsSarif(*report)
                                              : app::SecretsText(*report, args.show);
  if (args.format != "text") {
    for (const Finding& p : report->problems) std::cerr << p.ToString() << "\n";
  }
  if (!args.output.empty()) {
    if (!WriteText(args.output, text, result)) return;
  } else {
    std::cout << text;
  }
  result.exit_code = report->ExitCode();
}

void RegisterScanCommand(CLI::App& secrets, CommandResult& result) {
  auto args = std::make_shared<ScanArgs>();
  auto& r = args->request;
  auto* cmd = secrets.add_subcommand(
      "scan", "Find credentials in files and folders, a git history, staged changes or a case");
  cmd->add_option("PATH", r.paths, "Files and folders (with --git/--staged: the repository)");
  cmd->add_option("--format", args->format, "text (default), json, or sarif (SARIF 2.1.0)")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  cmd->add_option("--output,-o", args->output, "Write the report here instead of stdout");
  cmd->add_flag("--show", args->show, "Print secrets in full (they are redacted by default)");
  cmd->add_flag("--respect-gitignore", r.respect_gitignore,
                "Skip what the repository's .gitignore files ignore");
  args->git = cmd->add_option("--git", r.git_range,
                              "Scan the git history instead of the files: all of HEAD's, or a "
                              "range (main..feature) or a revision's")
                  ->expected(0, 1);
  cmd->add_flag("--staged", r.staged,
                "Scan what is staged for the next commit (a pre-commit hook)");
  cmd->add_option("--case", r.case_dir, "Scan the events of this case instead of files");
  cmd->add_option("--baseline", r.baseline,
                  "Leave out findings whose fingerprint is in this file (one per line, or an "
                  "earlier --format json report)");
  cmd->add_option("--rules", r.rule_paths,
                  "Rule files or folders (our format) instead of the built-in rules");
  cmd->add_option("--config", r.config,
                  "A gitleaks configuration (with [extend] and allowlists) or a rule file of ours");
  cmd->add_option("--threads", r.threads, "Threads for files (default: one per core)");
  cmd->footer(
      R"(Each file is searched once for every rule's keywords at the same time; a rule's regex
then runs only on the lines holding one of its keywords. A candidate must pass the rule's
entropy, its validator (GitHub's CRC32, JWT structure, AWS key ids) and its allowlists; a line
with `quarry:allow` or `gitleaks:allow` reports nothing. Binary files are skipped.

Examples:
  quarry secrets scan .
  quarry secrets scan src config --format json
  quarry secrets scan . --format sarif -o secrets.sarif       # for GitHub code scanning
  quarry secrets scan . --git                                   # every commit of HEAD
  quarry secrets scan . --git origin/main..HEAD                 # what a branch adds
  quarry secrets scan --staged                                  # in .git/hooks/pre-commit
  quarry secrets scan --case cases/ir-42                        # keys in events' command lines
  quarry secrets scan . --config .gitleaks.toml                 # the rules a team has
  quarry secrets scan . --baseline known.json                   # only what is new

Exit codes: 0 no secret; 1 secrets found; 2 usage error; 3 no secret found, but something could
not be read (named on stderr; everything else was scanned). Docs: docs/secrets.md.)");
  cmd->callback([args, &result] { RunScan(*args, result); });
}

void RegisterTestCommand(CLI::App& secrets, CommandResult& result) {
  struct TestArgs {
    std::vector<std::string> rules;
    std::string config;
  };
  auto args = std::make_shared<TestArgs>();
  auto* cmd = secrets.add_subcommand(
      "test", "Run every rule's examples: positives in many contexts, counter-examples, lines");
  cmd->add_option("--rules", args->rules, "Rule files or folders instead of the built-in rules");
  cmd->add_option("--config", args->config, "A gitleaks configuration or a rule file of ours");
  cmd->footer(R"(Each example secret is wrapped in 17 contexts (ENV, INI, YAML, JSON, XML, TOML,
Python, JavaScript, Go, Java, C#, shell, a URL, a command line, escaped JSON) and must be found
by its rule in every one; counter-examples must not be reported by their rule, negative lines
by any. The format: rules/secrets/README.md. Exit codes: 0 all pass; 1 failures or rules that
did not load; 2 usage error.)");
  cmd->callback([args, &result] {
    auto check = app::CheckSecretRules(args->rules, args->config);
    if (Failed(check.status(), result)) return;
    std::cout << app::SecretRulesCheckText(*check);
    result.exit_code = check->ExitCode();
  });
}

}  // namespace

void RegisterSecrets(CLI::App& app, CommandResult& result) {
  auto* secrets = app.add_subcommand(
      "secrets", "Credentials in code, git history and evidence: scan, and test the rules");
  secrets->require_subcommand(1);
  RegisterScanCommand(*secrets, result);
  RegisterTestCommand(*secrets, result);
}

}  // namespace quarry::cli
