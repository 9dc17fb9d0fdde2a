// Tools for incident response: the case's timeline, a text's claims checked against the events
// they cite, and the built-in incident summary, verified. An agent's own summary of an incident
// goes through verify_claims before anyone reads it as fact.
#include "app/summarize.h"
#include "app/timeline.h"
#include "app/verify_claims.h"
#include "core/json.h"
#include "mcp/tool_util.h"
#include "mcp/tools.h"

namespace quarry::mcp {
namespace {

Result<ToolOutput> Timeline(const Args& args, ToolContext& ctx) {
  app::TimelineRequest request;
  request.case_dir = ctx.options.case_dir;
  request.from = args.String("from");
  request.to = args.String("to");
  request.host = args.String("host");
  request.user = args.String("user");
  request.process = args.String("process");
  request.ip = args.String("ip");
  request.around = args.Int("around", 0);
  request.window = args.String("window", "10m");
  request.alerts_only = args.Bool("alerts_only", false);
  int64_t limit =
      std::min<int64_t>(args.Int("limit", 200), static_cast<int64_t>(ctx.options.max_rows));
  request.limit = limit;
  ToolOutput out;
  JsonWriter w(out.structured);
  w.BeginObject().Key("entries").BeginArray();
  int64_t written = 0;
  bool cut = false;
  auto stats = app::Timeline(request, [&](const ir::TimelineEntry& e) {
    if (out.structured.size() > ctx.options.max_result_bytes ||
        (ctx.cancelled && ctx.cancelled())) {
      cut = true;
      return false;
    }
    w.BeginObject().Field("_eid", e.eid).Field("TimeGenerated", FormatIsoTime(e.time));
    w.Field("table", e.table).Field("Computer", e.host).Field("kind", e.kind);
    w.Field("message", e.message).EndObject();
    ++written;
    return true;
  });
  if (!stats.ok()) return Refusal(stats.status().message());
  w.EndArray().Field("count", written).Field("truncated", cut || stats->truncated);
  w.EndObject();
  out.rows = written;
  out.summary = std::to_string(written) + " timeline entr" + (written == 1 ? "y" : "ies") +
                (cut || stats->truncated ? " (more: narrow by time, host or limit)" : "");
  return out;
}

Result<ToolOutput> VerifyClaims(const Args& args, ToolContext& ctx) {
  app::VerifyClaimsRequest request;
  request.case_dir = ctx.options.case_dir;
  request.text = args.String("text");
  auto report = app::VerifyClaims(request);
  if (!report.ok()) return Refusal(report.status().message());
  ToolOutput out;
  out.structured = app::VerifyClaimsJson(*report);
  out.rows = static_cast<int64_t>(report->claims.size());
  out.summary = std::to_string(report->claims.size()) +
                " sentence(s): " + std::to_string(report->supported) + " supported, " +
                std::to_string(report->unsupported) + " unsupported, " +
                std::to_string(report->uncited) + " uncited";
  return out;
}

Result<ToolOutput> SummarizeIncident(const Args& args, ToolContext& ctx) {
  app::SummarizeRequest request;
  request.case_dir = ctx.options.case_dir;
  request.from = args.String("from");
  request.to = args.String("to");
  // Approval is a person's: a summary reaches the journal only through the CLI.
  auto report = app::SummarizeIncident(request);
  if (!report.ok()) return Refusal(report.status().message());
  ToolOutput out;
  out.structured = app::SummarizeJson(*report);
  out.rows = report->verification.supported;
  out.summary = std::to_string(report->verification.supported) + " verified sentence(s), " +
                std::to_string(report->removed.size()) +
                " removed by verification; not journalled (a person approves with quarry ir "
                "summarize --approve)";
  return out;
}

}  // namespace

void AddIrTools(std::vector<ToolSpec>& tools) {
  std::vector<ArgSpec> pivots = {
      {"from", ArgType::kString, "Entries at or after this time (ISO 8601)"},
      {"to", ArgType::kString, "Entries at or before this time (ISO 8601)"},
      {"host", ArgType::kString, "Only this host (WS01 also matches WS01.corp.example)"},
      {"user", ArgType::kString, "Entries whose user columns contain this"},
      {"process", ArgType::kString, "Entries whose process columns contain this"},
      {"ip", ArgType::kString, "Entries with this IP in an address column"},
      {"around", ArgType::kInteger, "An _eid: the window on both sides of its time"},
      {"window", ArgType::kString, "With around: the span on each side (default 10m)"},
      {"alerts_only", ArgType::kBoolean, "Only the alerts"},
      {"limit", ArgType::kInteger, "Entries at most (1-1000, default 200)"}};
  for (ArgSpec& a : pivots) a.max_length = 512;
  pivots[6].max = std::numeric_limits<int64_t>::max();
  pivots.back().min = 1;
  pivots.back().max = 1000;
  tools.push_back({"timeline", "The case's timeline",
                   "Every table's events and the alerts, in time order, one message line each "
                   "(as Timesketch shows them), with pivots by time, host, user, process, IP or "
                   "around one event. Cite entries by their _eid as [E:<_eid>] in prose that "
                   "verify_claims checks.",
                   pivots,
                   ObjectSchema({{"entries", R"({"type":"array","items":{"type":"object"}})"},
                                 {"count", kInt},
                                 {"truncated", kBool}}),
                   true, Timeline});
  ArgSpec text{"text", ArgType::kString,
               "Markdown or plain text whose sentences cite events as [E:<_eid>] (or [P:…], "
               "[S:…], [C:…] ids of quarry ir trees, sessions and clusters)",
               true};
  text.max_length = size_t{256} * 1024;
  tools.push_back({"verify_claims",
                   "Check a text's claims against the events they cite",
                   "Each sentence is checked against the events it cites: they exist; every "
                   "host, user, IP, port, process, path, hash, domain, quoted fragment, ARN, key "
                   "id and event name it names occurs in them; every time matches their times at "
                   "the precision written; every count equals their count; every ATT&CK id is on "
                   "an alert among them. Verdict per sentence: supported, unsupported (with what "
                   "the events say instead) or uncited. Use it on your own summary before a "
                   "person reads it.",
                   {text},
                   ObjectSchema({{"claims", R"({"type":"array","items":{"type":"object"}})"},
                                 {"supported", kInt},
                                 {"unsupported", kInt},
                                 {"uncited", kInt}}),
                   true,
                   VerifyClaims});
  std::vector<ArgSpec> range = {pivots[0], pivots[1]};
  range[0].description = "Only alerts at or after this time (ISO 8601)";
  range[1].description = "Only alerts at or before this time (ISO 8601)";
  tools.push_back({"summarize_incident", "Summarize the incident, verified",
                   "Quarry's built-in summarizer (no model) writes the incident narrative from the "
                   "alerts and the events they flag, then verifies every sentence: what does not "
                   "hold is removed and listed with the reason. Nothing is recorded: a person "
                   "approves a summary into the journal with quarry ir summarize --approve.",
                   range,
                   ObjectSchema({{"markdown", kStr},
                                 {"alerts", kInt},
                                 {"supported", kInt},
                                 {"removed", R"({"type":"array","items":{"type":"object"}})"}}),
                   true, SummarizeIncident});
}

}  // namespace quarry::mcp
