// `quarry rules check`: which rules load, and why the others do not.
#include <iostream>
#include <memory>

#include "app/scan.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct RulesArgs {
  app::RuleSource source;
  std::string format = "table";
};

void RunRulesCheck(const RulesArgs& args, CommandResult& result) {
  auto format = ParseOutputFormat(args.format);
  if (!format.ok()) {
    PrintError(format.status().message());
    result.exit_code = kExitUsage;
    return;
  }
  auto report = app::CheckRules(args.source);
  if (Failed(report.status(), result)) return;
  // People want the failures; machines every rule.
  Render(app::RulesCheckTable(*report, *format == OutputFormat::kTable), *format, std::cout);
  if (*format == OutputFormat::kTable) {
    std::cout << report->rules.size() - report->failed << " of " << report->rules.size()
              << " rule(s) loaded";
    if (report->failed > 0) std::cout << "; " << report->failed << " did not (listed above)";
    std::cout << '\n';
  }
  result.exit_code = report->failed > 0 ? kExitFindings : kExitOk;
}

}  // namespace

void RegisterRules(CLI::App& app, CommandResult& result) {
  auto* rules = app.add_subcommand("rules", "Work with Sigma rules");
  rules->require_subcommand(1);
  rules->footer(R"(A rule is proven before it ships (docs/rules.md):
  quarry rules check rules/                     # every rule loads
  quarry rules test rules/ --junit tests.xml    # each rule over its own x.tests/ evidence
  quarry rules lint rules/ --case ./case        # fields and values exist in your data
  quarry rules baseline rules/ --case ./case    # alerts per day on history, filter suggestions
  quarry rules coverage rules/ --format navigator > layer.json
  quarry rules convert rules/x.yml --to kql     # or --to spl
  quarry rules draft "DESCRIPTION" --case ./case --tests samples/  # English → Sigma, gated)");
  auto args = std::make_shared<RulesArgs>();
  auto* check = rules->add_subcommand(
      "check", "Load rules and list every one that does not load, with file, line and reason");
  check->add_option("PATH", args->source.paths, "Rule files or folders")->required();
  check
      ->add_option("--format", args->format,
                   "table (the failures and a count), json, jsonl or csv (every rule)")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv"}));
  check->add_option("--mapping", args->source.mapping_file, "Logsource mapping file (as for scan)");
  check->add_option("--placeholder", args->source.placeholders, "Expand placeholder, NAME=VALUE");
  check->footer("Exit codes: 0 every rule loaded; 1 some did not; 2 usage error.");
  check->callback([args, &result] { RunRulesCheck(*args, result); });
  RegisterRulesTest(*rules, result);
  RegisterRulesCoverage(*rules, result);
  RegisterRulesLint(*rules, result);
  RegisterRulesBaseline(*rules, result);
  RegisterRulesConvert(*rules, result);
  RegisterRulesDraft(*rules, result);
  RegisterRulesApprove(*rules, result);
}

}  // namespace quarry::cli
