// Triage of a review's findings: a person's decisions (confirm, dismiss with a reason, defer)
// journalled with their name, read back onto later reports and into SARIF as suppressions.
#include <simdjson.h>

#include <fstream>
#include <map>
#include <sstream>

#include "app/review.h"
#include "core/json.h"
#include "core/sarif.h"
#include "core/strings.h"
#include "journal/journal.h"
#include "review/cwe.h"

namespace quarry::app {
namespace {

constexpr const char* kTriageKind = "review.triage";

std::string Str(simdjson::dom::element e, const char* key) {
  std::string_view s;
  return e[key].get_string().get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
}

uint64_t Num(simdjson::dom::element e, const char* key) {
  uint64_t n = 0;
  return e[key].get_uint64().get(n) == simdjson::SUCCESS ? n : 0;
}

}  // namespace

Result<std::vector<review::ReviewFinding>> ReadReviewReport(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::array list;
  if (parser.parse(s).get(doc) != simdjson::SUCCESS ||
      doc["findings"].get_array().get(list) != simdjson::SUCCESS)
    return InvalidArgument(path + ": not a `quarry review --format json` report");
  std::vector<review::ReviewFinding> out;
  for (simdjson::dom::element e : list) {
    review::ReviewFinding f;
    f.finding.code = Str(e, "code");
    f.finding.message = Str(e, "message");
    f.finding.severity = Str(e, "severity") == "error" ? Severity::kError : Severity::kWarning;
    f.finding.where.file = Str(e, "file");
    f.finding.where.line = Num(e, "line");
    f.end_line = Num(e, "end_line");
    f.cwe = Str(e, "cwe");
    f.owasp = Str(e, "owasp");
    f.engine = Str(e, "engine");
    f.evidence = Str(e, "evidence");
    f.fingerprint = Str(e, "fingerprint");
    std::string status = Str(e, "status");
    f.status = status == "verified"   ? review::Verdict::kVerified
               : status == "rejected" ? review::Verdict::kRejected
                                      : review::Verdict::kNeedsHuman;
    simdjson::dom::array engines;
    if (e["engines"].get_array().get(engines) == simdjson::SUCCESS)
      for (simdjson::dom::element v : engines)
        f.voices.push_back({Str(v, "engine"), Str(v, "rule"), Str(v, "cwe"), Str(v, "message")});
    simdjson::dom::array reasons;
    if (e["reasons"].get_array().get(reasons) == simdjson::SUCCESS)
      for (simdjson::dom::element r : reasons)
        f.reasons.push_back({Str(r, "code"), Str(r, "text")});
    if (f.fingerprint.empty() || f.finding.where.file.empty())
      return InvalidArgument(path + ": a finding without file or fingerprint");
    out.push_back(std::move(f));
  }
  return out;
}

Status RecordTriage(const std::string& case_dir, const review::ReviewFinding& f,
                    const TriageDecision& decision, const std::string& report_path) {
  if (decision.by.empty()) return UsageError("a decision needs the person who made it (--by NAME)");
  if (decision.decision != "confirmed" && decision.decision != "dismissed" &&
      decision.decision != "deferred")
    return UsageError("decide confirmed, dismissed or deferred");
  if (decision.decision == "dismissed" && decision.reason.empty())
    return UsageError("a dismissal needs a reason");
  std::string body;
  JsonWriter w(body);
  w.BeginObject()
      .Field("fingerprint", f.fingerprint)
      .Field("decision", decision.decision)
      .Field("reason", decision.reason)
      .Field("file", f.finding.where.file)
      .Field("line", f.finding.where.line)
      .Field("cwe", f.cwe)
      .Field("rule", f.finding.code)
      .Field("engine", f.engine)
      .Field("status", review::VerdictName(f.status))
      .Field("message", f.finding.message)
      .Field("report", report_path)
      .EndObject();
  auto entry = journal::Append(case_dir, kTriageKind, decision.by,
                               decision.decision + ": " + f.finding.where.file + ":" +
                                   std::to_string(f.finding.where.line) + " " + f.cwe,
                               body);
  return entry.ok() ? Status::Ok() : entry.status();
}

Result<std::vector<TriageDecision>> TriageDecisions(const std::string& case_dir) {
  QUARRY_ASSIGN_OR_RETURN(auto entries, journal::Read(case_dir));
  std::map<std::string, TriageDecision> latest;
  simdjson::dom::parser parser;
  for (const auto& entry : entries) {
    if (entry.kind != kTriageKind) continue;
    simdjson::dom::element body;
    if (parser.parse(entry.body).get(body) != simdjson::SUCCESS) continue;
    TriageDecision d{Str(body, "fingerprint"), Str(body, "decision"), Str(body, "reason"),
                     entry.author};
    if (!d.fingerprint.empty()) latest[d.fingerprint] = d;
  }
  std::vector<TriageDecision> out;
  for (auto& [fp, d] : latest) out.push_back(std::move(d));
  return out;
}

void ApplyTriage(std::vector<review::ReviewFinding>& findings,
                 const std::vector<TriageDecision>& decisions) {
  for (auto& f : findings)
    for (const auto& d : decisions)
      if (d.fingerprint == f.fingerprint) {
        f.triage = d.decision;
        f.triage_reason = d.reason;
        f.triage_by = d.by;
      }
}

std::string ReviewSarif(const ReviewReport& report) {
  SarifRun run;
  run.information_uri = "https://github.com/quarry/quarry/blob/main/docs/review.md";
  const review::CweTable& cwes = review::CweTable::BuiltIn();
  std::map<std::string, bool> declared;
  for (const auto& f : report.findings) {
    if (f.status == review::Verdict::kRejected) continue;
    // With the CWE: a model's findings share one code, and an analyzer rule's CWE can depend on
    // its message.
    std::string rule_id = f.engine + "/" + f.finding.code + "/" + f.cwe;
    if (!declared[rule_id]) {
      declared[rule_id] = true;
      SarifRule rule;
      rule.id = rule_id;
      rule.name = f.finding.code;
      const review::CweInfo* info = cwes.Find(f.cwe);
      rule.short_text = info != nullptr ? info->name : f.finding.message;
      rule.full_text = f.finding.message;
      rule.help = "Found by " + f.engine + "; " + f.cwe +
                  (f.owasp.empty() ? "" : ", OWASP " + f.owasp + ":2025") +
                  ". See docs/review.md for how findings are verified.";
      rule.tags = {"security", "external/cwe/" + AsciiToLower(f.cwe)};
      if (!f.owasp.empty()) rule.tags.push_back("owasp-2025/" + f.owasp);
      rule.security_severity = f.finding.severity == Severity::kError ? "8.0" : "5.0";
      run.rules.push_back(std::move(rule));
    }
    SarifResult r;
    r.rule_id = rule_id;
    r.level = f.finding.severity == Severity::kError ? "error" : "warning";
    r.message = f.finding.message + (f.status == review::Verdict::kNeedsHuman && !f.reasons.empty()
                                         ? " (needs a person: " + f.reasons.front().text + ")"
                                         : "");
    r.file = f.finding.where.file;
    r.line = f.finding.where.line;
    r.fingerprint = f.fingerprint;
    if (f.triage == "dismissed")
      r.suppressed_because = f.triage_reason + " (dismissed by " + f.triage_by + ")";
    run.results.push_back(std::move(r));
  }
  return SarifLog(run);
}

}  // namespace quarry::app
