// Threat models and secrets in the workbench: the report of a system description named when the
// server started (--threat-model, the MCP tool's job), and credentials found in the case's
// events (the job of `quarry secrets scan --case`), a page at a time and always redacted.
#include "app/secrets.h"
#include "core/finding.h"
#include "core/json.h"
#include "server/routes.h"

namespace quarry::server {
namespace {

Result<Reply> Secrets(const mcp::Args& args, RouteContext& ctx) {
  app::SecretsScanRequest request;
  request.case_dir = ctx.options.case_dir;
  QUARRY_ASSIGN_OR_RETURN(app::SecretsScanReport report, app::ScanSecrets(request));
  size_t total = report.findings.size();
  auto [begin, end] = PageOf(args, total, 200);
  report.findings = {report.findings.begin() + static_cast<long>(begin),
                     report.findings.begin() + static_cast<long>(end)};
  Reply r;
  JsonWriter w(r.json);
  w.BeginObject().Key("findings").Raw(app::SecretsJson(report, false)).Key("problems");
  WriteFindings(w, report.problems);
  w.Field("offset", begin).Field("total", total).Field("rules", report.rules).EndObject();
  return r;
}

}  // namespace

void AddModelRoutes(std::vector<Route>& routes) {
  routes.push_back(ToolRoute("POST", "/api/threat-models/report", "threat_model_report", ""));
  routes.push_back({"GET", "/api/secrets", "Credentials in the case's events",
                    "Keys and tokens in the case's string and dynamic columns, found by the "
                    "secret rules; values redacted; one finding per credential with its first "
                    "_eid, table, column and how many events hold it; a page at a time.",
                    PageArgs(200, 1000), false,
                    R"({"type":"object","properties":{"findings":{"type":"array"},)"
                    R"("offset":{"type":"integer"},"total":{"type":"integer"}}})",
                    Secrets});
}

}  // namespace quarry::server
