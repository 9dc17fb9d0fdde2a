// quarry rules convert: the job and its renderings.
#include <filesystem>

#include "app/rule_json.h"
#include "app/rules.h"
#include "catalog/attack.h"
#include "query/run_query.h"
#include "store/case.h"

namespace quarry::app {

Result<detect::ConvertReport> ConvertRules(const ConvertRequest& request) {
  if (request.to != "kql" && request.to != "spl")
    return UsageError("--to: '" + request.to + "' is not a target (kql or spl)");
  if (!request.case_dir.empty() && !request.schema_dir.empty())
    return UsageError("give --case or --schema, not both");
  detect::ConvertOptions options;
  QUARRY_ASSIGN_OR_RETURN(options.rules, RuleSetFrom(request.rules, ""));
  kql::Catalog catalog;
  if (request.to == "spl") {
    options.language = detect::QueryLanguage::kSpl;
    return detect::Convert(options);
  }
  if (!request.case_dir.empty()) {
    QUARRY_ASSIGN_OR_RETURN(auto c,
                            store::Case::Open(request.case_dir, store::Case::Mode::kOpenExisting));
    QUARRY_ASSIGN_OR_RETURN(catalog, query::CaseCatalog(*c));
    options.absent_columns_are_empty = true;
  } else {
    std::string dir = request.schema_dir;
    if (dir.empty()) {
      std::string corpora = catalog::FindCorpora();
      if (corpora.empty() || !std::filesystem::exists(corpora + "/kql-schema")) {
        return UsageError(
            "no target schema: give --case DIR or --schema DIR (the Sentinel schema of the "
            "shared corpora was not found)");
      }
      dir = corpora + "/kql-schema";
    }
    QUARRY_ASSIGN_OR_RETURN(catalog, kql::Catalog::LoadSchemaDir(dir));
  }
  options.catalog = &catalog;
  return detect::Convert(options);
}

std::string ConvertText(const detect::ConvertReport& report, std::string& failures) {
  std::string out;
  bool several = report.rules.size() > 1;
  for (const auto& r : report.rules) {
    std::string where = r.path + ":" + std::to_string(r.line);
    if (!r.converted) {
      failures += where + ": cannot convert '" + r.rule + "': ";
      for (size_t k = 0; k < r.reasons.size(); ++k) failures += (k ? "; " : "") + r.reasons[k];
      failures += '\n';
      continue;
    }
    if (several) out += "// " + r.rule + " (" + where + ")\n";
    out += r.query + "\n";
    if (several) out += '\n';
  }
  for (const auto& f : report.problems) failures += f.ToString() + '\n';
  return out;
}

std::string ConvertJson(const detect::ConvertReport& report) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("rules").BeginArray();
  for (const auto& r : report.rules) {
    BeginRuleJson(w, r.rule, r.id, r.path, r.line)
        .Field("converted", r.converted)
        .Field("query", r.query)
        .Field("reasons", r.reasons)
        .EndObject();
  }
  w.EndArray()
      .Field("converted", static_cast<int64_t>(report.converted))
      .Field("not_converted", static_cast<int64_t>(report.not_converted))
      .Key("problems");
  WriteFindings(w, report.problems);
  w.EndObject();
  return out + "\n";
}

}  // namespace quarry::app
