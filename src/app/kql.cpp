#include "app/kql.h"

#include <fstream>
#include <sstream>

#include "core/json.h"
#include "core/time.h"
#include "kql/sql_gen.h"
#include "store/case.h"
#include "verify/kql_lint.h"

namespace quarry::app {
namespace {

Result<std::string> ReadQueryFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<kql::Catalog> CatalogOfCase(const std::string& dir) {
  QUARRY_ASSIGN_OR_RETURN(auto c, store::Case::Open(dir, store::Case::Mode::kOpenExisting));
  return query::CaseCatalog(*c);
}

}  // namespace

Result<query::QueryOptions> QueryOptionsFrom(const std::string& now, const std::string& window,
                                             size_t max_rows) {
  query::QueryOptions options;
  options.max_rows = max_rows;
  int64_t ticks = 0;
  if (window != "0" && !kql::TimespanTicks(window, ticks)) {
    return UsageError("--window: not a timespan: " + window + " (e.g. 1d, 12h, 0 for none)");
  }
  options.default_window_ticks = ticks;
  if (!now.empty()) {
    options.now = ParseIsoTime(now);
    if (!options.now) return UsageError("--now: not a time: " + now);
  }
  return options;
}

Result<std::string> QueryText(const std::string& text) {
  if (!text.empty() && text[0] == '@') return ReadQueryFile(text.substr(1));
  return text;
}

Result<query::QueryResult> RunQuery(const QueryRequest& request) {
  QUARRY_ASSIGN_OR_RETURN(auto options,
                          QueryOptionsFrom(request.now, request.window, request.max_rows));
  options.explain_only = request.explain;
  if (!request.text_may_name_file) return query::RunQuery(request.case_dir, request.text, options);
  QUARRY_ASSIGN_OR_RETURN(std::string text, QueryText(request.text));
  return query::RunQuery(request.case_dir, text, options);
}

Table ResultTable(const query::QueryResult& result) {
  Table table;
  for (const auto& c : result.columns) table.columns.push_back(c.name);
  table.rows = result.rows;
  return table;
}

Result<KqlCheckReport> CheckKqlFiles(const KqlCheckRequest& request) {
  if (request.schema_dir.empty() == request.case_dir.empty())
    return UsageError("give exactly one of --schema DIR or --case DIR");
  QUARRY_ASSIGN_OR_RETURN(auto catalog, request.schema_dir.empty()
                                            ? CatalogOfCase(request.case_dir)
                                            : kql::Catalog::LoadSchemaDir(request.schema_dir));
  KqlCheckReport report;
  for (const std::string& file : request.files) {
    KqlFileCheck checked;
    checked.file = file;
    auto text = ReadQueryFile(file);
    if (!text.ok()) {
      checked.error = text.status().message();
      report.unreadable = true;
    } else {
      checked.check = verify::CheckKql(*text, catalog, file);
      report.any_error = report.any_error || !checked.check.bound;
    }
    report.files.push_back(std::move(checked));
  }
  return report;
}

std::string KqlCheckText(const KqlCheckReport& report) {
  std::string out;
  for (const auto& file : report.files) {
    if (!file.error.empty()) continue;
    const kql::CheckResult& r = file.check;
    for (const Finding& f : r.findings) {
      out += f.ToString();
      if (!f.suggestion.empty() && f.ToString().find(f.suggestion) == std::string::npos) {
        out += " (" + f.suggestion + ")";
      }
      out += '\n';
    }
    out += file.file + ": " +
           (r.bound    ? "ok"
            : r.parsed ? "does not bind"
                       : "does not parse") +
           "\n";
  }
  return out;
}

std::string KqlCheckJson(const KqlCheckReport& report) {
  std::string out = "[";
  bool first = true;
  for (const auto& file : report.files) {
    if (!file.error.empty()) continue;
    out += first ? "\n" : ",\n";
    first = false;
    JsonWriter w(out);
    w.BeginObject()
        .Field("file", file.file)
        .Field("parsed", file.check.parsed)
        .Field("bound", file.check.bound);
    WriteFindings(w.Key("findings"), file.check.findings);
    w.EndObject();
  }
  out += "\n]\n";
  return out;
}

}  // namespace quarry::app
