// `quarry threat-model`: check a system description against the threat catalog, check the
// catalog itself, print the description format's JSON Schema.
#include <iostream>
#include <memory>

#include "app/threat_model.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct CheckArgs {
  app::ThreatModelRequest request;
  std::string format = "text";
};

void RunCheck(const CheckArgs& args, CommandResult& result) {
  auto check = app::CheckThreatModel(args.request);
  if (Failed(check.status(), result)) return;
  const auto& c = **check;
  std::cout << (args.format == "json" ? app::ThreatModelCheckJson(c)
                                      : app::ThreatModelCheckText(c));
  result.exit_code = c.ExitCode();
}

struct CatalogArgs {
  std::vector<std::string> catalogs;
  std::vector<std::string> tests;
  std::string format = "text";
};

void RunCatalog(const CatalogArgs& args, CommandResult& result) {
  auto report = app::CheckThreatCatalog(args.catalogs, args.tests);
  if (Failed(report.status(), result)) return;
  std::cout << (args.format == "json" ? app::CatalogReportJson(*report)
                                      : app::CatalogReportText(*report));
  result.exit_code = report->ExitCode();
}

void RegisterCheck(CLI::App& tm, CommandResult& result) {
  auto args = std::make_shared<CheckArgs>();
  auto* check = tm.add_subcommand(
      "check", "Validate a system description and list the threats that apply, with their status");
  check->add_option("MODEL", args->request.model_path, "The system description (YAML)")->required();
  check->add_option("--format", args->format, "text (threats per component and flow) or json")
      ->check(CLI::IsMember({"text", "json"}));
  check->add_option("--catalog", args->request.catalogs,
                    "Threat catalog files or folders instead of the built-in catalog");
  check->add_option("--today", args->request.today,
                    "The date acceptances are checked against (YYYY-MM-DD; default today, UTC)");
  check->footer(
      R"(The model's components, flows, boundaries and assets are checked (unknown kinds and
keys, flows to nowhere, boundaries in a cycle or with nothing inside), then every catalog threat
whose condition holds is listed per component and flow, with its STRIDE category, OWASP LLM
2025, OWASP Top 10 2025 and ATLAS ids, its severity and its status from the model's decisions:
mitigated (with a catalog mitigation and evidence), accepted (rationale, by, until), transferred
or open. Gaps are findings: a threat the catalog says must be decided (prompt injection on an
LLM, a tool that executes without approval, restricted data to a hosted model) left open, a
decision citing a mitigation that does not exist, an acceptance past its date.

Examples:
  quarry threat-model check samples/threat-models/rag-chatbot.yml
  quarry threat-model check model.yml --format json
  quarry threat-model check model.yml --catalog threats/ --catalog our-threats.yml

Exit codes: 0 no open high or critical threat and no error finding; 1 open high or critical
threats remain, or error findings (use it to gate a pull request); 2 usage error; 3 the model or
catalog did not fully read (the rest is still checked and reported).
The format: docs/threat-model.md.)");
  check->callback([args, &result] { RunCheck(*args, result); });
}

void RegisterCatalog(CLI::App& tm, CommandResult& result) {
  auto args = std::make_shared<CatalogArgs>();
  auto* catalog = tm.add_subcommand(
      "catalog", "Check the threat catalog (ids, mappings, conditions) and run its tests");
  catalog->add_option("--catalog", args->catalogs,
                      "Catalog files or folders instead of the built-in catalog");
  catalog->add_option("--tests", args->tests,
                      "Condition test files or folders (tests/threatmodel/conditions): each "
                      "threat must fire on its `fires` model and nowhere in its `silent` model");
  catalog->add_option("--format", args->format, "text or json (every threat and mitigation)")
      ->check(CLI::IsMember({"text", "json"}));
  catalog->footer(
      R"(Examples:
  quarry threat-model catalog
  quarry threat-model catalog --catalog threats/ --tests tests/threatmodel/conditions
  quarry threat-model catalog --format json

OWASP, ATLAS and NIST AI RMF ids are checked against the tables in ../shared/corpora/catalogs
(or $QUARRY_CATALOGS). Exit codes: 0 clean; 1 error findings, failing tests or threats without
a test; 2 usage error.)");
  catalog->callback([args, &result] { RunCatalog(*args, result); });
}

}  // namespace

void RegisterThreatModel(CLI::App& app, CommandResult& result) {
  auto* tm = app.add_subcommand(
      "threat-model",
      "Threat models of systems with LLMs, agents and tools: check, report, diff, catalog, schema");
  tm->require_subcommand(1);
  RegisterCheck(*tm, result);
  RegisterThreatModelReports(*tm, result);
  RegisterThreatModelDrafts(*tm, result);
  RegisterCatalog(*tm, result);
  auto* schema = tm->add_subcommand("schema", "Print the JSON Schema of the system description");
  schema->callback([] { std::cout << app::ThreatModelSchema(); });
}

}  // namespace quarry::cli
