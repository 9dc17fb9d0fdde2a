// A compiled rule set as bytes, so a rule set seen before loads without parsing its YAML again
// (parsing is most of the load time). What is stored is the loader's output before
// Ruleset::Finish: Finish runs again on load and rebuilds the gate index and databases (those
// come from their own cache).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sigma/loader.h"
#include "sigma/ruleset.h"

namespace quarry::sigma {

class RulesetCodec {
 public:
  // `rules` must not be finished yet.
  static std::string Encode(const Ruleset& rules, const std::vector<RuleLoad>& results);
  // False (and `rules`, `results` unspecified) when the bytes are not a whole encoding.
  static bool Decode(std::string_view bytes, Ruleset& rules, std::vector<RuleLoad>& results);

 private:
  static bool Valid(const Ruleset& rules);
};

}  // namespace quarry::sigma
