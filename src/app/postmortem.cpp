#include "app/postmortem.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <simdjson.h>

#include "app/journal.h"
#include "app/summarize.h"
#include "app/verify_claims.h"
#include "catalog/attack.h"
#include "core/strings.h"
#include "ir/clusters.h"
#include "ir/transcript.h"
#include "kql/sql_gen.h"
#include "store/case.h"

namespace quarry::app {
namespace {

constexpr const char* kGap = "[✎ ";  // a gap for the person: "[✎ what to write]"

std::string Duration(int64_t ticks) {
  int64_t s = ticks / Timestamp::kTicksPerSecond;
  if (s < 120) return std::to_string(s) + " seconds";
  if (s < 7200) return std::to_string(s / 60) + " minutes";
  return std::to_string(s / 3600) + " hours " + std::to_string((s % 3600) / 60) + " minutes";
}

// Fact sentences, one a line, verified together: those that hold, and the others with why.
struct Facts {
  std::vector<std::string> lines;

  Result<std::vector<std::string>> Verified(const std::string& case_dir, const std::string& gap,
                                            PostmortemReport& report) const {
    std::string text;
    for (const std::string& l : lines) text += l + "\n";
    QUARRY_ASSIGN_OR_RETURN(auto checked, VerifyClaims({case_dir, text, gap}));
    std::vector<bool> ok(lines.size(), true);
    for (const VerifiedClaim& vc : checked.claims) {
      size_t index = static_cast<size_t>(vc.claim.line - 1);
      if (index >= ok.size()) continue;
      if (vc.result.verdict == ir::Verdict::kSupported) continue;
      ok[index] = false;
      std::string why;
      for (const std::string& p : vc.result.problems) why += (why.empty() ? "" : "; ") + p;
      report.removed.push_back(vc.claim.text + " (" + why + ")");
    }
    std::vector<std::string> out;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (ok[i]) {
        out.push_back(lines[i]);
        ++report.verified;
      }
    }
    return out;
  }
};

// Technique ids carried by the alerts ("attack.t1003.001" → "T1003.001").
std::set<std::string> AlertTechniques(const std::vector<ir::TimelineEntry>& alerts) {
  std::set<std::string> out;
  for (const auto& a : alerts) {
    for (std::string& id : catalog::TechniquesOfTags(ir::FieldValue(a, "Tags")))
      out.insert(std::move(id));
  }
  return out;
}

// Techniques the journal's hunts name, with the entries that name them.
std::map<std::string, std::vector<uint64_t>> HuntedTechniques(const std::string& case_dir) {
  std::map<std::string, std::vector<uint64_t>> out;
  auto entries = JournalEntries(case_dir);
  if (!entries.ok()) return out;
  simdjson::dom::parser parser;
  for (const auto& e : *entries) {
    simdjson::dom::element body;
    if (parser.parse(e.body).get(body) != simdjson::SUCCESS) continue;
    simdjson::dom::array techniques;
    if (body["techniques"].get_array().get(techniques) != simdjson::SUCCESS) continue;
    for (simdjson::dom::element t : techniques) {
      std::string_view id;
      if (t["id"].get_string().get(id) == simdjson::SUCCESS) out[std::string(id)].push_back(e.seq);
    }
  }
  return out;
}

std::string Section(const std::string& title, const std::vector<std::string>& lines) {
  std::string out = "\n## " + title + "\n\n";
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

}  // namespace

Result<PostmortemReport> Postmortem(const PostmortemRequest& request) {
  if (!request.comms.empty() && request.comms != "status" && request.comms != "customer" &&
      request.comms != "executive")
    return UsageError("--comms: status, customer or executive, not '" + request.comms + "'");
  PostmortemReport report;
  // The transcript first: a bad one is reported and the postmortem goes on without it.
  ir::Transcript transcript;
  if (!request.transcript.empty()) {
    std::ifstream in(request.transcript, std::ios::binary);
    if (!in) return NotFound("--transcript: cannot read " + request.transcript);
    std::stringstream text;
    text << in.rdbuf();
    std::optional<int64_t> day;
    if (!request.transcript_date.empty()) {
      auto t = ParseIsoTime(request.transcript_date);
      if (!t) return UsageError("--transcript-date: not a date: '" + request.transcript_date + "'");
      day = t->ticks / (86400 * Timestamp::kTicksPerSecond);
    }
    transcript = ir::ParseTranscript(text.str(), day);
    for (const std::string& p : transcript.problems)
      report.warnings.push_back(request.transcript + ": " + p);
  }
  SummarizeRequest sreq;
  sreq.case_dir = request.case_dir;
  sreq.from = request.from;
  sreq.to = request.to;
  sreq.gap = request.gap;
  QUARRY_ASSIGN_OR_RETURN(SummarizeReport summary, SummarizeIncident(sreq));
  int64_t gap_ticks = 0;
  kql::TimespanTicks(request.gap, gap_ticks);
  QUARRY_ASSIGN_OR_RETURN(auto c,
                          store::Case::Open(request.case_dir, store::Case::Mode::kOpenExisting));
  const std::vector<ir::TimelineEntry>& alerts = summary.alert_entries;
  if (alerts.empty()) report.warnings.push_back("the case has no alerts: nothing was detected");
  // Facts: time to detect, and what each rule detected.
  Facts detect;
  if (!alerts.empty()) {
    const ir::TimelineEntry& first = alerts.front();
    std::string host = ir::ShortHost(first.host);
    detect.lines.push_back("- The first alert, \"" + ir::FieldValue(first, "RuleTitle") +
                           "\", is on an event of " + FormatTimeOfDay(first.time) + " UTC" +
                           (host.empty() ? "" : " on " + host) +
                           " [E:" + std::to_string(first.eid) + "].");
    if (!first.host.empty()) {
      ir::TimelineFilter hf;
      hf.host = first.host;
      QUARRY_ASSIGN_OR_RETURN(auto clusters, ir::BuildClusters(*c, hf, gap_ticks, 1));
      for (const ir::ActivityCluster& cl : clusters) {
        if (cl.start <= first.time && first.time <= cl.end) {
          detect.lines.push_back(
              "- The burst of activity on " + host + " that holds it began at " +
              FormatTimeOfDay(cl.start) + " UTC [E:" + std::to_string(cl.first_eid) + "], " +
              Duration(first.time.ticks - cl.start.ticks) + " before the first alerted event.");
          break;
        }
      }
    }
    std::map<std::string, std::vector<const ir::TimelineEntry*>> by_rule;
    std::vector<std::string> order;
    for (const auto& a : alerts) {
      std::string rule = ir::FieldValue(a, "RuleTitle");
      if (!by_rule.count(rule)) order.push_back(rule);
      by_rule[rule].push_back(&a);
    }
    for (const std::string& rule : order) {
      const auto& list = by_rule[rule];
      std::string ids;
      for (const auto* a : list) ids += (ids.empty() ? "" : ",") + std::to_string(a->eid);
      std::string line = "- \"";
      line.append(rule).append("\" (").append(ir::FieldValue(*list.front(), "Level"));
      line.append(") fired ").append(std::to_string(list.size()));
      line.append(list.size() == 1 ? " time" : " times").append(", first at ");
      line.append(FormatTimeOfDay(list.front()->time)).append(" UTC [E:").append(ids).append("].");
      detect.lines.push_back(line);
    }
  }
  QUARRY_ASSIGN_OR_RETURN(auto detected, detect.Verified(request.case_dir, request.gap, report));
  // Not detected: techniques hunted in the journal that no alert carries.
  std::set<std::string> carried = AlertTechniques(alerts);
  std::vector<std::string> missed;
  for (const auto& [id, seqs] : HuntedTechniques(request.case_dir)) {
    if (carried.count(id)) continue;
    std::string entries;
    for (uint64_t s : seqs) entries.append(entries.empty() ? "" : ", ").append(std::to_string(s));
    std::string line = "- " + id + ": hunted (journal entr";
    line.append(seqs.size() == 1 ? "y " : "ies ").append(entries);
    line.append("), but no alert carries it: a rule to write or tune ")
        .append(kGap)
        .append("owner]");
    missed.push_back(std::move(line));
  }
  if (missed.empty())
    missed.push_back("- No technique hunted in the journal lacks an alert. " + std::string(kGap) +
                     "which steps did people find without an alert?]");
  // The verified narrative of the summary: its steps, and its lines per host and identity.
  auto section = [&](const std::string& heading) -> std::string {
    const std::string& md = summary.markdown;
    size_t begin = md.find("## " + heading);
    if (begin == std::string::npos) return "";
    begin += heading.size() + 4;
    size_t end = md.find("\n## ", begin);
    return md.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  };
  std::string steps = section("What happened, in order");
  std::string where = section("By host and identity");
  for (const VerifiedClaim& vc : summary.removed) report.removed.push_back(vc.claim.text);
  report.verified += summary.verification.supported;
  std::vector<std::string> people;
  for (const ir::ChatMessage& m : transcript.messages) {
    std::string text = m.text;
    for (char& ch : text) {
      if (ch == '\n' || ch == '\r') ch = ' ';
    }
    people.push_back("- " + FormatIsoTime(m.time) + " " + m.name + ": " + text);
  }
  std::string md;
  if (request.comms.empty()) {
    md = "# Postmortem " + std::string(kGap) + "incident name]\n\n";
    md +=
        "Draft from checked facts: every sentence with a citation [E:…] was verified against "
        "the events it cites; sentences that did not hold were left out. " +
        std::string(kGap) + "…] marks what people write.\n";
    md += "\n## Timeline of key events (verified)\n" + steps;
    md += Section("Detection", detected);
    md += Section("What detection missed", missed);
    if (!people.empty()) md += Section("People (from the transcript; not verified)", people);
    md += Section("Contributing factors",
                  {"- " + std::string(kGap) + "what made the first step possible?]",
                   "- " + std::string(kGap) + "what let it go on until it was detected?]"});
    std::string first_rule =
        alerts.empty() ? "the incident" : "\"" + ir::FieldValue(alerts.front(), "RuleTitle") + "\"";
    md += Section("Five whys", {"1. Why did " + first_rule + " happen? " + kGap + "answer]",
                                "2. Why? " + std::string(kGap) + "answer]",
                                "3. Why? " + std::string(kGap) + "answer]",
                                "4. Why? " + std::string(kGap) + "answer]",
                                "5. Why? " + std::string(kGap) + "root cause]"});
    md += Section("Action items", {"| Action | Owner | Due |", "|---|---|---|",
                                   "| " + std::string(kGap) + "action] | " + kGap + "owner] | " +
                                       kGap + "date] |"});
  } else {
    md = "# " +
         std::string(request.comms == "status"     ? "Status update"
                     : request.comms == "customer" ? "Customer notice"
                                                   : "Executive briefing") +
         " (draft)\n\n";
    md +=
        "Only verified facts; citations [E:…] show where each comes from (remove them before "
        "sending). " +
        std::string(kGap) + "…] marks what a person must fill in.\n\n";
    if (request.comms == "status") {
      md += "As of " + std::string(kGap) + "time] UTC we are investigating a security incident. " +
            "Current state: " + kGap +
            "investigating | contained | resolved]. Next update: " + kGap + "time] UTC.\n\n";
    } else if (request.comms == "customer") {
      md += std::string("We detected unauthorized activity in ") + kGap +
            "system or service]. Whether customer data was affected: " + kGap +
            "the evidence in this case does not say]. What we have done: " + kGap +
            "actions]. What you should do: " + kGap + "advice or nothing].\n\n";
    } else {
      md += std::string("Decision needed: ") + kGap + "what you ask of the executives]. " +
            "Business impact: " + kGap + "impact]. Containment: " + kGap + "state].\n\n";
    }
    md += "What the evidence shows:\n\n";
    // The first alert and its burst, then where: the reader of an update needs no rule list.
    for (size_t i = 0; i < detected.size() && i < 2; ++i) md += detected[i] + "\n";
    md += TrimAscii(where).empty() ? "" : std::string(TrimAscii(where)) + "\n";
    if (request.comms == "executive") {
      md += "\n" + std::to_string(detected.size() > 2 ? detected.size() - 2 : 0) +
            " rules fired; the postmortem lists them.\n";
      md += Section("Detection gaps", missed);
    }
  }
  report.markdown = md;
  return report;
}

}  // namespace quarry::app
