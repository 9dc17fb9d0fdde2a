// Helpers shared by the rule loader's files (not a public interface).
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "sigma/loader.h"
#include "sigma/ruleset.h"

namespace quarry::sigma {

// A scalar's text; empty for a missing node, a map or a list.
std::string ScalarText(const YAML::Node& n);
// A result entry for a rule document: its file, line, and (for a map) id and title.
RuleLoad DocumentLoad(const std::string& name, const YAML::Node& doc);
// A Sigma correlation document (a map with a `correlation` key).
bool IsCorrelation(const YAML::Node& doc);

// The metadata a rule and a correlation share; an unknown level gives its line and message.
bool ReadRuleInfo(const YAML::Node& doc, const RuleLoad& r, RuleInfo& info, int& error_line,
                  std::string& error);

}  // namespace quarry::sigma
