// The YAML side of writing a drafted rule (draft_sigma.cpp): selections as maps of
// `field|modifiers: values`, and a rule's header and footer. Internal to src/detect.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "detect/draft_sigma.h"

namespace quarry::detect::draft {

// One `field|modifiers: values` entry of a selection; values are already written as YAML.
struct Item {
  std::string field;
  std::string mods;
  std::vector<std::string> values;
  std::string Key() const { return mods.empty() ? field : field + "|" + mods; }
};
using Map = std::vector<Item>;  // every item must hold
using Maps = std::vector<Map>;  // one of the maps must hold

// A single-quoted YAML scalar.
std::string YamlQuote(std::string_view s);
// A mapping key: plain when it can be, else quoted.
std::string YamlKey(const std::string& key);
// `name:` and its map (or list of maps, one of which must hold).
std::string WriteSelection(const std::string& name, const Maps& maps);
// title … tags, and falsepositives and level.
std::string Header(const RuleMeta& meta, const std::string& id, const std::string& title);
std::string Footer(const RuleMeta& meta);

}  // namespace quarry::detect::draft
