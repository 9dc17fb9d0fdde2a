// Commands that read a case's catalog: tables, schema, show, files, digest.
#include <iostream>
#include <memory>

#include "app/case_info.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct CaseArgs {
  std::string case_dir;
  std::string format = "table";
  std::string table;
  int64_t eid = 0;
  size_t top = 5;
};

void AddCaseOptions(CLI::App* cmd, const std::shared_ptr<CaseArgs>& args) {
  cmd->add_option("--case", args->case_dir, "Case directory")->required();
  cmd->add_option("--format", args->format, "Output format: table, json, jsonl or csv")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv"}));
}

// Renders a job's table, or prints why there is none (input error).
void Print(const Result<Table>& table, OutputFormat format, CommandResult& result) {
  if (Failed(table.status(), result)) return;
  Render(*table, format, std::cout);
}

void RunTables(const CaseArgs& args, CommandResult& result) {
  auto report = app::CaseTables(args.case_dir);
  if (!report.ok()) return Print(report.status(), OutputFormat::kTable, result);
  auto format = *ParseOutputFormat(args.format);
  Render(report->table, format, std::cout);
  if (format == OutputFormat::kTable) {
    std::cout << "\n"
              << report->table.rows.size() << " table(s), " << report->total_rows << " events in "
              << args.case_dir << "\n";
  }
}

void RunSchema(const CaseArgs& args, CommandResult& result) {
  auto format = *ParseOutputFormat(args.format);
  bool structured = format == OutputFormat::kJson || format == OutputFormat::kJsonl;
  Print(app::CaseSchema(args.case_dir, args.table, args.top, structured), format, result);
}

void RunShow(const CaseArgs& args, CommandResult& result) {
  auto format = *ParseOutputFormat(args.format);
  // One event: JSON is a single object, not an array.
  Print(app::CaseEvent(args.case_dir, args.eid, format == OutputFormat::kTable),
        format == OutputFormat::kJson ? OutputFormat::kJsonl : format, result);
}

}  // namespace

void RegisterCatalogCommands(CLI::App& app, CommandResult& result) {
  auto tables_args = std::make_shared<CaseArgs>();
  CLI::App* tables =
      app.add_subcommand("tables", "List the case's tables with row counts and time ranges");
  AddCaseOptions(tables, tables_args);
  tables->footer(
      "Times are UTC. `--format json` prints an array of {table, rows, min_time, max_time, "
      "columns}.\n\n"
      "Example:\n  quarry tables --case ./case --format json");
  tables->callback([tables_args, &result] { RunTables(*tables_args, result); });

  auto schema_args = std::make_shared<CaseArgs>();
  CLI::App* schema = app.add_subcommand(
      "schema", "Columns of a table: type, fill rate, distinct values, top values");
  schema->add_option("table", schema_args->table, "Table name (see `quarry tables`)")->required();
  schema->add_option("--top", schema_args->top, "Top values shown per column");
  AddCaseOptions(schema, schema_args);
  schema->footer(
      "Distinct counts are HyperLogLog estimates (about 2% error); top values are counted per "
      "batch\n"
      "and are exact for columns with few values.\n\n"
      "Example:\n  quarry schema SysmonEvent --case ./case --top 3");
  schema->callback([schema_args, &result] { RunSchema(*schema_args, result); });

  auto show_args = std::make_shared<CaseArgs>();
  CLI::App* show = app.add_subcommand("show", "One event with all its fields and its provenance");
  show->add_option("eid", show_args->eid,
                   "The event's _eid (from query results, alerts or citations)")
      ->required();
  AddCaseOptions(show, show_args);
  show->footer(
      "An _eid is file_id * 10^9 + the record's position in its file, so it stays the same when\n"
      "the case is rebuilt from the same files in the same order. _source and _record give the "
      "file\n"
      "and the byte offset (JSON, CSV, text) of the record.\n\n"
      "Example:\n  quarry show 1000000007 --case ./case");
  show->callback([show_args, &result] { RunShow(*show_args, result); });

  auto files_args = std::make_shared<CaseArgs>();
  CLI::App* files =
      app.add_subcommand("files", "Evidence files in the case, with hashes and status");
  AddCaseOptions(files, files_args);
  files->footer("Example:\n  quarry files --case ./case --format csv");
  files->callback([files_args, &result] {
    Print(app::CaseFiles(files_args->case_dir), *ParseOutputFormat(files_args->format), result);
  });

  auto digest_args = std::make_shared<CaseArgs>();
  CLI::App* digest =
      app.add_subcommand("digest", "SHA-256 over every event in the case, for comparing cases");
  AddCaseOptions(digest, digest_args);
  digest->footer(
      "Two cases built from the same evidence have the same digest, whatever order columns were\n"
      "created in; any changed, added or removed value changes it.\n\n"
      "Example:\n  quarry digest --case ./case --format json");
  digest->callback([digest_args, &result] {
    Print(app::CaseDigest(digest_args->case_dir), *ParseOutputFormat(digest_args->format), result);
  });
}

}  // namespace quarry::cli
