// What a review board reads beside the threat list: which OWASP LLM 2025 categories touch which
// components, which ATLAS tactics and AI RMF functions the applicable threats reach, and the
// risks that remain with their owners.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog/ai_references.h"
#include "threatmodel/evaluate.h"

namespace quarry::threatmodel {

struct CoverageCell {
  int total = 0;
  int open = 0;
};

struct ResidualRisk {
  const AppliedThreat* threat = nullptr;
  std::string owner;  // who decided (accepted, transferred), else the component's or system's owner
};

struct Coverage {
  // Components with any OWASP LLM threat, in the model's order; a flow's threats count for the
  // component it goes to.
  std::vector<int> llm_components;
  // LLM01:2025 … → component index → threats.
  std::map<std::string, std::map<int, CoverageCell>> owasp_llm;
  // ATLAS tactic id → techniques cited by applicable threats (needs the reference tables).
  std::map<std::string, std::vector<std::string>> atlas_tactics;
  // GOVERN, MAP, MEASURE, MANAGE → subcategories cited.
  std::map<std::string, std::vector<std::string>> ai_rmf;
  // Open, accepted and transferred threats, the most severe first.
  std::vector<ResidualRisk> residual;
};

Coverage ComputeCoverage(const Graph& graph, const Evaluation& evaluation,
                         const catalog::AiReferences* references);

}  // namespace quarry::threatmodel
