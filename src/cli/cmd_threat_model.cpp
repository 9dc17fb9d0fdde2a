// `quarry threat-model`: check a system description against the threat catalog, check the
// catalog itself, print the description format's JSON Schema.
#include <iostream>
#include <memory>

#include <filesystem>
#include <fstream>

#include "app/threat_draft.h"
#include "app/threat_report.h"
#include "cli/commands.h"
#include "threatmodel/schema.h"

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

struct ReportArgs {
  app::ThreatModelRequest request;
  std::string format = "md";
  std::string output;
};

bool WriteText(const std::string& path, const std::string& text, CommandResult& result) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (out) return true;
  PrintError(path + ": cannot write");
  result.exit_code = kExitInput;
  return false;
}

void RunReport(const ReportArgs& args, CommandResult& result) {
  bool svg = args.format == "html" || args.format == "json" ||
             (args.format == "md" && !args.output.empty());
  auto report = app::ReportThreatModel(args.request, svg);
  if (Failed(report.status(), result)) return;
  const auto& r = **report;
  std::string text;
  if (args.format == "md") {
    std::string link;
    if (!args.output.empty()) {
      // Beside FILE.md: FILE.dot always, FILE.svg when Graphviz drew it.
      std::filesystem::path base = std::filesystem::path(args.output).replace_extension();
      if (!WriteText(base.string() + ".dot", r.dot, result)) return;
      if (!r.svg.empty()) {
        if (!WriteText(base.string() + ".svg", r.svg, result)) return;
        link = base.filename().string() + ".svg";
      }
    }
    text = app::ThreatReportMarkdown(r, link);
  } else if (args.format == "html") {
    text = app::ThreatReportHtml(r);
  } else if (args.format == "sarif") {
    text = app::ThreatReportSarif(r);
  } else {
    text = app::ThreatReportJson(r);
  }
  if (args.output.empty()) {
    std::cout << text;
  } else if (!WriteText(args.output, text, result)) {
    return;
  }
  result.exit_code = r.check->ExitCode();
}

struct DiffArgs {
  app::ThreatModelRequest request;
  std::string after;
  std::string format = "text";
};

void RunDiff(const DiffArgs& args, CommandResult& result) {
  auto diff = app::DiffThreatModels(args.request, args.after);
  if (Failed(diff.status(), result)) return;
  if (args.format == "json") {
    std::cout << app::ThreatDiffJson(*diff);
  } else if (args.format == "md") {
    std::cout << app::ThreatDiffMarkdown(*diff);
  } else {
    std::cout << app::ThreatDiffText(*diff);
  }
  result.exit_code = diff->ExitCode();
}

void RegisterReport(CLI::App& tm, CommandResult& result) {
  auto args = std::make_shared<ReportArgs>();
  auto* report = tm.add_subcommand(
      "report",
      "The report a review board reads: scope, diagram, threats, coverage, residual risks");
  report->add_option("MODEL", args->request.model_path, "The system description (YAML)")
      ->required();
  report->add_option("--format", args->format, "md (default), html, json or sarif")
      ->check(CLI::IsMember({"md", "html", "json", "sarif"}));
  report->add_option("-o,--output", args->output,
                     "Write the report here (md: also FILE.dot and FILE.svg beside it)");
  report->add_option("--catalog", args->request.catalogs,
                     "Threat catalog files or folders instead of the built-in catalog");
  report->add_option("--today", args->request.today,
                     "The date acceptances are checked against (YYYY-MM-DD)");
  report->footer(
      R"(Sections: scope; the data-flow diagram (Graphviz DOT, drawn as SVG with Debian's graphviz
when it is installed: boundaries as dashed boxes, tainted flows red, flows crossing a boundary
unencrypted dashed, components with open high threats red); threats by component and flow with
STRIDE, OWASP and ATLAS ids, status and decision; OWASP LLM 2025 x components; ATLAS tactics;
NIST AI RMF functions; residual risks with their owners; findings.
SARIF: open threats at the line of their component or flow (accepted and transferred ones as
suppressed results with the rationale), for GitHub code scanning.

Examples:
  quarry threat-model report samples/threat-models/rag-chatbot.yml -o report.md
  quarry threat-model report model.yml --format html -o report.html
  quarry threat-model report model.yml --format sarif -o threats.sarif

Exit codes as for check.)");
  report->callback([args, &result] { RunReport(*args, result); });
}

void RegisterDiff(CLI::App& tm, CommandResult& result) {
  auto args = std::make_shared<DiffArgs>();
  auto* diff = tm.add_subcommand(
      "diff", "Threats added, removed and changed in status or severity between two versions");
  diff->add_option("OLD", args->request.model_path, "The earlier model")->required();
  diff->add_option("NEW", args->after, "The later model")->required();
  diff->add_option("--format", args->format, "text, md or json")
      ->check(CLI::IsMember({"text", "md", "json"}));
  diff->add_option("--catalog", args->request.catalogs,
                   "Threat catalog files or folders instead of the built-in catalog");
  diff->add_option("--today", args->request.today, "The date for both (YYYY-MM-DD)");
  diff->footer(
      R"(Examples:
  quarry threat-model diff <(git show main:model.yml) model.yml
  quarry threat-model diff old.yml new.yml --format md

Exit codes: 0 no newly open high or critical threat; 1 the new version adds open high or critical
threats (new ones, or ones that were decided and are open again); 2 usage; 3 a model did not read.)");
  diff->callback([args, &result] { RunDiff(*args, result); });
}

struct ApproveArgs {
  app::ThreatModelRequest request;
  app::ThreatModelApproval approval;
};

void RunApprove(const ApproveArgs& args, CommandResult& result) {
  auto check = app::CheckThreatModel(args.request);
  if (Failed(check.status(), result)) return;
  auto entry = app::ApproveThreatModel(**check, args.approval);
  if (Failed(entry.status(), result)) return;
  std::cout << "journal entry " << entry->seq << " by " << entry->author << ": " << entry->title
            << "\n";
}

void RegisterApprove(CLI::App& tm, CommandResult& result) {
  auto args = std::make_shared<ApproveArgs>();
  auto* approve = tm.add_subcommand(
      "approve", "Sign the model's decisions and accepted suggestions into a case's journal");
  approve->add_option("MODEL", args->request.model_path, "The system description (YAML)")
      ->required();
  approve->add_option("--case", args->approval.case_dir, "The case whose journal records it")
      ->required();
  approve->add_option("--author", args->approval.author,
                      "The person approving (default: the git user, else the login name)");
  approve
      ->add_option("--sign-key", args->approval.sign_key,
                   "Sign the entry with this Ed25519 private key (PEM; see journal keygen)")
      ->check(CLI::ExistingFile);
  approve->add_option("--catalog", args->request.catalogs,
                      "Threat catalog files or folders instead of the built-in catalog");
  approve->footer(
      R"(The entry holds the model's SHA-256, every decision with the person who made it (by), every
suggested threat a person accepted (accepted_by, rationale), the counts and the findings. A
model that does not fully read is refused. Suggestions nobody accepted count for nothing.

Example:
  quarry threat-model approve docs/quarry-threat-model.yml --case ./case --author "Dana Reyes")");
  approve->callback([args, &result] { RunApprove(*args, result); });
}

struct DraftArgs {
  app::ThreatDraftRequest request;
  std::string output;
  std::string format = "text";
};

void RunDraft(const DraftArgs& args, CommandResult& result) {
  auto draft = app::DraftThreatModel(args.request);
  if (Failed(draft.status(), result)) return;
  std::cout << (args.format == "json" ? app::ThreatDraftJson(*draft)
                                      : app::ThreatDraftText(*draft));
  if (!draft->valid) {
    PrintError("the draft does not read as a model: nothing was saved");
    result.exit_code = kExitFindings;
    return;
  }
  if (!args.output.empty() && WriteText(args.output, draft->yaml, result))
    std::cerr << "quarry: draft written to " << args.output << " (nothing in it is decided)\n";
}

void RegisterDraft(CLI::App& tm, CommandResult& result) {
  auto args = std::make_shared<DraftArgs>();
  auto* draft = tm.add_subcommand(
      "draft", "Draft a system description from prose; a person answers, decides and accepts");
  draft->add_option("DESCRIPTION", args->request.description, "The system, in words")->required();
  draft->add_option("--provider", args->request.provider,
                    "builtin (default: a phrase table that asks instead of guessing), a provider "
                    "of the case's quarry.toml, or openai, anthropic, ollama with --endpoint and "
                    "--model");
  draft->add_option("--endpoint", args->request.endpoint, "The provider's endpoint");
  draft->add_option("--model", args->request.model, "The model to ask");
  draft->add_option("--case", args->request.case_dir,
                    "The case whose quarry.toml configures providers and whose audit.jsonl "
                    "records the call (needed for any provider but builtin)");
  draft->add_option("-o,--output", args->output,
                    "Write the draft here, only when it reads as a model");
  draft->add_option("--format", args->format, "text (the YAML with comments) or json")
      ->check(CLI::IsMember({"text", "json"}));
  draft->add_option("--catalog", args->request.catalogs,
                    "Threat catalog files or folders instead of the built-in catalog");
  draft->footer(
      R"TXT(The draft is read and checked like any model. From a provider: decisions it wrote are
dropped (people decide), and the threats it suggests beyond the catalog are kept as
suggested_threats with status `suggested`: they count for nothing until a person sets
accepted_by and a rationale on each. The description is sent as data (fenced, secrets redacted)
under the case's data-class policy, and the call is audited.

Examples:
  quarry threat-model draft "A support chatbot on GPT-4 answers customers from a vector store of
    help articles and can open Zendesk tickets" -o chatbot.yml
  quarry threat-model draft "$(cat design.md)" --provider local --case ./case -o model.yml

Exit codes: 0 a draft that reads (saved with -o); 1 it does not read (not saved); 2 usage;
3 the provider could not be asked.)TXT");
  draft->callback([args, &result] { RunDraft(*args, result); });
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
  RegisterReport(*tm, result);
  RegisterDiff(*tm, result);
  RegisterApprove(*tm, result);
  RegisterDraft(*tm, result);
  RegisterCatalog(*tm, result);
  auto* schema = tm->add_subcommand("schema", "Print the JSON Schema of the system description");
  schema->callback([] { std::cout << threatmodel::ModelJsonSchema(); });
}

}  // namespace quarry::cli
