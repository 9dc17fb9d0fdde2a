// `quarry rules convert`: Sigma rules as KQL, or why not.
#include <iostream>
#include <memory>
#include <sstream>

#include "app/rules.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct RulesConvertArgs {
  app::ConvertRequest request;
  std::string format = "text";
};

void RunRulesConvert(const RulesConvertArgs& args, CommandResult& result) {
  auto report = app::ConvertRules(args.request);
  if (Failed(report.status(), result)) return;
  if (args.format == "json") {
    std::cout << app::ConvertJson(*report);
  } else {
    std::string failures;
    std::cout << app::ConvertText(*report, failures);
    std::istringstream lines(failures);
    for (std::string line; std::getline(lines, line);) PrintError(line);
  }
  bool all = report->not_converted == 0 && report->problems.empty();
  result.exit_code = all ? kExitOk : kExitFindings;
}

}  // namespace

void RegisterRulesConvert(CLI::App& rules, CommandResult& result) {
  auto args = std::make_shared<RulesConvertArgs>();
  auto* convert =
      rules.add_subcommand("convert", "Convert Sigma rules to KQL or SPL, or say why not");
  convert->add_option("PATH", args->request.rules.paths, "Rule files or folders")->required();
  convert
      ->add_option("--to", args->request.to,
                   "Target language: kql, or spl (Splunk, the Windows and Sysmon add-ons' "
                   "field names)")
      ->check(CLI::IsMember({"kql", "spl"}));
  convert->add_option("--case", args->request.case_dir,
                      "Convert for this case's tables and columns (the KQL quarry query runs)");
  convert->add_option("--schema", args->request.schema_dir,
                      "Convert for a schema folder (la_table_schemas.csv, as for kql check); "
                      "default: the Sentinel schema of the shared corpora");
  convert->add_option("--format", args->format, "text (the queries) or json")
      ->check(CLI::IsMember({"text", "json"}));
  convert->add_option("--mapping", args->request.rules.mapping_file,
                      "Logsource mapping file (as for scan)");
  convert->add_option("--placeholder", args->request.rules.placeholders,
                      "Expand placeholder, NAME=VALUE");
  convert->footer(
      R"(Each rule is converted from what the engine compiles it to, so the query means what
`quarry scan` does: per logsource variant, the table its channel is kept in (SecurityEvent,
SysmonEvent when the target has it, WindowsEvent with EventData.Field otherwise), the gate
(channel, event ids, provider) and the condition with every modifier applied (wildcards as
startswith/endswith/contains or an anchored regex, windash and base64 variants as
alternatives, cidr as ipv4_is_in_range or ipv6_is_in_range, re as matches regex, |cased as the _cs operators).
Field names resolve against the target's columns. Correlations (event_count, value_count, temporal, value_sum, value_avg) become a
union of their rules' queries summarized by the group-by fields and bin(TimeGenerated,
timespan): fixed windows where the engine's slide, as a comment in the query says. What cannot
be expressed (keywords, temporal_ordered and percentile correlations, correlations of
correlations, time parts, fields the target lacks) is said per rule.

Examples:
  quarry rules convert rules/windows/lsass_memory_access.yml --to kql
  quarry rules convert rules/ --to kql --case ./case --format json
  quarry rules convert draft.yml --to kql --case ./case | quarry query @/dev/stdin --case ./case

Exit codes: 0 every rule converted; 1 some did not (each named on stderr with why) or did not
load; 2 usage error; 3 the case or schema cannot be read.)");
  convert->callback([args, &result] { RunRulesConvert(*args, result); });
}

}  // namespace quarry::cli
