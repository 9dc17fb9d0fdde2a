// `quarry threat-model report` and `diff`: the review board's report in four formats, and what
// changed between two versions of a model.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "app/threat_report.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct ReportArgs {
  app::ThreatModelRequest request;
  std::string format = "md";
  std::string output;
};

}  // namespace

bool WriteText(const std::string& path, const std::string& text, CommandResult& result) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (out) return true;
  PrintError(path + ": cannot write");
  result.exit_code = kExitInput;
  return false;
}

namespace {

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

}  // namespace

void RegisterThreatModelReports(CLI::App& tm, CommandResult& result) {
  RegisterReport(tm, result);
  RegisterDiff(tm, result);
}

}  // namespace quarry::cli
