// libFuzzer target for the review rule files and for the analyzers' output (which depends on
// the code they read): the first byte chooses the reader. A rule file's rules run their own
// examples; an analyzer's records must each have a line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "review/analyzer_output.h"
#include "review/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quarry::review;
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  RawOutput out;
  switch (data[0] % 6) {
    case 0: {
      PatternRuleSet set = LoadPatternRules({{"fuzz.yml", text}});
      if (set.rules.size() <= 32) TestPatternRuleExamples(set);
      return 0;
    }
    case 1:
      out = ParseCppcheck(text);
      break;
    case 2:
      out = ParseFlawfinderCsv(text);
      break;
    case 3:
      out = ParseBanditJson(text);
      break;
    case 4:
      out = ParseEslintJson(text);
      break;
    default:
      out = ParseClangSarif(text);
      break;
  }
  for (const auto& f : out.findings)
    if (f.line == 0 || f.end_line < f.line) std::abort();
  return 0;
}
