// `quarry query` (run KQL on a case) and `quarry kql check FILE...` (parse and bind KQL files
// against a case's catalog or a schema folder, without running them).
#include <iostream>
#include <memory>

#include "app/kql.h"
#include "cli/commands.h"
#include "core/time.h"

namespace quarry::cli {
namespace {

struct KqlArgs {
  app::KqlCheckRequest request;
  std::string format = "text";
};

void RunCheck(const KqlArgs& args, CommandResult& result) {
  auto report = app::CheckKqlFiles(args.request);
  if (Failed(report.status(), result)) return;
  for (const auto& file : report->files) {
    if (!file.error.empty()) PrintError(file.error);
  }
  std::cout << (args.format == "json" ? app::KqlCheckJson(*report) : app::KqlCheckText(*report));
  if (report->unreadable) {
    result.exit_code = kExitInput;
  } else if (report->any_error) {
    result.exit_code = kExitFindings;
  }
}

struct QueryArgs {
  app::QueryRequest request;
  std::string format = "table";
};

void RunQueryCommand(const QueryArgs& args, CommandResult& result) {
  auto run = app::RunQuery(args.request);
  if (Failed(run.status(), result)) return;
  bool errors = false;
  for (const Finding& f : run->findings) {
    errors = errors || f.severity == Severity::kError;
    // The range a query without a time filter read is worth a line; other notes need --explain.
    if (args.request.explain || f.severity != Severity::kInfo || f.code == "kql.no_time_filter") {
      std::cerr << f.ToString() << "\n";
    }
  }
  if (args.request.explain) {
    std::cout << "now: " << FormatIsoTime(run->now) << "\n";
    std::cout << (run->sql.empty() ? "-- no SQL: the query did not check" : run->sql) << "\n";
    if (errors) result.exit_code = kExitFindings;
    return;
  }
  if (!run->ran) {
    result.exit_code = kExitFindings;
    return;
  }
  Render(app::ResultTable(*run), *ParseOutputFormat(args.format), std::cout);
}

}  // namespace

void RegisterQuery(CLI::App& app, CommandResult& result) {
  auto args = std::make_shared<QueryArgs>();
  auto* cmd = app.add_subcommand(
      "query",
      "Run a KQL query on a case. The query is checked first (unknown tables and columns, "
      "missing time filters, …): a query with an error-level finding does not run. now() and "
      "ago() count from the case's latest event unless --now says otherwise.");
  cmd->add_option("query", args->request.text, "The KQL query, or @FILE to read it from a file")
      ->required();
  cmd->add_option("--case", args->request.case_dir, "Case directory")->required();
  cmd->add_option("--format", args->format, "table, json (an array of rows), jsonl or csv")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv"}));
  cmd->add_option("--now", args->request.now, "The instant now() and ago() count from (ISO 8601)");
  cmd->add_option("--max-rows", args->request.max_rows, "Rows beyond this are cut, with a notice")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--window", args->request.window,
                  "Tables read without any time filter are read over this window ending at "
                  "now (e.g. 1d, as Sentinel's time picker); by default (0) they are read "
                  "whole: a case is bounded evidence");
  cmd->add_flag("--explain", args->request.explain,
                "Print the findings, the reference time and the generated SQL; do not run");
  cmd->footer(
      "Examples:\n"
      "  quarry query 'SecurityEvent | where EventID == 4625 | summarize count() by Account' "
      "--case ./case\n"
      "  quarry query @hunt.kql --case ./case --format json\n"
      "  quarry query 'SysmonEvent | take 5' --case ./case --explain");
  cmd->callback([args, &result] { RunQueryCommand(*args, result); });
}

void RegisterKql(CLI::App& app, CommandResult& result) {
  auto* kql = app.add_subcommand("kql", "Work with KQL queries without running them");
  kql->require_subcommand(1);
  auto args = std::make_shared<KqlArgs>();
  auto* check = kql->add_subcommand(
      "check",
      "Parse and bind KQL query files: every table, column, let name and function is resolved "
      "against the catalog, and each problem is reported with its line, column and, where a "
      "close name exists, a suggestion. Exit code 1 when a file has an error-level finding.");
  check->add_option("files", args->request.files, "Query files (.kql), one query per file")
      ->required()
      ->check(CLI::ExistingFile);
  check->add_option("--schema", args->request.schema_dir,
                    "A schema folder laid out like ../shared/corpora/kql-schema "
                    "(la_table_schemas.csv: table_name, column_name, column_type)");
  check->add_option("--case", args->request.case_dir, "A case directory: bind against its tables");
  check->add_option("--format", args->format, "text (findings, then one line per file) or json")
      ->check(CLI::IsMember({"text", "json"}));
  check->footer(
      "Examples:\n"
      "  quarry kql check hunt.kql --case ./case\n"
      "  quarry kql check queries/*.kql --schema ../shared/corpora/kql-schema --format json\n"
      "JSON: one object per file with file, parsed, bound and findings (severity, code, "
      "message, span {start, end, line, column}, suggestion).");
  check->callback([args, &result] { RunCheck(*args, result); });
}

}  // namespace quarry::cli
