// `quarry rules test`: every rule run over the evidence beside it (x.tests/), as CI runs it.
#include <fstream>
#include <iostream>
#include <memory>

#include "app/rules.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct RulesTestArgs {
  app::RuleTestRequest request;
  std::string format = "text";
  std::string junit;
};

void RunRulesTest(const RulesTestArgs& args, CommandResult& result) {
  auto report = app::TestRules(args.request);
  if (Failed(report.status(), result)) return;
  if (!args.junit.empty()) {
    std::ofstream out(args.junit, std::ios::binary);
    out << app::RuleTestsJunit(*report);
    if (!out) {
      PrintError(args.junit + ": cannot write the JUnit report");
      result.exit_code = kExitInput;
      return;
    }
  }
  std::cout << (args.format == "json" ? app::RuleTestsJson(*report) : app::RuleTestsText(*report));
  result.exit_code = report->ok() ? kExitOk : kExitFindings;
}

}  // namespace

void RegisterRulesTest(CLI::App& rules, CommandResult& result) {
  auto args = std::make_shared<RulesTestArgs>();
  auto* test = rules.add_subcommand(
      "test", "Run each rule over its own test evidence (x.tests/ beside x.yml)");
  test->add_option("PATH", args->request.rules.paths, "Rule files or folders")->required();
  test->add_option("--format", args->format, "text (failures and a count) or json")
      ->check(CLI::IsMember({"text", "json"}));
  test->add_option("--junit", args->junit, "Also write the results as JUnit XML to FILE");
  test->add_option("--corpora", args->request.corpora,
                   "Shared corpora folder for corpora: samples (default $QUARRY_CORPORA, "
                   "else ../shared/corpora beside the source tree)");
  test->add_option("--mapping", args->request.rules.mapping_file,
                   "Logsource mapping file (as for scan)");
  test->add_option("--placeholder", args->request.rules.placeholders,
                   "Expand placeholder, NAME=VALUE");
  test->footer(R"(Layout: beside rules/x.yml, a folder rules/x.tests/ with
  positive/   evidence every event of which must raise the rule (any format ingest reads)
  negative/   evidence no event of which may raise it
  expect.yml  optional: which rules of x.yml (rules:), evidence by path (samples:, with
              corpora:PATH for the shared corpora), and per sample the alert count or, for a
              correlation, the groups it must fire for (expect:). See docs/rules.md.
A correlation's positive sample must make it fire at least once; its negative samples never.
The whole rule set given is loaded, so correlations find the rules they count.

Examples:
  quarry rules test rules/
  quarry rules test rules/windows/kerberoasting_burst.yml --format json
  quarry rules test rules/ --junit rule-tests.xml

Exit codes: 0 every test passed; 1 a test failed, a rule did not load or a sample could not be
read; 2 usage error.)");
  test->callback([args, &result] { RunRulesTest(*args, result); });
}

}  // namespace quarry::cli
