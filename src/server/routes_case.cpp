// Routes over the case: what it holds, its events and alerts in time, one event, the journal.
// Most are the MCP tools' jobs; the overview and the histogram are `app` jobs of their own.
#include <limits>

#include "app/journal.h"
#include "app/overview.h"
#include "core/json.h"
#include "mcp/tool_util.h"
#include "server/routes.h"

namespace quarry::server {
namespace {

Result<Reply> Session(const mcp::Args&, RouteContext& ctx) {
  Reply r;
  JsonWriter w(r.json);
  w.BeginObject().Field("case", ctx.options.case_dir).Field("author", ctx.options.author);
  w.Field("read_only", !ctx.options.allow_approve).Field("csrf", ctx.csrf);
  w.Field("provider", ctx.options.provider.empty() ? "the case's default" : ctx.options.provider);
  w.Field("rules", ctx.options.rule_paths).Field("reviews", ctx.options.review_reports.size());
  w.Field("threat_models", ctx.options.threat_models);
  w.EndObject();
  return r;
}

Result<Reply> Overview(const mcp::Args&, RouteContext& ctx) {
  QUARRY_ASSIGN_OR_RETURN(app::CaseOverview o, app::Overview(ctx.options.case_dir));
  return Reply{200, app::OverviewJson(o)};
}

Result<Reply> Histogram(const mcp::Args& args, RouteContext& ctx) {
  app::HistogramRequest request;
  request.case_dir = ctx.options.case_dir;
  request.from = args.String("from");
  request.to = args.String("to");
  request.host = args.String("host");
  request.buckets = args.Int("buckets", 80);
  QUARRY_ASSIGN_OR_RETURN(app::TimeHistogram h, app::Histogram(request));
  return Reply{200, app::HistogramJson(h)};
}

// The journal's entries a page at a time (the list the MCP tool journal_list gives whole).
Result<Reply> Journal(const mcp::Args& args, RouteContext& ctx) {
  QUARRY_ASSIGN_OR_RETURN(auto entries, app::JournalEntries(ctx.options.case_dir));
  auto [begin, end] = PageOf(args, entries.size(), 100);
  std::vector<journal::Entry> page(entries.begin() + static_cast<long>(begin),
                                   entries.begin() + static_cast<long>(end));
  Reply r;
  JsonWriter w(r.json);
  w.BeginObject().Key("entries");
  mcp::WriteTableObjects(w, app::JournalTable(page));
  w.Field("offset", begin).Field("total", entries.size()).EndObject();
  return r;
}

}  // namespace

void AddCaseRoutes(std::vector<Route>& routes) {
  routes.push_back(
      {"GET",
       "/api/session",
       "The session",
       "The case served, the person of record, whether approvals are allowed, the "
       "rule packs, review reports and threat models given at start, and the CSRF token every POST "
       "carries in X-Quarry-CSRF.",
       {},
       false,
       R"({"type":"object","properties":{"case":{"type":"string"},)"
       R"("author":{"type":"string"},"read_only":{"type":"boolean"},)"
       R"("csrf":{"type":"string"},"provider":{"type":"string"},)"
       R"("rules":{"type":"array","items":{"type":"string"}},)"
       R"("reviews":{"type":"integer"},)"
       R"("threat_models":{"type":"array","items":{"type":"string"}}}})",
       Session});
  routes.push_back({"GET",
                    "/api/overview",
                    "The case at a glance",
                    "Tables with row counts and time ranges, the evidence files, and the stored "
                    "alerts counted by level and by host (the 20 busiest hosts).",
                    {},
                    false,
                    R"({"type":"object"})",
                    Overview});
  routes.push_back(ToolRoute("GET", "/api/tables", "list_tables", ""));
  routes.push_back(ToolRoute("GET", "/api/tables/{table}/schema", "describe_table", ""));
  std::vector<mcp::ArgSpec> range =
      RangeArgs("Events", "buckets", "Buckets at most (2-1000, default 80)", 1000);
  range.back().min = 2;
  routes.push_back({"GET", "/api/histogram", "Events and alerts over time",
                    "Counts of events (every table but Alerts) and of alerts per time bucket "
                    "of a round width (1s to 30d) that cuts the range into at most `buckets`; "
                    "the KQL that counted them is included, to rerun with quarry query.",
                    range, false,
                    R"({"type":"object","properties":{"from":{"type":"string"},)"
                    R"("to":{"type":"string"},"bucket_seconds":{"type":"integer"},)"
                    R"("buckets":{"type":"array"},"events":{"type":"integer"},)"
                    R"("alerts":{"type":"integer"}}})",
                    Histogram});
  routes.push_back(ToolRoute("GET", "/api/timeline", "timeline", ""));
  routes.push_back(ToolRoute("GET", "/api/alerts", "alerts", ""));
  routes.push_back(ToolRoute("GET", "/api/events/{eid}", "get_event", ""));
  routes.push_back(ToolRoute("POST", "/api/kql/check", "check_kql", ""));
  routes.push_back(ToolRoute("POST", "/api/kql/run", "run_kql", ""));
  routes.push_back({"GET", "/api/journal", "The journal's entries",
                    "One line per recorded hunt, rule, summary or decision (sequence, time, kind, "
                    "author of record, title), a page at a time.",
                    PageArgs(100, 500), false,
                    R"({"type":"object","properties":{"entries":{"type":"array"},)"
                    R"("offset":{"type":"integer"},"total":{"type":"integer"}}})",
                    Journal});
  routes.push_back(ToolRoute("GET", "/api/journal/verify", "journal_verify", ""));
  routes.push_back(ToolRoute("GET", "/api/journal/{seq}", "journal_show", ""));
}

}  // namespace quarry::server
