// `quarry rules coverage`: ATT&CK coverage of a rule set, as text, JSON or a Navigator layer.
#include <algorithm>
#include <iostream>
#include <memory>

#include "app/rules.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct RulesCoverageArgs {
  app::CoverageRequest request;
  std::string format = "text";
};

void RunRulesCoverage(const RulesCoverageArgs& args, CommandResult& result) {
  auto report = app::RulesCoverage(args.request);
  if (Failed(report.status(), result)) return;
  if (args.format == "navigator") {
    std::cout << app::CoverageNavigator(*report);
  } else if (args.format == "json") {
    std::cout << app::CoverageJson(*report);
  } else {
    std::cout << app::CoverageText(*report);
  }
  for (const auto& f : report->problems) {
    if (args.format == "navigator") std::cerr << "quarry: " << f.ToString() << '\n';
  }
  bool errors = std::any_of(report->problems.begin(), report->problems.end(),
                            [](const Finding& f) { return f.severity == Severity::kError; });
  result.exit_code = errors ? kExitFindings : kExitOk;
}

}  // namespace

void RegisterRulesCoverage(CLI::App& rules, CommandResult& result) {
  auto args = std::make_shared<RulesCoverageArgs>();
  auto* coverage = rules.add_subcommand(
      "coverage", "ATT&CK techniques and tactics the rules cover, from their tags");
  coverage->add_option("PATH", args->request.rules.paths, "Rule files or folders")->required();
  coverage->add_option("--case", args->request.case_dir,
                       "Count only rules whose logsource has events in this case as active");
  coverage
      ->add_option("--format", args->format,
                   "text (tactics, then techniques and their rules), json, or navigator (an "
                   "ATT&CK Navigator layer, format 4.5)")
      ->check(CLI::IsMember({"text", "json", "navigator"}));
  coverage->add_option("--corpora", args->request.corpora,
                       "Shared corpora folder for the rule tests' corpora: samples");
  coverage->add_option("--mapping", args->request.rules.mapping_file,
                       "Logsource mapping file (as for scan)");
  coverage->add_option("--placeholder", args->request.rules.placeholders,
                       "Expand placeholder, NAME=VALUE");
  coverage->footer(
      R"(Techniques come from attack.tNNNN[.NNN] tags, tactics from attack.<tactic> tags and
from the techniques' tactics in the ATT&CK catalog (../shared/corpora/catalogs, or
$QUARRY_CATALOGS). A rule counts as tested when it has tests (x.tests/, see quarry rules test),
and as passing when they pass. With --case, a rule is active only when its logsource has events
in the case; a tactic's techniques count as covered only through active rules. A tag naming a
technique the catalog does not have (revoked, deprecated, or newer than the catalog) is reported.

Examples:
  quarry rules coverage rules/
  quarry rules coverage rules/ --case ./case --format json
  quarry rules coverage rules/ --format navigator > layer.json   # open in ATT&CK Navigator

Exit codes: 0 done; 1 a rule did not load; 2 usage error; 3 the case or the catalog could not be
read.)");
  coverage->callback([args, &result] { RunRulesCoverage(*args, result); });
}

}  // namespace quarry::cli
