// Commands that read a case's catalog: tables, schema, show, files.
#include <cmath>
#include <iostream>
#include <memory>

#include "app/render.h"
#include "cli/commands.h"
#include "core/strings.h"
#include "store/case.h"

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

// Opens the case or prints why not; null on failure (exit code already set).
std::unique_ptr<store::Case> OpenCase(const CaseArgs& args, CommandResult& result) {
  auto c = store::Case::Open(args.case_dir, store::Case::Mode::kOpenExisting);
  if (!c.ok()) {
    PrintError(c.status().message());
    result.exit_code = kExitInput;
    return nullptr;
  }
  return std::move(c).value();
}

Value TimeOrNull(const std::optional<Timestamp>& t) {
  return t ? Value::DateTime(*t) : Value();
}

void RunTables(const CaseArgs& args, CommandResult& result) {
  auto c = OpenCase(args, result);
  if (!c) return;
  auto tables = c->Tables();
  if (!tables.ok()) {
    PrintError(tables.status().message());
    result.exit_code = kExitInput;
    return;
  }
  Table out;
  out.columns = {"table", "rows", "min_time", "max_time", "columns"};
  int64_t total = 0;
  for (const auto& t : *tables) {
    out.rows.push_back({Value::String(t.name), Value::Long(t.rows), TimeOrNull(t.min_time),
                        TimeOrNull(t.max_time), Value::Long(t.columns)});
    total += t.rows;
  }
  auto format = ParseOutputFormat(args.format);
  Render(out, *format, std::cout);
  if (*format == OutputFormat::kTable) {
    std::cout << "\n"
              << out.rows.size() << " table(s), " << total << " events in " << args.case_dir
              << "\n";
  }
}

void RunSchema(const CaseArgs& args, CommandResult& result) {
  auto c = OpenCase(args, result);
  if (!c) return;
  auto columns = c->Columns(args.table, args.top);
  if (!columns.ok()) {
    std::string message = columns.status().message();
    auto tables = c->Tables();
    if (tables.ok() && !tables->empty()) {
      message += "; tables are:";
      for (const auto& t : *tables) message += " " + t.name;
    }
    PrintError(message);
    result.exit_code = kExitInput;
    return;
  }
  auto format = *ParseOutputFormat(args.format);
  bool machine = format == OutputFormat::kJson || format == OutputFormat::kJsonl;
  Table out;
  out.columns = {"column", "type", "fill_rate", "distinct", "top_values"};
  for (const auto& col : *columns) {
    Value top;
    if (machine) {
      std::string json = "[";
      for (size_t i = 0; i < col.top_values.size(); ++i) {
        if (i) json += ',';
        json += "{\"value\":";
        AppendJsonString(json, col.top_values[i].first);
        json += ",\"count\":" + std::to_string(col.top_values[i].second) + "}";
      }
      top = Value::Dynamic(json + "]");
    } else {
      std::string text;
      for (const auto& [value, count] : col.top_values) {
        if (!text.empty()) text += ", ";
        text += value + " (" + std::to_string(count) + ")";
      }
      top = Value::String(text);
    }
    double fill = static_cast<double>(std::lround(col.fill_rate * 1000)) / 1000;
    out.rows.push_back({Value::String(col.name), Value::String(ValueTypeName(col.type)),
                        Value::Real(fill), Value::Long(col.distinct_estimate), std::move(top)});
  }
  Render(out, format, std::cout);
}

void RunShow(const CaseArgs& args, CommandResult& result) {
  auto c = OpenCase(args, result);
  if (!c) return;
  auto ev = c->FindEvent(args.eid);
  if (!ev.ok()) {
    PrintError(ev.status().message());
    result.exit_code = kExitInput;
    return;
  }
  if (!ev->has_value()) {
    PrintError("no event with _eid " + std::to_string(args.eid) + " in " + args.case_dir);
    result.exit_code = kExitInput;
    return;
  }
  const store::StoredEvent& e = **ev;
  auto format = *ParseOutputFormat(args.format);
  Table out;
  if (format == OutputFormat::kTable) {
    out.columns = {"field", "value"};
    out.rows.push_back({Value::String("(table)"), Value::String(e.table)});
    for (const auto& [name, value] : e.fields) out.rows.push_back({Value::String(name), value});
    if (e.file) {
      out.rows.push_back({Value::String("(file sha256)"), Value::String(e.file->sha256)});
      out.rows.push_back({Value::String("(file format)"), Value::String(e.file->format)});
    }
    Render(out, format, std::cout);
    return;
  }
  out.columns.push_back("_table");
  std::vector<Value> row{Value::String(e.table)};
  for (const auto& [name, value] : e.fields) {
    out.columns.push_back(name);
    row.push_back(value);
  }
  if (e.file) {
    out.columns.push_back("_file_sha256");
    row.push_back(Value::String(e.file->sha256));
  }
  out.rows.push_back(std::move(row));
  // One event: JSON is a single object, not an array.
  Render(out, format == OutputFormat::kJson ? OutputFormat::kJsonl : format, std::cout);
}

void RunFiles(const CaseArgs& args, CommandResult& result) {
  auto c = OpenCase(args, result);
  if (!c) return;
  auto files = c->Files();
  if (!files.ok()) {
    PrintError(files.status().message());
    result.exit_code = kExitInput;
    return;
  }
  Table out;
  out.columns = {"file_id", "path", "format", "status", "records", "skipped", "sha256"};
  for (const auto& f : *files) {
    out.rows.push_back({Value::Long(f.file_id), Value::String(f.path), Value::String(f.format),
                        Value::String(f.status), Value::Long(f.records), Value::Long(f.skipped),
                        Value::String(f.sha256)});
  }
  Render(out, *ParseOutputFormat(args.format), std::cout);
}

void RunDigest(const CaseArgs& args, CommandResult& result) {
  auto c = OpenCase(args, result);
  if (!c) return;
  auto digest = c->ContentDigest();
  auto tables = c->Tables();
  if (!digest.ok() || !tables.ok()) {
    PrintError(!digest.ok() ? digest.status().message() : tables.status().message());
    result.exit_code = kExitInput;
    return;
  }
  int64_t rows = 0;
  for (const auto& t : *tables) rows += t.rows;
  Table out;
  out.columns = {"tables", "rows", "sha256"};
  out.rows.push_back({Value::Long(static_cast<int64_t>(tables->size())), Value::Long(rows),
                      Value::String(*digest)});
  Render(out, *ParseOutputFormat(args.format), std::cout);
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
  files->callback([files_args, &result] { RunFiles(*files_args, result); });

  auto digest_args = std::make_shared<CaseArgs>();
  CLI::App* digest =
      app.add_subcommand("digest", "SHA-256 over every event in the case, for comparing cases");
  AddCaseOptions(digest, digest_args);
  digest->footer(
      "Two cases built from the same evidence have the same digest, whatever order columns were\n"
      "created in; any changed, added or removed value changes it.\n\n"
      "Example:\n  quarry digest --case ./case --format json");
  digest->callback([digest_args, &result] { RunDigest(*digest_args, result); });
}

}  // namespace quarry::cli
