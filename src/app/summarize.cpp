#include "app/summarize.h"

#include <optional>

#include <map>
#include <memory>
#include <set>

#include "assist/llm_provider.h"
#include "catalog/attack.h"
#include "core/json.h"
#include "core/strings.h"
#include "ir/summary.h"
#include "journal/journal.h"
#include "kql/sql_gen.h"
#include "store/case.h"

namespace quarry::app {
namespace {

Result<std::optional<Timestamp>> TimeArg(const char* flag, const std::string& text) {
  if (text.empty()) return std::optional<Timestamp>();
  auto t = ParseIsoTime(text);
  if (!t) return UsageError(std::string(flag) + ": not a time: '" + text + "' (ISO 8601)");
  return std::optional<Timestamp>(*t);
}

// The draft without the sentences verification took out; lines left empty go too.
std::string WithoutRemoved(const std::string& draft, const std::vector<VerifiedClaim>& removed) {
  std::vector<std::string> lines;
  for (size_t start = 0; start < draft.size();) {
    size_t nl = draft.find('\n', start);
    if (nl == std::string::npos) nl = draft.size();
    lines.push_back(draft.substr(start, nl - start));
    start = nl + 1;
  }
  for (const VerifiedClaim& vc : removed) {
    size_t index = static_cast<size_t>(vc.claim.line - 1);
    if (index >= lines.size()) continue;
    std::string& line = lines[index];
    size_t pos = line.find(vc.claim.text);
    if (pos != std::string::npos) line.erase(pos, vc.claim.text.size());
  }
  std::string out;
  for (const std::string& line : lines) {
    std::string_view t = TrimAscii(line);
    if (!line.empty() && (t.empty() || t == "-")) continue;
    out += line + "\n";
  }
  return out;
}

std::string OpenQuestions(const std::vector<ir::TimelineEntry>& alerts) {
  std::string out = "\n## What is still unknown\n\n";
  out += "Questions for the responder; the evidence in the case does not answer them.\n\n";
  if (alerts.empty()) {
    out += "- The case has no alerts: was it scanned (quarry scan), and with which rules?\n";
    return out;
  }
  std::vector<std::string> hosts;
  for (const auto& a : alerts) {
    std::string h = ir::ShortHost(a.host);
    if (!h.empty() && std::find(hosts.begin(), hosts.end(), h) == hosts.end()) hosts.push_back(h);
  }
  out += "- How did the activity begin, before the first alert at " +
         FormatIsoTime(alerts.front().time) + "?\n";
  for (const std::string& h : hosts)
    out += "- What happened on " + h + " outside the alerted steps, and is it contained?\n";
  out += "- Did the attacker reach hosts or accounts that this case holds no evidence from?\n";
  out += "- What did detection miss: which steps have no alert (see quarry ir postmortem)?\n";
  return out;
}

// The alerts and the events they flag, one line each, for a model to summarize from.
std::string Excerpt(const ir::SummaryInput& in, std::vector<std::string>& users,
                    std::vector<std::string>& hosts) {
  constexpr size_t kMaxLines = 400;
  std::string out;
  size_t lines = 0;
  auto line = [&](const ir::TimelineEntry& e) {
    if (lines++ >= kMaxLines) return;
    out += "_eid=" + std::to_string(e.eid) + " time=" + FormatIsoTime(e.time) +
           " host=" + (e.host.empty() ? "-" : e.host) + " kind=" + e.kind + " | " + e.message +
           "\n";
    if (!e.host.empty()) hosts.push_back(ir::ShortHost(e.host));
    for (const std::string& c : ir::UserColumns()) {
      std::string u = ir::FieldValue(e, c);
      if (!u.empty() && u != "-" && u.find(':') == std::string::npos) users.push_back(u);
    }
  };
  for (const auto& a : in.alerts) {
    line(a);
    auto ev = in.events.find(std::atoll(ir::FieldValue(a, "EventEid").c_str()));
    if (ev != in.events.end()) line(ev->second);
  }
  if (lines > kMaxLines) out += "(" + std::to_string(lines - kMaxLines) + " more lines left out)\n";
  return out;
}

Result<std::string> ModelDraft(const SummarizeRequest& request, const ir::SummaryInput& input,
                               std::string& name) {
  auto provider = assist::MakeProvider(request.case_dir, request.provider, request.endpoint,
                                       request.model, request.pseudonymize ? 1 : -1);
  if (!provider.ok()) return UsageError(provider.status().message());
  name = (*provider)->Name();
  assist::WriteRequest write;
  write.instructions =
      "You write an incident summary for security responders from the timeline entries in the "
      "user message. Rules:\n"
      "- Markdown. One sentence per line, each a bullet; in time order; per host and identity.\n"
      "- End every sentence with the _eid values it relies on, as [E:<_eid>] or "
      "[E:<_eid>,<_eid>]. A sentence without a citation will be deleted.\n"
      "- State only what the entries show: hosts, users, processes, times (with UTC), counts. "
      "Each sentence is checked against the entries it cites and deleted if it does not hold.\n"
      "- Where the entries do not tell (how it began, what happened between steps), write that "
      "it is unknown.";
  write.data = Excerpt(input, write.users, write.hosts);
  write.task = "Summarize the incident these entries show.";
  return (*provider)->Write(write);
}

}  // namespace

Result<SummarizeReport> SummarizeIncident(const SummarizeRequest& request) {
  if (request.approve && TrimAscii(request.author).empty())
    return UsageError("--approve needs --author: the person who signs the summary");
  ir::SummaryInput input;
  QUARRY_ASSIGN_OR_RETURN(auto from, TimeArg("--from", request.from));
  QUARRY_ASSIGN_OR_RETURN(auto to, TimeArg("--to", request.to));
  if (!kql::TimespanTicks(request.gap, input.gap_ticks) || input.gap_ticks <= 0)
    return UsageError("--gap: not a timespan: '" + request.gap + "' (e.g. 10m)");
  QUARRY_ASSIGN_OR_RETURN(auto c,
                          store::Case::Open(request.case_dir, store::Case::Mode::kOpenExisting));
  ir::TimelineFilter alerts;
  alerts.alerts_only = true;
  alerts.from = from;
  alerts.to = to;
  QUARRY_RETURN_IF_ERROR(ir::ReadTimeline(*c, alerts, [&](const ir::TimelineEntry& e) {
                           input.alerts.push_back(e);
                           return true;
                         }).status());
  ir::TimelineFilter events;
  for (const auto& a : input.alerts) {
    std::string ev = ir::FieldValue(a, "EventEid");
    if (!ev.empty()) events.eids.push_back(std::atoll(ev.c_str()));
  }
  if (!events.eids.empty()) {
    events.with_alerts = false;
    QUARRY_RETURN_IF_ERROR(ir::ReadTimeline(*c, events, [&](const ir::TimelineEntry& e) {
                             input.events.emplace(e.eid, e);
                             return true;
                           }).status());
  }
  auto attack = catalog::Attack::LoadDefault();
  if (attack.ok()) {
    input.technique_name = [&attack](const std::string& id) {
      const catalog::Technique* t = attack->FindTechnique(id);
      return t == nullptr ? std::string() : t->name;
    };
  }
  std::string dir = request.case_dir;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  input.case_name =
      dir.substr(dir.find_last_of('/') == std::string::npos ? 0 : dir.find_last_of('/') + 1);
  SummarizeReport report;
  report.alerts = static_cast<int64_t>(input.alerts.size());
  bool model = !request.provider.empty() && request.provider != "builtin";
  if (model) {
    QUARRY_ASSIGN_OR_RETURN(report.draft, ModelDraft(request, input, report.summarizer));
  } else {
    report.draft = ir::DraftSummary(input);
  }
  VerifyClaimsRequest verify{request.case_dir, report.draft, request.gap};
  QUARRY_ASSIGN_OR_RETURN(report.verification, VerifyClaims(verify));
  for (const VerifiedClaim& vc : report.verification.claims) {
    if (vc.result.verdict != ir::Verdict::kSupported) report.removed.push_back(vc);
  }
  report.markdown = WithoutRemoved(report.draft, report.removed);
  if (!report.removed.empty()) {
    report.markdown += "\n## Removed by verification\n\n";
    for (const VerifiedClaim& vc : report.removed) {
      report.markdown += "- " + vc.claim.text + "\n";
      for (const std::string& p : vc.result.problems) report.markdown += "  - " + p + "\n";
    }
  }
  report.markdown += OpenQuestions(input.alerts);
  if (request.approve && request.expected_markdown &&
      *request.expected_markdown != report.markdown) {
    return Status(StatusCode::kAlreadyExists,
                  "the summary changed since it was read (new alerts?): read it again before "
                  "approving");
  }
  if (request.approve) {
    std::string body;
    JsonWriter w(body);
    w.BeginObject().Field("markdown", report.markdown).Field("alerts", report.alerts);
    w.Field("supported", report.verification.supported)
        .Field("removed", static_cast<int64_t>(report.removed.size()))
        .Field("summarizer", report.summarizer)
        .EndObject();
    QUARRY_ASSIGN_OR_RETURN(journal::Entry entry,
                            journal::Append(request.case_dir, "summary", request.author,
                                            "incident summary", body, request.sign_key));
    report.journal_seq = entry.seq;
  }
  report.alert_entries = std::move(input.alerts);
  return report;
}

std::string SummarizeJson(const SummarizeReport& report) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Field("markdown", report.markdown).Field("alerts", report.alerts);
  w.Field("summarizer", report.summarizer).Field("supported", report.verification.supported);
  w.Key("removed").BeginArray();
  for (const VerifiedClaim& vc : report.removed) {
    w.BeginObject().Field("line", vc.claim.line).Field("text", vc.claim.text);
    w.Field("verdict", ir::VerdictName(vc.result.verdict)).Field("problems", vc.result.problems);
    w.EndObject();
  }
  w.EndArray();
  if (report.journal_seq != 0) w.Field("journal_seq", report.journal_seq);
  w.EndObject();
  return out;
}

}  // namespace quarry::app
