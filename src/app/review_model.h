// The model reviewer of `quarry review` (review_model.cpp).
#pragma once

#include <string>
#include <vector>

#include "core/finding.h"
#include "review/analyzers.h"
#include "review/finding.h"
#include "review/input.h"

namespace quarry::app {

struct ModelReviewer {
  std::string provider;  // a provider of the case's quarry.toml, or a kind
  std::string endpoint;
  std::string model;
  std::string case_dir;  // provider settings and audit.jsonl
};

// Asks the provider for findings about INPUT; they are appended to FINDINGS (unverified), an
// answer that is not the asked structure to PROBLEMS. The run says what happened.
review::EngineRun RunModelReviewer(const ModelReviewer& reviewer, const review::ReviewInput& input,
                                   std::vector<review::ReviewFinding>& findings,
                                   std::vector<Finding>& problems);

}  // namespace quarry::app
