// A model written back as YAML in the documented format: what a drafter produces, after the
// draft was read and cleaned like any model (so nothing it says is taken on trust).
#pragma once

#include <string>

#include "threatmodel/model.h"

namespace quarry::threatmodel {

// HEADER is written first as comment lines; QUESTIONS after it, one `# QUESTION:` line each.
std::string WriteModelYaml(const Model& model, const std::string& header,
                           const std::vector<std::string>& questions);

}  // namespace quarry::threatmodel
