// The catalog over a model: which threats apply to which component or flow, at what severity,
// and what the model's decisions say about each; gaps in those decisions are findings.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "threatmodel/catalog.h"
#include "threatmodel/graph.h"

namespace quarry::threatmodel {

struct AppliedThreat {
  const Threat* threat = nullptr;
  Subject subject = Subject::kComponent;
  int index = 0;       // of the component or flow
  std::string target;  // its id
  Level severity = Level::kMedium;
  ThreatStatus status = ThreatStatus::kOpen;
  const Decision* decision = nullptr;  // the decision that set the status, when one did
  bool expired = false;                // an acceptance whose `until` has passed
};

struct Evaluation {
  std::vector<AppliedThreat> threats;  // by target in the model's order, then severity, id
  std::vector<Finding> findings;       // decision problems and gaps
  int open_high = 0;                   // open threats of high or critical severity
  // The model's suggested threats as threats (AppliedThreat::threat points here): status
  // `suggested` until a person accepted one, and then like any catalog threat.
  std::vector<std::unique_ptr<Threat>> suggested;
};

// TODAY (YYYY-MM-DD) decides which acceptances have expired.
Evaluation Evaluate(const Catalog& catalog, const Graph& graph, const std::string& today);

// Whether TEXT is a date YYYY-MM-DD.
bool IsDate(std::string_view text);

}  // namespace quarry::threatmodel
