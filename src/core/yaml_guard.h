// Texts that make yaml-cpp 0.7 (Debian 12) loop forever, found by fuzz_sigma. Rule files are
// untrusted input, so these are refused, with their line, before the library sees them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace quarry {

struct YamlHazard {
  int line = 0;      // 1-based
  std::string what;  // what is wrong and how to write it instead
};

std::optional<YamlHazard> FindYamlHazard(std::string_view text);

}  // namespace quarry
