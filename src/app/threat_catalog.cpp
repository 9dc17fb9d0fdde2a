// `quarry threat-model catalog`: the catalog's own checks and its condition tests.
#include <map>

#include "app/threat_model.h"
#include "core/json.h"
#include "threatmodel/schema.h"

namespace quarry::app {
namespace {

bool HasErrors(const std::vector<Finding>& findings) {
  for (const auto& f : findings) {
    if (f.severity == Severity::kError) return true;
  }
  return false;
}

}  // namespace

std::string ThreatModelSchema() { return threatmodel::ModelJsonSchema(); }

int CatalogReport::ExitCode() const {
  if (HasErrors(findings)) return 1;
  if (tested && (tests.failed > 0 || !tests.untested.empty())) return 1;
  return 0;
}

Result<CatalogReport> CheckThreatCatalog(const std::vector<std::string>& catalogs,
                                         const std::vector<std::string>& tests) {
  CatalogReport report;
  QUARRY_ASSIGN_OR_RETURN(report.catalog, LoadThreatCatalog(catalogs));
  report.findings = report.catalog->load.findings;
  if (tests.empty()) return report;
  std::vector<threatmodel::CatalogFile> test_files;
  for (const auto& path : tests) {
    auto files = threatmodel::ReadCatalogFiles(path);
    if (!files.ok()) return UsageError(files.status().message());
    for (auto& f : *files) test_files.push_back(std::move(f));
  }
  report.tested = true;
  report.tests = threatmodel::RunConditionTests(report.catalog->load.catalog, test_files);
  for (const auto& f : report.tests.problems) report.findings.push_back(f);
  return report;
}

std::string CatalogReportText(const CatalogReport& report) {
  const auto& catalog = report.catalog->load.catalog;
  std::string out;
  std::map<std::string, int> per_file;
  std::map<std::string, int> per_stride;
  std::map<std::string, int> per_llm;
  for (const auto& t : catalog.threats) {
    per_file[t.file]++;
    per_stride[t.stride]++;
    for (const auto& id : t.owasp_llm) per_llm[id]++;
  }
  out += std::to_string(catalog.threats.size()) + " threats, " +
         std::to_string(catalog.mitigations.size()) + " mitigations\n";
  for (const auto& [file, n] : per_file) out += "  " + file + ": " + std::to_string(n) + "\n";
  out += "STRIDE:";
  for (const auto& [stride, n] : per_stride)
    out += " " + (stride.empty() ? std::string("(none)") : stride) + " " + std::to_string(n) + ";";
  out += "\nOWASP LLM 2025:";
  for (const auto& [id, n] : per_llm) out += " " + id + " " + std::to_string(n) + ";";
  out += "\n";
  if (!report.catalog->load.references_checked)
    out += "(mapping ids were checked for their shape only)\n";
  if (report.tested) {
    for (const auto& r : report.tests.results) {
      for (const auto& failure : r.failures)
        out += r.file + ":" + std::to_string(r.line) + ": " + r.threat + ": " + failure + "\n";
    }
    for (const auto& id : report.tests.untested) out += "untested: " + id + "\n";
    out += "condition tests: " + std::to_string(report.tests.passed) + " passed, " +
           std::to_string(report.tests.failed) + " failed, " +
           std::to_string(report.tests.untested.size()) + " threats without a test\n";
  }
  for (const auto& f : report.findings) out += f.ToString() + "\n";
  return out;
}

std::string CatalogReportJson(const CatalogReport& report) {
  const auto& catalog = report.catalog->load.catalog;
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Field("files", catalog.files);
  w.Field("references_checked", report.catalog->load.references_checked);
  w.Key("threats").BeginArray();
  for (const auto& t : catalog.threats) {
    w.BeginObject().Field("id", t.id).Field("title", t.title);
    w.Field("applies_to", threatmodel::SubjectName(t.applies_to));
    w.Field("stride", t.stride).Field("severity", threatmodel::LevelName(t.severity));
    w.Field("owasp_llm", t.owasp_llm).Field("owasp", t.owasp).Field("atlas", t.atlas);
    w.Field("nist_ai_rmf", t.nist_ai_rmf).Field("agentic", t.agentic).Field("cwe", t.cwe);
    w.Field("mitigations", t.mitigations).Field("require_decision", t.require_decision);
    w.Field("file", t.file).Field("line", t.line).EndObject();
  }
  w.EndArray();
  w.Key("mitigations").BeginArray();
  for (const auto& m : catalog.mitigations) {
    w.BeginObject().Field("id", m.id).Field("title", m.title);
    w.Key("verify").BeginArray();
    for (const auto& v : m.verify)
      w.BeginObject().Field("kind", v.kind).Field("how", v.how).EndObject();
    w.EndArray();
    w.Field("file", m.file).Field("line", m.line).EndObject();
  }
  w.EndArray();
  if (report.tested) {
    w.Key("tests").BeginObject();
    w.Field("passed", report.tests.passed).Field("failed", report.tests.failed);
    w.Field("untested", report.tests.untested);
    w.Key("failures").BeginArray();
    for (const auto& r : report.tests.results) {
      if (r.failures.empty()) continue;
      w.BeginObject().Field("threat", r.threat).Field("file", r.file).Field("line", r.line);
      w.Field("failures", r.failures).EndObject();
    }
    w.EndArray().EndObject();
  }
  w.Key("findings");
  WriteFindings(w, report.findings);
  w.EndObject();
  out += "\n";
  return out;
}

}  // namespace quarry::app
