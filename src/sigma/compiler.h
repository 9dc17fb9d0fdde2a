// Compiles one detection (search identifiers and condition) of a rule or filter into the
// ruleset's condition nodes and shared tests, for one logsource variant. Used by the loader.
#pragma once

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <vector>

#include "sigma/loader.h"
#include "sigma/ruleset.h"

namespace quarry::sigma {

// A failure inside one rule: the line it concerns and what is wrong.
struct RuleError {
  int line = 0;
  std::string message;
};

int LineOf(const YAML::Node& n);

// The root node of `detection` (a map of search identifiers plus `condition`), or -1 with
// `error` set. Keys in `skip` are neither identifiers nor the condition (a filter's `rules`).
// Remarks worth reporting (unconfigured placeholders) go to `notes`.
int CompileDetection(Ruleset& rules, const LoaderOptions& options, const Variant& variant,
                     const YAML::Node& detection, const std::set<std::string>& skip,
                     RuleError& error, std::vector<std::string>& notes);

// A node true when `field` equals one of `values` (case-insensitive).
int CompileFieldEquals(Ruleset& rules, const LoaderOptions& options, const Variant& variant,
                       const std::string& field, const std::vector<std::string>& values);

}  // namespace quarry::sigma
