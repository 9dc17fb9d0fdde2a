#include "app/threat_model.h"

#include <map>

#include "catalog/ai_references.h"
#include "core/json.h"
#include "core/time.h"

namespace quarry::app {
namespace {

using threatmodel::AppliedThreat;
using threatmodel::Subject;
using threatmodel::ThreatStatus;

std::string Today() {
  int64_t seconds = WallClockNow().ticks / Timestamp::kTicksPerSecond;
  int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  CivilFromDays(seconds / 86400, year, month, day);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(year), month, day);
  return text;
}

bool HasErrors(const std::vector<Finding>& findings) {
  for (const auto& f : findings) {
    if (f.severity == Severity::kError) return true;
  }
  return false;
}

std::string Mappings(const threatmodel::Threat& t) {
  std::string out;
  auto add = [&](const std::vector<std::string>& ids) {
    for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  };
  add(t.owasp_llm);
  add(t.owasp);
  add(t.atlas);
  return out;
}

void WriteDecision(JsonWriter& w, const threatmodel::Decision& d) {
  w.BeginObject();
  w.Field("status", threatmodel::ThreatStatusName(d.status));
  if (!d.target.empty()) w.Field("target", d.target);
  w.Field("mitigations", d.mitigations);
  for (auto [key, value] : {std::pair{"evidence", &d.evidence},
                            {"rationale", &d.rationale},
                            {"by", &d.by},
                            {"until", &d.until},
                            {"to", &d.to},
                            {"ticket", &d.ticket}}) {
    if (!value->empty()) w.Field(key, *value);
  }
  w.Field("line", d.line);
  w.EndObject();
}

}  // namespace

int ThreatModelCheck::ExitCode() const {
  if (input_error) return 3;
  if (evaluation.open_high > 0 || HasErrors(findings)) return 1;
  return 0;
}

Result<std::shared_ptr<const LoadedCatalog>> LoadThreatCatalog(
    const std::vector<std::string>& catalogs) {
  auto loaded = std::make_shared<LoadedCatalog>();
  if (catalogs.empty()) {
    loaded->files = threatmodel::BuiltInCatalog();
  } else {
    for (const auto& path : catalogs) {
      auto files = threatmodel::ReadCatalogFiles(path);
      if (!files.ok()) return UsageError(files.status().message());
      for (auto& f : *files) loaded->files.push_back(std::move(f));
    }
  }
  auto references = catalog::AiReferences::LoadDefault();
  loaded->load = threatmodel::LoadCatalog(loaded->files, references.ok() ? &*references : nullptr);
  if (!references.ok()) {
    Finding f;
    f.severity = Severity::kWarning;
    f.code = "tm.catalog.unchecked";
    f.message = "OWASP, ATLAS and AI RMF ids were checked for their shape only: " +
                references.status().message();
    std::vector<Finding> findings{std::move(f)};
    for (auto& rest : loaded->load.findings) findings.push_back(std::move(rest));
    loaded->load.findings = std::move(findings);
  }
  return std::shared_ptr<const LoadedCatalog>(std::move(loaded));
}

Result<std::unique_ptr<ThreatModelCheck>> CheckThreatModel(const ThreatModelRequest& request) {
  if (request.model_path.empty()) return UsageError("name the model file (MODEL.yml)");
  return CheckThreatModelRead(threatmodel::ReadModelFile(request.model_path), request);
}

Result<std::unique_ptr<ThreatModelCheck>> CheckThreatModelRead(threatmodel::ModelRead read,
                                                               const ThreatModelRequest& request) {
  if (!request.today.empty() && !threatmodel::IsDate(request.today))
    return UsageError("--today takes a date YYYY-MM-DD, not '" + request.today + "'");
  QUARRY_ASSIGN_OR_RETURN(auto catalog, LoadThreatCatalog(request.catalogs));
  auto check = std::make_unique<ThreatModelCheck>();
  check->today = request.today.empty() ? Today() : request.today;
  check->catalog = catalog;
  check->read = std::move(read);
  check->input_error = check->read.input_error;
  check->findings = check->read.findings;
  check->graph = threatmodel::BuildGraph(check->read.model, check->findings, check->input_error);
  for (const auto& f : catalog->load.findings) {
    check->findings.push_back(f);
    if (f.severity == Severity::kError) check->input_error = true;
  }
  check->evaluation = threatmodel::Evaluate(catalog->load.catalog, check->graph, check->today);
  for (const auto& f : check->evaluation.findings) check->findings.push_back(f);
  return check;
}

std::string ThreatModelCheckText(const ThreatModelCheck& check) {
  const auto& model = check.read.model;
  std::string out;
  out += (model.name.empty() ? model.file : model.name) + "\n";
  std::string last;
  for (const AppliedThreat& a : check.evaluation.threats) {
    std::string heading;
    if (a.subject == Subject::kComponent) {
      const auto& c = model.components[a.index];
      heading = "component " + c.id + " (" + c.kind + ")";
    } else {
      const auto& f = model.flows[a.index];
      heading = "flow " + f.id;
    }
    if (heading != last) {
      out += "\n" + heading + "\n";
      last = heading;
    }
    char line[64];
    std::snprintf(line, sizeof line, "  %-11s %-8s ", threatmodel::ThreatStatusName(a.status),
                  threatmodel::LevelName(a.severity));
    out += line + a.threat->id + "  " + a.threat->title;
    std::string mappings = Mappings(*a.threat);
    if (!mappings.empty()) out += "  [" + mappings + "]";
    out += "\n";
  }
  if (!check.findings.empty()) out += "\n";
  for (const auto& f : check.findings) out += f.ToString() + "\n";
  std::map<ThreatStatus, int> by_status;
  for (const auto& a : check.evaluation.threats) by_status[a.status]++;
  out += "\n" + std::to_string(check.evaluation.threats.size()) +
         " threats apply: " + std::to_string(by_status[ThreatStatus::kOpen]) + " open (" +
         std::to_string(check.evaluation.open_high) + " high or critical), " +
         std::to_string(by_status[ThreatStatus::kMitigated]) + " mitigated, " +
         std::to_string(by_status[ThreatStatus::kAccepted]) + " accepted, " +
         std::to_string(by_status[ThreatStatus::kTransferred]) + " transferred\n";
  return out;
}

void WriteThreatModelCheck(JsonWriter& w, const ThreatModelCheck& check) {
  const auto& model = check.read.model;
  const auto& catalog = check.catalog->load;
  w.Field("model", model.file);
  w.Key("system").BeginObject();
  w.Field("name", model.name).Field("description", model.description).Field("owner", model.owner);
  w.EndObject();
  w.Key("catalog").BeginObject();
  w.Field("files", catalog.catalog.files);
  w.Field("threats", catalog.catalog.threats.size());
  w.Field("references_checked", catalog.references_checked);
  w.EndObject();
  std::map<ThreatStatus, int> by_status;
  for (const auto& a : check.evaluation.threats) by_status[a.status]++;
  w.Key("counts").BeginObject();
  w.Field("components", model.components.size()).Field("flows", model.flows.size());
  w.Field("boundaries", model.boundaries.size()).Field("assets", model.assets.size());
  w.Field("applicable", check.evaluation.threats.size());
  for (ThreatStatus s : {ThreatStatus::kOpen, ThreatStatus::kMitigated, ThreatStatus::kAccepted,
                         ThreatStatus::kTransferred})
    w.Field(threatmodel::ThreatStatusName(s), by_status[s]);
  w.Field("open_high", check.evaluation.open_high);
  w.EndObject();
  w.Field("today", check.today);
  w.Key("threats").BeginArray();
  for (const AppliedThreat& a : check.evaluation.threats) {
    const auto& t = *a.threat;
    w.BeginObject();
    w.Field("id", t.id).Field("title", t.title);
    w.Field(threatmodel::SubjectName(a.subject), a.target);
    w.Field("stride", t.stride);
    w.Field("owasp_llm", t.owasp_llm).Field("owasp", t.owasp).Field("atlas", t.atlas);
    w.Field("nist_ai_rmf", t.nist_ai_rmf).Field("agentic", t.agentic).Field("cwe", t.cwe);
    w.Field("severity", threatmodel::LevelName(a.severity));
    w.Field("status", threatmodel::ThreatStatusName(a.status));
    if (a.expired) w.Field("expired", true);
    w.Field("require_decision", t.require_decision);
    w.Field("mitigations", t.mitigations);
    w.Key("decision");
    if (a.decision) {
      WriteDecision(w, *a.decision);
    } else {
      w.Null();
    }
    w.Field("catalog_file", t.file).Field("catalog_line", t.line);
    w.EndObject();
  }
  w.EndArray();
  w.Key("findings");
  WriteFindings(w, check.findings);
  w.Field("exit_code", check.ExitCode());
}

std::string ThreatModelCheckJson(const ThreatModelCheck& check) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  WriteThreatModelCheck(w, check);
  w.EndObject();
  out += "\n";
  return out;
}

}  // namespace quarry::app
