// The static analyzers a review runs as real tools where the change has their language:
// cppcheck and clang's analyzer (C, C++), flawfinder (C, C++), bandit (Python), eslint with its
// security plugin (JavaScript, TypeScript). Each is optional: a missing one is reported, not
// an error; one that fails or hangs (bounded time) is reported and the others still count.
#pragma once

#include <string>
#include <vector>

#include "review/finding.h"
#include "review/input.h"

namespace quarry::review {

struct AnalyzerOptions {
  int timeout_seconds = 60;  // per run of a tool
  // The folder holding eslint and its security plugin (node_modules/.bin/eslint and
  // eslint.config.mjs); "" looks in $QUARRY_ESLINT_DIR, then tools/eslint-security of the source
  // tree Quarry was built from.
  std::string eslint_dir;
  std::vector<std::string> skip;  // engines not to run
};

struct EngineRun {
  std::string engine;
  // ran, not_installed, failed, timed_out, not_needed (no file in its languages), skipped
  std::string state;
  std::string detail;  // why, for people
  size_t files = 0;
  size_t findings = 0;        // kept: security CWEs on changed lines
  size_t outside_change = 0;  // on lines the change did not touch
  size_t not_security = 0;    // rules with no security CWE (style, portability)
  size_t unreadable = 0;      // output records that did not parse
  double seconds = 0;
};

struct AnalyzerResult {
  std::vector<EngineRun> runs;
  std::vector<ReviewFinding> findings;
};

AnalyzerResult RunAnalyzers(const ReviewInput& input, const AnalyzerOptions& options);

// The engines RunAnalyzers knows, in the order it runs them.
const std::vector<std::string>& AnalyzerNames();

}  // namespace quarry::review
