// quarry rules lint: the job and its renderings.
#include <sstream>

#include "app/alert_store.h"
#include "app/rule_json.h"
#include "app/rules.h"
#include "store/case.h"

namespace quarry::app {

Result<detect::LintReport> LintRules(const LintRequest& request) {
  detect::LintOptions options;
  QUARRY_ASSIGN_OR_RETURN(options.rules, RuleSetFrom(request.rules, ""));
  if (!request.case_dir.empty() && !request.schema_dir.empty())
    return UsageError("give --case or --schema, not both");
  kql::Catalog schema;
  if (!request.schema_dir.empty()) {
    QUARRY_ASSIGN_OR_RETURN(schema, kql::Catalog::LoadSchemaDir(request.schema_dir));
    options.schema = &schema;
  }
  std::unique_ptr<store::Case> c;
  if (!request.case_dir.empty()) {
    QUARRY_ASSIGN_OR_RETURN(c,
                            store::Case::Open(request.case_dir, store::Case::Mode::kOpenExisting));
    QUARRY_ASSIGN_OR_RETURN(auto sources, detect::CaseSources::Read(*c, {AlertStore::kTable}));
    options.sources = std::move(sources);
    options.case_db = c.get();
  }
  return detect::Lint(options);
}

std::string LintText(const detect::LintReport& report) {
  std::ostringstream out;
  size_t clean = 0;
  for (const auto& r : report.rules) {
    if (r.findings.empty()) {
      ++clean;
      continue;
    }
    out << r.rule << " (" << r.path << ":" << r.line << ")\n";
    for (const auto& f : r.findings) out << "  " << f.ToString() << '\n';
  }
  if (!report.problems.empty()) {
    out << "Problems (" << report.problems.size() << "):\n";
    for (const auto& f : report.problems) out << "  " << f.ToString() << '\n';
  }
  out << report.rules.size() << " rule(s) linted" << (report.with_case ? " against the case" : "")
      << ": " << report.errors << " error(s), " << report.warnings << " warning(s), " << clean
      << " rule(s) without findings\n";
  return out.str();
}

std::string LintJson(const detect::LintReport& report) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("rules").BeginArray();
  for (const auto& r : report.rules) {
    BeginRuleJson(w, r.rule, r.id, r.path, r.line);
    w.Key("findings");
    WriteFindings(w, r.findings);
    w.EndObject();
  }
  w.EndArray().Key("problems");
  WriteFindings(w, report.problems);
  w.Field("errors", static_cast<int64_t>(report.errors))
      .Field("warnings", static_cast<int64_t>(report.warnings))
      .EndObject();
  return out + "\n";
}

}  // namespace quarry::app
