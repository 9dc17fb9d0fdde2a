// Reading a system description from a YAML node: shared by the model reader and the condition
// tests, whose minimal models sit inside a test file.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "threatmodel/model.h"

namespace quarry::threatmodel {

int LineOf(const YAML::Node& node);

// Reads ROOT (a mapping) into OUT; what does not read becomes findings naming FILE and a line.
void ReadModelNode(const YAML::Node& root, const std::string& file, ModelRead& out);

// Parses TEXT with yaml-cpp behind its guards: texts that hang the library are refused first,
// and its exceptions become a finding with the line. nullopt when nothing could be parsed.
std::optional<YAML::Node> LoadYaml(std::string_view text, const std::string& file, const char* code,
                                   std::vector<Finding>& findings);

}  // namespace quarry::threatmodel
