// Incident response in the workbench: the verified summary (the MCP tool's job), its approval
// into the journal by the person (the job of `quarry ir summarize --approve`), a pasted text's
// claims checked against the events they cite, and the postmortem skeleton (`quarry ir
// postmortem`) with an optional communications draft.
#include "app/postmortem.h"
#include "app/summarize.h"
#include "core/json.h"
#include "server/routes.h"

namespace quarry::server {
namespace {

// The person approves the summary they read: it is recorded only when the text written now is
// still that text (a scan since could have changed the alerts it is made from); one run checks
// and records.
Result<Reply> ApproveSummary(const mcp::Args& args, RouteContext& ctx) {
  app::SummarizeRequest request;
  request.case_dir = ctx.options.case_dir;
  request.from = args.String("from");
  request.to = args.String("to");
  request.approve = true;
  request.author = ctx.options.author;
  request.expected_markdown = args.String("shown");
  QUARRY_ASSIGN_OR_RETURN(app::SummarizeReport report, app::SummarizeIncident(request));
  return Reply{200, app::SummarizeJson(report)};
}

Result<Reply> Postmortem(const mcp::Args& args, RouteContext& ctx) {
  app::PostmortemRequest request;
  request.case_dir = ctx.options.case_dir;
  request.from = args.String("from");
  request.to = args.String("to");
  request.comms = args.String("comms");
  if (!request.comms.empty() && request.comms != "status" && request.comms != "customer" &&
      request.comms != "executive") {
    return ErrorReply(400, "comms is status, customer or executive");
  }
  QUARRY_ASSIGN_OR_RETURN(app::PostmortemReport report, app::Postmortem(request));
  Reply r;
  JsonWriter w(r.json);
  w.BeginObject().Field("markdown", report.markdown).Field("verified", report.verified);
  w.Field("removed", report.removed).Field("warnings", report.warnings).EndObject();
  return r;
}

}  // namespace

void AddIncidentRoutes(std::vector<Route>& routes) {
  routes.push_back(ToolRoute("GET", "/api/incident/summary", "summarize_incident", ""));
  std::vector<mcp::ArgSpec> range = routes.back().args;
  std::vector<mcp::ArgSpec> approve = range;
  mcp::ArgSpec shown{"shown", mcp::ArgType::kString,
                     "The summary's markdown as the person read it (GET /api/incident/summary)",
                     true};
  shown.max_length = size_t{1} << 20;
  approve.push_back(shown);
  routes.push_back({"POST", "/api/incident/summary/approve", "Approve the incident summary",
                    "Writes the verified summary of the range again and, when it is the text the "
                    "person read (409 otherwise), records it in the journal with the person "
                    "named when the server started (what quarry ir summarize --approve does); "
                    "sentences that do not hold are not recorded.",
                    approve, true,
                    R"({"type":"object","properties":{"markdown":{"type":"string"},)"
                    R"("journal_seq":{"type":"integer"}}})",
                    ApproveSummary});
  routes.push_back(ToolRoute("POST", "/api/incident/verify", "verify_claims", ""));
  std::vector<mcp::ArgSpec> postmortem = range;
  mcp::ArgSpec comms{"comms", mcp::ArgType::kString,
                     "Also draft an update: status, customer or executive"};
  comms.max_length = 16;
  postmortem.push_back(comms);
  routes.push_back({"GET", "/api/incident/postmortem", "Postmortem skeleton",
                    "A postmortem from checked facts only: the verified timeline of key events, "
                    "time to detect, what was detected and what was not, and the parts people "
                    "write left as questions; with comms, an update drafted from the same facts.",
                    postmortem, false,
                    R"({"type":"object","properties":{"markdown":{"type":"string"},)"
                    R"("verified":{"type":"integer"},"removed":{"type":"array"},)"
                    R"("warnings":{"type":"array"}}})",
                    Postmortem});
}

}  // namespace quarry::server
