// `quarry query` and `quarry kql check` as jobs, and the options `quarry hunt` shares with them.
#pragma once

#include <string>
#include <vector>

#include "app/render.h"
#include "core/status.h"
#include "kql/binder.h"
#include "query/run_query.h"

namespace quarry::app {

// --now (ISO 8601, "" for the case's latest event), --window (a timespan, "0" for none) and
// --max-rows as quarry query and quarry hunt take them; a usage error naming the option.
Result<query::QueryOptions> QueryOptionsFrom(const std::string& now, const std::string& window,
                                             size_t max_rows);

// The query: `text` itself, or the content of FILE when `text` is "@FILE".
Result<std::string> QueryText(const std::string& text);

struct QueryRequest {
  std::string case_dir;
  std::string text;  // KQL, or @FILE
  std::string now;
  std::string window = "0";
  size_t max_rows = 10000;
  bool explain = false;            // check and lower only
  bool text_may_name_file = true;  // false: "@FILE" is not read (text from an agent)
};
// A usage error for a bad option; another error when the case or query file cannot be read.
// A query that does not check comes back with its findings and ran == false.
Result<query::QueryResult> RunQuery(const QueryRequest& request);

// The rows of a result under its column names.
Table ResultTable(const query::QueryResult& result);

struct KqlCheckRequest {
  std::vector<std::string> files;
  std::string schema_dir;  // a schema folder, or
  std::string case_dir;    // a case to bind against
};
struct KqlFileCheck {
  std::string file;
  std::string error;  // the file could not be read (no check)
  kql::CheckResult check;
};
struct KqlCheckReport {
  std::vector<KqlFileCheck> files;
  bool any_error = false;   // some query does not bind
  bool unreadable = false;  // some file could not be read
};
Result<KqlCheckReport> CheckKqlFiles(const KqlCheckRequest& request);
// Findings, then one line per file ("FILE: ok" / "does not bind" / "does not parse").
std::string KqlCheckText(const KqlCheckReport& report);
// An array with one object per readable file: file, parsed, bound, findings.
std::string KqlCheckJson(const KqlCheckReport& report);

}  // namespace quarry::app
