// Code-review triage in the workbench: the reports of `quarry review --format json` named when
// the server started (--review), their findings with the decisions the journal holds, and a
// person's decision (confirm, dismiss with a reason, defer) journalled with their name, the job
// `quarry review triage` runs.
#include "app/review.h"
#include "core/json.h"
#include "review/finding.h"
#include "server/routes.h"

namespace quarry::server {
namespace {

Result<std::string> ReportPath(const mcp::Args& args, RouteContext& ctx) {
  int64_t n = args.Int("report", 0);
  if (n < 1 || static_cast<size_t>(n) > ctx.options.review_reports.size()) {
    return NotFound("no review report " + std::to_string(n) + " (" +
                    std::to_string(ctx.options.review_reports.size()) +
                    " given with --review when the server started)");
  }
  return ctx.options.review_reports[static_cast<size_t>(n - 1)];
}

Result<std::vector<review::ReviewFinding>> Findings(const std::string& path, RouteContext& ctx) {
  QUARRY_ASSIGN_OR_RETURN(auto findings, app::ReadReviewReport(path));
  auto decisions = app::TriageDecisions(ctx.options.case_dir);
  if (decisions.ok()) app::ApplyTriage(findings, *decisions);
  return findings;
}

Result<Reply> List(const mcp::Args&, RouteContext& ctx) {
  Reply r;
  JsonWriter w(r.json);
  w.BeginObject().Key("reports").BeginArray();
  for (size_t i = 0; i < ctx.options.review_reports.size(); ++i) {
    const std::string& path = ctx.options.review_reports[i];
    w.BeginObject().Field("report", i + 1).Field("path", path);
    auto findings = Findings(path, ctx);
    if (!findings.ok()) {
      w.Field("error", findings.status().message()).EndObject();
      continue;
    }
    size_t open = 0;
    for (const auto& f : *findings)
      open += f.triage.empty() && f.status != review::Verdict::kRejected;
    w.Field("findings", findings->size()).Field("undecided", open).EndObject();
  }
  w.EndArray().EndObject();
  return r;
}

Result<Reply> Show(const mcp::Args& args, RouteContext& ctx) {
  QUARRY_ASSIGN_OR_RETURN(std::string path, ReportPath(args, ctx));
  QUARRY_ASSIGN_OR_RETURN(auto findings, Findings(path, ctx));
  Reply r;
  JsonWriter w(r.json);
  auto [begin, end] = PageOf(args, findings.size(), 200);
  w.BeginObject().Field("report", args.Int("report", 0)).Field("path", path).Key("findings");
  w.BeginArray();
  for (size_t i = begin; i < end; ++i) review::WriteReviewFinding(w, findings[i]);
  w.EndArray().Field("offset", begin).Field("total", findings.size()).EndObject();
  return r;
}

Result<Reply> Decide(const mcp::Args& args, RouteContext& ctx) {
  QUARRY_ASSIGN_OR_RETURN(std::string path, ReportPath(args, ctx));
  QUARRY_ASSIGN_OR_RETURN(auto findings, Findings(path, ctx));
  const std::string fingerprint = args.String("fingerprint");
  for (auto& f : findings) {
    if (f.fingerprint != fingerprint) continue;
    app::TriageDecision decision{fingerprint, args.String("decision"), args.String("reason"),
                                 ctx.options.author};
    Status s = app::RecordTriage(ctx.options.case_dir, f, decision, path);
    if (!s.ok()) return ErrorReply(s.code() == StatusCode::kUsage ? 400 : 500, s.message());
    f.triage = decision.decision;
    f.triage_reason = decision.reason;
    f.triage_by = decision.by;
    Reply r;
    JsonWriter w(r.json);
    w.BeginObject().Key("finding");
    review::WriteReviewFinding(w, f);
    w.EndObject();
    return r;
  }
  return NotFound("no finding " + fingerprint.substr(0, 80) + " in " + path);
}

}  // namespace

void AddReviewRoutes(std::vector<Route>& routes) {
  mcp::ArgSpec report{"report", mcp::ArgType::kInteger,
                      "The report's number (1 for the first --review)", true};
  report.min = 1;
  report.max = 1000;
  routes.push_back({"GET",
                    "/api/reviews",
                    "Code reviews to triage",
                    "The reports of quarry review --format json given with --review, with how "
                    "many findings are still undecided.",
                    {},
                    false,
                    R"({"type":"object","properties":{"reports":{"type":"array"}}})",
                    List});
  routes.push_back({"GET",
                    "/api/reviews/{report}",
                    "A review's findings",
                    "Every finding with its verification (verified, needs_human, rejected and "
                    "why), its engines, and the decision the journal holds.",
                    {report, PageArgs(200, 500)[0], PageArgs(200, 500)[1]},
                    false,
                    R"({"type":"object","properties":{"findings":{"type":"array"},)"
                    R"("offset":{"type":"integer"},"total":{"type":"integer"}}})",
                    Show});
  mcp::ArgSpec fingerprint{"fingerprint", mcp::ArgType::kString, "The finding's fingerprint", true};
  fingerprint.max_length = 256;
  mcp::ArgSpec decision{"decision", mcp::ArgType::kString, "confirmed, dismissed or deferred",
                        true};
  decision.max_length = 16;
  mcp::ArgSpec reason{"reason", mcp::ArgType::kString, "Why (required to dismiss)"};
  reason.max_length = 2000;
  routes.push_back({"POST",
                    "/api/reviews/{report}/triage",
                    "Decide about a finding",
                    "Confirm, dismiss (with a reason) or defer a finding; the decision is "
                    "journalled (kind review.triage) with the person named when the server "
                    "started, as quarry review triage does.",
                    {report, fingerprint, decision, reason},
                    true,
                    R"({"type":"object","properties":{"finding":{"type":"object"}}})",
                    Decide});
}

}  // namespace quarry::server
