// Reading what the analyzers print: cppcheck's template lines, flawfinder's CSV, bandit's and
// eslint's JSON, the clang analyzer's SARIF. Their output depends on the code they read, so it
// is read as untrusted: what does not parse is skipped and counted.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace quarry::review {

struct RawFinding {
  std::string file;  // as the analyzer names it
  uint64_t line = 0;
  uint64_t end_line = 0;
  std::string rule;
  std::string message;
  std::string cwe;       // when the analyzer names one ("" otherwise)
  std::string severity;  // the analyzer's own word
};

struct RawOutput {
  std::vector<RawFinding> findings;
  size_t unreadable = 0;  // records that did not parse
};

// cppcheck --template='{file}\t{line}\t{column}\t{severity}\t{id}\t{cwe}\t{message}'
inline constexpr const char* kCppcheckTemplate =
    "{file}\\t{line}\\t{column}\\t{severity}\\t{id}\\t{cwe}\\t{message}";
RawOutput ParseCppcheck(std::string_view text);
RawOutput ParseFlawfinderCsv(std::string_view text);
RawOutput ParseBanditJson(std::string_view text);
RawOutput ParseEslintJson(std::string_view text);
RawOutput ParseClangSarif(std::string_view text);

}  // namespace quarry::review
