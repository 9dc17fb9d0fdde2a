// `quarry kql check FILE...`: parse and bind KQL query files without running them, against a
// case's catalog or a schema folder, and print each file's findings.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/render.h"
#include "cli/commands.h"
#include "core/json.h"
#include "core/strings.h"
#include "core/time.h"
#include "kql/binder.h"
#include "kql/sql_gen.h"
#include "query/run_query.h"
#include "store/case.h"
#include "verify/kql_lint.h"

namespace quarry::cli {
namespace {

// A query file's text; false (with the error printed) when it cannot be opened.
bool ReadQueryFile(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    PrintError(path + ": cannot open");
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  text = ss.str();
  return true;
}

struct KqlArgs {
  std::vector<std::string> files;
  std::string schema_dir;
  std::string case_dir;
  std::string format = "text";
};

Result<kql::Catalog> CatalogOfCase(const std::string& dir) {
  QUARRY_ASSIGN_OR_RETURN(auto c, store::Case::Open(dir, store::Case::Mode::kOpenExisting));
  return query::CaseCatalog(*c);
}

void RunCheck(const KqlArgs& args, CommandResult& result) {
  if (args.schema_dir.empty() == args.case_dir.empty()) {
    PrintError("give exactly one of --schema DIR or --case DIR");
    result.exit_code = kExitUsage;
    return;
  }
  Result<kql::Catalog> catalog = args.schema_dir.empty()
                                     ? CatalogOfCase(args.case_dir)
                                     : kql::Catalog::LoadSchemaDir(args.schema_dir);
  if (!catalog.ok()) {
    PrintError(catalog.status().message());
    result.exit_code = kExitInput;
    return;
  }
  bool json = args.format == "json";
  std::string out = json ? "[" : "";
  bool any_error = false, unreadable = false;
  for (size_t i = 0; i < args.files.size(); ++i) {
    const std::string& file = args.files[i];
    std::string text;
    if (!ReadQueryFile(file, text)) {
      unreadable = true;
      continue;
    }
    kql::CheckResult r = verify::CheckKql(text, *catalog, file);
    any_error = any_error || !r.bound;
    if (json) {
      if (out.size() > 1) out += ',';
      out += '\n';
      JsonWriter w(out);
      w.BeginObject().Field("file", file).Field("parsed", r.parsed).Field("bound", r.bound);
      WriteFindings(w.Key("findings"), r.findings);
      w.EndObject();
    } else {
      for (const Finding& f : r.findings) {
        out += f.ToString();
        if (!f.suggestion.empty() && f.ToString().find(f.suggestion) == std::string::npos) {
          out += " (" + f.suggestion + ")";
        }
        out += '\n';
      }
      out += file + ": " + (r.bound ? "ok" : r.parsed ? "does not bind" : "does not parse") + "\n";
    }
  }
  if (json) out += "\n]\n";
  std::cout << out;
  if (unreadable) {
    result.exit_code = kExitInput;
  } else if (any_error) {
    result.exit_code = kExitFindings;
  }
}

struct QueryArgs {
  std::string query;
  std::string case_dir;
  std::string format = "table";
  std::string now;
  size_t max_rows = 10000;
  std::string window = "1d";
  bool explain = false;
};

}  // namespace

bool ParseQueryOptions(const std::string& now, const std::string& window, size_t max_rows,
                       query::QueryOptions& options, CommandResult& result) {
  options.max_rows = max_rows;
  int64_t ticks = 0;
  if (window != "0" && !kql::TimespanTicks(window, ticks)) {
    PrintError("--window: not a timespan: " + window + " (e.g. 1d, 12h, 0 for none)");
    result.exit_code = kExitUsage;
    return false;
  }
  options.default_window_ticks = ticks;
  if (!now.empty()) {
    options.now = ParseIsoTime(now);
    if (!options.now) {
      PrintError("--now: not a time: " + now);
      result.exit_code = kExitUsage;
      return false;
    }
  }
  return true;
}

namespace {

void RunQueryCommand(const QueryArgs& args, CommandResult& result) {
  query::QueryOptions options;
  options.explain_only = args.explain;
  if (!ParseQueryOptions(args.now, args.window, args.max_rows, options, result)) return;
  std::string text = args.query;
  if (!text.empty() && text[0] == '@' && !ReadQueryFile(args.query.substr(1), text)) {
    result.exit_code = kExitInput;  // @FILE reads the query from a file
    return;
  }
  auto run = query::RunQuery(args.case_dir, text, options);
  if (!run.ok()) {
    PrintError(run.status().message());
    result.exit_code = kExitInput;
    return;
  }
  bool errors = false;
  for (const Finding& f : run->findings) {
    errors = errors || f.severity == Severity::kError;
    if (args.explain || f.severity != Severity::kInfo) {
      std::cerr << f.ToString() << "\n";
    }
  }
  if (args.explain) {
    std::cout << "now: " << FormatIsoTime(run->now) << "\n";
    std::cout << (run->sql.empty() ? "-- no SQL: the query did not check" : run->sql) << "\n";
    if (errors) result.exit_code = kExitFindings;
    return;
  }
  if (!run->ran) {
    result.exit_code = kExitFindings;
    return;
  }
  Table table;
  for (const auto& c : run->columns) table.columns.push_back(c.name);
  table.rows = std::move(run->rows);
  auto format = ParseOutputFormat(args.format);
  Render(table, *format, std::cout);
}

}  // namespace

void RegisterQuery(CLI::App& app, CommandResult& result) {
  auto args = std::make_shared<QueryArgs>();
  auto* cmd = app.add_subcommand(
      "query",
      "Run a KQL query on a case. The query is checked first (unknown tables and columns, "
      "missing time filters, …): a query with an error-level finding does not run. now() and "
      "ago() count from the case's latest event unless --now says otherwise.");
  cmd->add_option("query", args->query, "The KQL query, or @FILE to read it from a file")
      ->required();
  cmd->add_option("--case", args->case_dir, "Case directory")->required();
  cmd->add_option("--format", args->format, "table, json (an array of rows), jsonl or csv")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv"}));
  cmd->add_option("--now", args->now, "The instant now() and ago() count from (ISO 8601)");
  cmd->add_option("--max-rows", args->max_rows, "Rows beyond this are cut, with a notice")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--window", args->window,
                  "Tables read without any time filter are read over this window ending at "
                  "now (default 1d; 0 reads them whole); a notice says so");
  cmd->add_flag("--explain", args->explain,
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
  check->add_option("files", args->files, "Query files (.kql), one query per file")
      ->required()
      ->check(CLI::ExistingFile);
  check->add_option("--schema", args->schema_dir,
                    "A schema folder laid out like ../shared/corpora/kql-schema "
                    "(la_table_schemas.csv: table_name, column_name, column_type)");
  check->add_option("--case", args->case_dir, "A case directory: bind against its tables");
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
