// The review report for machines (JSON) and people (text).
#include <set>

#include "app/review.h"
#include "core/json.h"

namespace quarry::app {

using review::Verdict;

std::string ReviewJson(const ReviewReport& report) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("reviewed")
      .BeginObject()
      .Field("source", report.input.source)
      .Field("root", report.input.root);
  std::set<std::string> languages;
  w.Key("files").BeginArray();
  for (const auto& f : report.input.files) {
    languages.insert(std::string(review::LanguageName(f.language)));
    w.BeginObject()
        .Field("file", f.path)
        .Field("language", review::LanguageName(f.language))
        .Field("changed_lines", f.all_changed ? f.LineCount() : f.changed.size())
        .Field("whole", f.whole)
        .EndObject();
  }
  w.EndArray();
  w.Key("skipped").BeginArray();
  for (const auto& [path, why] : report.input.skipped)
    w.BeginObject().Field("file", path).Field("why", why).EndObject();
  w.EndArray();
  w.Field("hunks", report.input.hunk_count);
  w.Field("languages", std::vector<std::string>(languages.begin(), languages.end()));
  w.EndObject();
  w.Key("engines").BeginArray();
  for (const auto& e : report.engines) {
    w.BeginObject()
        .Field("engine", e.engine)
        .Field("state", e.state)
        .Field("detail", e.detail)
        .Field("files", e.files)
        .Field("findings", e.findings)
        .Field("outside_change", e.outside_change)
        .Field("not_security", e.not_security)
        .Field("unreadable", e.unreadable)
        .Field("seconds", e.seconds)
        .EndObject();
  }
  w.EndArray();
  w.Key("findings").BeginArray();
  for (const auto& f : report.findings) review::WriteReviewFinding(w, f);
  w.EndArray();
  w.Field("questions", report.questions);
  w.Key("problems");
  WriteFindings(w, report.problems);
  if (!report.symbol_note.empty()) w.Field("symbol_index", report.symbol_note);
  w.Key("counts")
      .BeginObject()
      .Field("verified", report.Count(Verdict::kVerified))
      .Field("needs_human", report.Count(Verdict::kNeedsHuman))
      .Field("rejected", report.Count(Verdict::kRejected))
      .EndObject();
  w.EndObject();
  return out + "\n";
}

std::string ReviewText(const ReviewReport& report) {
  std::string out;
  std::set<std::string> languages;
  for (const auto& f : report.input.files)
    languages.insert(std::string(review::LanguageName(f.language)));
  std::string language_list;
  for (const auto& l : languages) language_list += (language_list.empty() ? "" : ", ") + l;
  out += "Reviewed " + std::to_string(report.input.files.size()) + " file(s)";
  if (report.input.source != "full")
    out += ", " + std::to_string(report.input.hunk_count) + " hunk(s)";
  out += language_list.empty() ? "\n" : " in " + language_list + "\n";
  for (const auto& [path, why] : report.input.skipped)
    out += "  not reviewed: " + path + " (" + why + ")\n";
  out += "Engines:";
  for (const auto& e : report.engines) {
    out += " " + e.engine + " ";
    out += e.state == "ran" ? "(" + std::to_string(e.findings) + ")" : "[" + e.state + "]";
  }
  out += "\n";
  for (const auto& e : report.engines)
    if (e.state != "ran" && e.state != "not_needed" && !e.detail.empty())
      out += "  " + e.engine + ": " + e.detail + "\n";
  for (const auto& p : report.problems) out += p.ToString() + "\n";
  auto section = [&](Verdict verdict, const char* title) {
    if (report.Count(verdict) == 0) return;
    out += "\n" + std::string(title) + " (" + std::to_string(report.Count(verdict)) + ")\n";
    for (const auto& f : report.findings) {
      if (f.status != verdict) continue;
      out += f.finding.where.file + ":" + std::to_string(f.finding.where.line) + ": " +
             SeverityName(f.finding.severity) + ": " + f.cwe +
             (f.owasp.empty() ? "" : " " + f.owasp) + ": " + f.finding.message + "\n";
      std::string engines;
      for (const auto& v : f.voices)
        engines += (engines.empty() ? "" : ", ") + v.engine + " " + v.rule;
      out += "  by " + engines + "\n";
      if (!f.evidence.empty()) out += "  | " + f.evidence + "\n";
      for (const auto& r : f.reasons) out += "  " + r.code + ": " + r.text + "\n";
      if (!f.triage.empty())
        out += "  triage: " + f.triage + " by " + f.triage_by +
               (f.triage_reason.empty() ? "" : " (" + f.triage_reason + ")") + "\n";
    }
  };
  section(Verdict::kVerified, "Verified");
  section(Verdict::kNeedsHuman, "Needs a person");
  section(Verdict::kRejected, "Rejected");
  if (report.findings.empty())
    out += "\nNo engine reported anything. That is not a clean bill:\n";
  else
    out += "\nWhat no engine judged:\n";
  for (const auto& q : report.questions) out += "  - " + q + "\n";
  return out;
}

}  // namespace quarry::app
