// `quarry rules lint`: rules checked beyond loading, against a case when one is given.
#include <iostream>
#include <memory>

#include "app/rules.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct RulesLintArgs {
  app::LintRequest request;
  std::string format = "text";
};

void RunRulesLint(const RulesLintArgs& args, CommandResult& result) {
  auto report = app::LintRules(args.request);
  if (Failed(report.status(), result)) return;
  std::cout << (args.format == "json" ? app::LintJson(*report) : app::LintText(*report));
  result.exit_code = report->errors > 0 ? kExitFindings : kExitOk;
}

}  // namespace

void RegisterRulesLint(CLI::App& rules, CommandResult& result) {
  auto args = std::make_shared<RulesLintArgs>();
  auto* lint = rules.add_subcommand(
      "lint", "Check rules beyond loading: metadata, fragile constructs, fields and values");
  lint->add_option("PATH", args->request.rules.paths, "Rule files or folders")->required();
  lint->add_option("--case", args->request.case_dir,
                   "Check every field and value against the events of this case that each "
                   "rule's logsource maps to");
  lint->add_option("--schema", args->request.schema_dir,
                   "Check every field against a schema folder (la_table_schemas.csv, e.g. "
                   "../shared/corpora/kql-schema for Sentinel), with tables as rules convert "
                   "maps logsources");
  lint->add_option("--format", args->format, "text (findings per rule and a count) or json")
      ->check(CLI::IsMember({"text", "json"}));
  lint->add_option("--mapping", args->request.rules.mapping_file,
                   "Logsource mapping file (as for scan)");
  lint->add_option("--placeholder", args->request.rules.placeholders,
                   "Expand placeholder, NAME=VALUE");
  lint->footer(
      R"(Always: rules that do not load (error), duplicate ids (error), a missing id, level,
description or falsepositives, no ATT&CK technique tag or one the catalog does not know,
keyword-only detections, regexes nesting unbounded quantifiers (catastrophic backtracking in
PCRE and .NET, where converted rules run).
With --case: a field missing from every event the rule's logsource maps to (error, with
did-you-mean; a warning inside a filter), a value compared for equality that never occurs in a
few-valued column (with the closest values), a logsource with no events in the case, and a
correlation window shorter than the case's timestamp resolution.

Examples:
  quarry rules lint rules/
  quarry rules lint rules/ --case ./case
  quarry rules lint draft.yml --case ./case --format json

Exit codes: 0 no error-level finding; 1 some rule has one (or did not load); 2 usage error;
3 the case cannot be read.)");
  lint->callback([args, &result] { RunRulesLint(*args, result); });
}

}  // namespace quarry::cli
