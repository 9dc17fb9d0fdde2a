// The threat-model report for machines: JSON (the check plus coverage, residual risks and the
// diagram) and SARIF for code scanning.
#include <algorithm>

#include "app/threat_report.h"
#include "core/json.h"
#include "core/sarif.h"

namespace quarry::app {
namespace {

using threatmodel::Level;
using threatmodel::Subject;
using threatmodel::ThreatStatus;

const char* SecuritySeverity(Level level) {
  switch (level) {
    case Level::kCritical:
      return "9.5";
    case Level::kHigh:
      return "8.0";
    case Level::kMedium:
      return "5.5";
    case Level::kLow:
      return "3.0";
  }
  return "5.5";
}

std::string Help(const threatmodel::Catalog& catalog, const threatmodel::Threat& t) {
  std::string out = t.description + "\n\nMitigations:\n";
  for (const auto& id : t.mitigations) {
    const auto* m = catalog.FindMitigation(id);
    out += "- " + id + (m ? ": " + m->title : "") + "\n";
    if (!m) continue;
    for (const auto& v : m->verify) out += "  - verify (" + v.kind + "): " + v.how + "\n";
  }
  return out;
}

}  // namespace

std::string ThreatReportJson(const ThreatModelReport& report) {
  const ThreatModelCheck& check = *report.check;
  const auto& model = check.read.model;
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  WriteThreatModelCheck(w, check);
  w.Key("coverage").BeginObject();
  w.Key("owasp_llm").BeginArray();
  for (const auto& [category, cells] : report.coverage.owasp_llm) {
    w.BeginObject().Field("id", category).Key("components").BeginArray();
    for (const auto& [component, cell] : cells) {
      w.BeginObject().Field("component", model.components[component].id);
      w.Field("open", cell.open).Field("total", cell.total).EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray();
  w.Key("atlas_tactics").BeginArray();
  for (const auto& [tactic, techniques] : report.coverage.atlas_tactics)
    w.BeginObject().Field("id", tactic).Field("techniques", techniques).EndObject();
  w.EndArray();
  w.Key("ai_rmf").BeginArray();
  for (const auto& [function, subcategories] : report.coverage.ai_rmf)
    w.BeginObject().Field("function", function).Field("subcategories", subcategories).EndObject();
  w.EndArray();
  w.EndObject();
  w.Key("residual").BeginArray();
  for (const auto& risk : report.coverage.residual) {
    const auto& a = *risk.threat;
    w.BeginObject().Field("id", a.threat->id);
    w.Field(threatmodel::SubjectName(a.subject), a.target);
    w.Field("severity", threatmodel::LevelName(a.severity));
    w.Field("status", threatmodel::ThreatStatusName(a.status)).Field("owner", risk.owner);
    if (a.decision && !a.decision->until.empty()) w.Field("until", a.decision->until);
    w.EndObject();
  }
  w.EndArray();
  w.Key("diagram").BeginObject().Field("dot", report.dot);
  if (!report.svg.empty()) w.Field("svg", report.svg);
  w.EndObject();
  w.EndObject();
  out += "\n";
  return out;
}

std::string ThreatReportSarif(const ThreatModelReport& report) {
  const ThreatModelCheck& check = *report.check;
  const auto& model = check.read.model;
  const auto& catalog = check.catalog->load.catalog;
  SarifRun run;
  run.information_uri = "https://github.com/quarry/quarry/blob/main/docs/threat-model.md";
  std::vector<std::string> declared;
  for (const auto& a : check.evaluation.threats) {
    const auto& t = *a.threat;
    if (a.status == ThreatStatus::kMitigated || a.status == ThreatStatus::kSuggested) continue;
    if (std::find(declared.begin(), declared.end(), t.id) == declared.end()) {
      declared.push_back(t.id);
      SarifRule rule;
      rule.id = t.id;
      rule.name = t.title;
      rule.short_text = t.title;
      rule.full_text = t.description;
      rule.help = Help(catalog, t);
      rule.tags = {"security", "threat-model", t.stride};
      for (const auto* ids : {&t.owasp_llm, &t.owasp, &t.atlas, &t.cwe})
        rule.tags.insert(rule.tags.end(), ids->begin(), ids->end());
      rule.security_severity = SecuritySeverity(a.severity);
      run.rules.push_back(std::move(rule));
    }
    SarifResult r;
    r.rule_id = t.id;
    r.level = a.severity >= Level::kHigh     ? "error"
              : a.severity == Level::kMedium ? "warning"
                                             : "note";
    r.message = std::string(threatmodel::SubjectName(a.subject)) + " '" + a.target +
                "': " + t.title + " (" + threatmodel::LevelName(a.severity) + ", " +
                threatmodel::ThreatStatusName(a.status) + ")";
    r.file = model.file;
    r.line = static_cast<uint64_t>(a.subject == Subject::kComponent ? model.components[a.index].line
                                                                    : model.flows[a.index].line);
    r.fingerprint = t.id + "@" + a.target;
    if (a.status != ThreatStatus::kOpen && a.decision) {
      r.suppressed_because = std::string(threatmodel::ThreatStatusName(a.status)) + " by " +
                             a.decision->by + ": " + a.decision->rationale;
    }
    run.results.push_back(std::move(r));
  }
  for (const auto& f : check.findings) {
    // The open-high summary repeats the results above.
    if (f.code != "tm.gap.open_high") run.results.push_back(SarifResultOf(f));
  }
  return SarifLog(run);
}

}  // namespace quarry::app
