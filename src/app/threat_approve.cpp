// `quarry threat-model approve`: a person signs a model's decisions into the journal. Statuses
// come only from decisions people wrote; this records who stood behind them, and when.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "app/hunt.h"
#include "app/threat_model.h"
#include "core/hash.h"
#include "core/json.h"

namespace quarry::app {

Result<journal::Entry> ApproveThreatModel(const ThreatModelCheck& check,
                                          const ThreatModelApproval& approval) {
  if (approval.case_dir.empty())
    return UsageError("name the case whose journal records it (--case)");
  if (check.input_error) {
    return UsageError(
        "the model or the catalog did not fully read: fix the findings before approving");
  }
  // A threat model needs no evidence: any folder can hold its journal.
  std::error_code ec;
  std::filesystem::create_directories(approval.case_dir, ec);
  const auto& model = check.read.model;
  std::ifstream in(model.file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string author = approval.author.empty() ? DefaultAuthor() : approval.author;
  std::string body;
  JsonWriter w(body);
  w.BeginObject();
  w.Field("model", model.file).Field("sha256", Sha256Hex(text.str()));
  w.Field("system", model.name).Field("date", check.today);
  w.Key("decisions").BeginArray();
  for (const auto& d : model.decisions) {
    w.BeginObject().Field("threat", d.threat).Field("target", d.target);
    w.Field("status", threatmodel::ThreatStatusName(d.status)).Field("by", d.by);
    w.Field("mitigations", d.mitigations).Field("evidence", d.evidence);
    w.Field("rationale", d.rationale).Field("until", d.until).Field("to", d.to);
    w.Field("line", d.line).EndObject();
  }
  w.EndArray();
  w.Key("accepted_suggestions").BeginArray();
  int suggestions = 0;
  for (const auto& s : model.suggested_threats) {
    if (s.accepted_by.empty() || s.rationale.empty()) {
      ++suggestions;
      continue;
    }
    w.BeginObject().Field("id", s.id).Field("title", s.title).Field("target", s.target);
    w.Field("suggested_by", s.suggested_by).Field("accepted_by", s.accepted_by);
    w.Field("rationale", s.rationale).EndObject();
  }
  w.EndArray();
  std::map<threatmodel::ThreatStatus, int> by_status;
  for (const auto& a : check.evaluation.threats) by_status[a.status]++;
  w.Key("counts").BeginObject();
  for (auto s : {threatmodel::ThreatStatus::kOpen, threatmodel::ThreatStatus::kMitigated,
                 threatmodel::ThreatStatus::kAccepted, threatmodel::ThreatStatus::kTransferred,
                 threatmodel::ThreatStatus::kSuggested})
    w.Field(threatmodel::ThreatStatusName(s), by_status[s]);
  w.Field("open_high", check.evaluation.open_high).EndObject();
  w.Field("pending_suggestions", suggestions);
  w.Key("findings");
  WriteFindings(w, check.findings);
  w.EndObject();
  std::string title = "Threat model " + (model.name.empty() ? model.file : model.name) + ": " +
                      std::to_string(model.decisions.size()) + " decisions, " +
                      std::to_string(check.evaluation.open_high) + " open high or critical";
  return journal::Append(approval.case_dir, "threat_model", author, title, body, approval.sign_key);
}

}  // namespace quarry::app
