// `quarry rules baseline`: the false-positive baseline of rules over a case's history.
#include <iostream>
#include <memory>

#include "app/rules.h"
#include "cli/commands.h"
#include "cli/progress.h"

namespace quarry::cli {
namespace {

struct RulesBaselineArgs {
  app::BaselineRequest request;
  std::string format = "text";
  bool quiet = false;
};

void RunRulesBaseline(RulesBaselineArgs& args, CommandResult& result) {
  ProgressBar bar(!args.quiet && StderrIsTerminal());
  args.request.on_progress = [&bar](int64_t events) {
    bar.Update(0, 0, static_cast<uint64_t>(events), "events");
  };
  auto report = app::BaselineRules(args.request);
  bar.Clear();
  if (Failed(report.status(), result)) return;
  std::cout << (args.format == "json" ? app::BaselineJson(*report) : app::BaselineText(*report));
  result.exit_code = report->over_budget > 0 || !report->problems.empty() ? kExitFindings : kExitOk;
}

}  // namespace

void RegisterRulesBaseline(CLI::App& rules, CommandResult& result) {
  auto args = std::make_shared<RulesBaselineArgs>();
  auto* baseline = rules.add_subcommand(
      "baseline", "Alerts per day each rule raises over a case's history, and what drives them");
  baseline->add_option("PATH", args->request.rules.paths, "Rule files or folders")->required();
  baseline->add_option("--case", args->request.case_dir, "The case whose history to run over")
      ->required();
  baseline->add_option("--budget", args->request.budget,
                       "Alerts per day a rule may raise (N/day; default 10/day), judged at the "
                       "95th percentile of the days the case covers");
  baseline->add_option("--by", args->request.by,
                       "Break alerts down by host, user, process, parent, commandline or any event "
                       "field (repeatable; default: the first five)");
  baseline->add_option("--format", args->format, "text (a table, then rules over budget) or json")
      ->check(CLI::IsMember({"text", "json"}));
  baseline->add_option("--mapping", args->request.rules.mapping_file,
                       "Logsource mapping file (as for scan)");
  baseline->add_option("--placeholder", args->request.rules.placeholders,
                       "Expand placeholder, NAME=VALUE");
  baseline->add_flag("-q,--quiet", args->quiet, "No progress bar");
  baseline->footer(
      R"(Runs every rule over every event of the case, read-only (the case's Alerts are not
touched), and reports per rule its alerts and alerts per day (median, 95th percentile, max)
over every UTC day from the case's first event to its last, days without alerts included.
For each rule, the values behind its alerts: top hosts, users, processes, parent processes
and command lines (or --by fields) with their share. A rule whose 95th-percentile day exceeds the budget is over
budget; for it, up to three Sigma filter selections on the values behind at least 10% of its
alerts are suggested, with the alerts each would remove. Suggestions are never applied: a
person decides.

Examples:
  quarry rules baseline rules/ --case ./case
  quarry rules baseline sigma/rules/windows --case ./case --budget 20/day --by host --by User
  quarry rules baseline draft.yml --case ./case --format json

Exit codes: 0 every rule within budget; 1 some rule over budget or not loaded; 2 usage error;
3 the case cannot be read.)");
  baseline->callback([args, &result] { RunRulesBaseline(*args, result); });
}

}  // namespace quarry::cli
