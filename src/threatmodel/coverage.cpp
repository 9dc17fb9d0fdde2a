#include "threatmodel/coverage.h"

#include <algorithm>
#include <set>

namespace quarry::threatmodel {
namespace {

void AddOnce(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

}  // namespace

Coverage ComputeCoverage(const Graph& graph, const Evaluation& evaluation,
                         const catalog::AiReferences* references) {
  const Model& model = *graph.model;
  Coverage out;
  std::set<int> llm_components;
  for (const AppliedThreat& a : evaluation.threats) {
    if (a.status == ThreatStatus::kSuggested) continue;  // counts for nothing until accepted
    const Threat& t = *a.threat;
    int component = a.subject == Subject::kComponent ? a.index : graph.flow_to[a.index];
    bool open = a.status == ThreatStatus::kOpen;
    for (const auto& id : t.owasp_llm) {
      CoverageCell& cell = out.owasp_llm[id][component];
      cell.total++;
      cell.open += open ? 1 : 0;
      llm_components.insert(component);
    }
    for (const auto& technique : t.atlas) {
      if (!references) continue;
      const auto* entry = references->Find(catalog::Reference::kAtlasTechnique, technique);
      if (!entry) continue;
      for (const auto& tactic : entry->groups) AddOnce(out.atlas_tactics[tactic], technique);
    }
    for (const auto& sub : t.nist_ai_rmf) {
      std::string function = sub.substr(0, sub.find(' '));
      AddOnce(out.ai_rmf[function], sub);
    }
    if (a.status != ThreatStatus::kMitigated) {
      ResidualRisk risk;
      risk.threat = &a;
      if (a.decision && a.status != ThreatStatus::kOpen) {
        risk.owner = a.decision->by;
      } else if (a.subject == Subject::kComponent && !model.components[a.index].owner.empty()) {
        risk.owner = model.components[a.index].owner;
      } else {
        risk.owner = model.owner;
      }
      out.residual.push_back(std::move(risk));
    }
  }
  out.llm_components.assign(llm_components.begin(), llm_components.end());
  for (auto& [function, subs] : out.ai_rmf) std::sort(subs.begin(), subs.end());
  for (auto& [tactic, techniques] : out.atlas_tactics)
    std::sort(techniques.begin(), techniques.end());
  std::stable_sort(out.residual.begin(), out.residual.end(),
                   [](const ResidualRisk& a, const ResidualRisk& b) {
                     return a.threat->severity > b.threat->severity;
                   });
  return out;
}

}  // namespace quarry::threatmodel
