// The one finding model of `quarry review`: every engine (analyzers, our pattern rules, the
// secret rules, a model) reports in it, and verification gives each a status with its reasons.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/finding.h"

namespace quarry {
class JsonWriter;
}

namespace quarry::review {

enum class Verdict { kVerified, kNeedsHuman, kRejected };
const char* VerdictName(Verdict verdict);

// What one engine said about a place; merged findings keep every engine's voice.
struct Voice {
  std::string engine;  // cppcheck, clang, flawfinder, bandit, eslint, quarry, secrets, model
  std::string rule;    // the engine's own rule id
  std::string cwe;
  std::string message;
};

// Why a finding has its status: a stable code and a sentence.
struct Reason {
  std::string code;  // line_out_of_range, evidence_mismatch, hallucinated_symbol, ...
  std::string text;
};

struct ReviewFinding {
  // severity, code (the first engine's rule id), message, where (file relative to the reviewed
  // root, line), suggestion: the core finding every command writes the same way.
  Finding finding;
  uint64_t end_line = 0;  // last line of the range (== line when one line)
  std::string cwe;        // CWE-89
  std::string owasp;      // A05 (OWASP Top 10 2025)
  std::string evidence;   // quoted code: the engine's claim of what the lines say
  std::string engine;     // the first engine; all of them are in voices
  // Claimed by a model or an agent rather than found by a tool or a rule: a claim whose CWE
  // does not fit the code is refused, where a tool's mapped rule only needs a look.
  bool claimed = false;
  std::vector<Voice> voices;
  std::vector<std::string> symbols;  // functions, methods, classes the finding names
  // A claim that something is absent ("missing_authorization", "missing_validation"...).
  std::string missing_check;
  Verdict status = Verdict::kVerified;
  std::vector<Reason> reasons;
  // Stable across runs: the file, the CWE family and the line's text without blanks (and an
  // order number for a second finding of the same engine rule on identical text).
  std::string fingerprint;
  std::string triage;  // set from the journal: confirmed, dismissed, deferred
  std::string triage_reason;
  std::string triage_by;
};

// {"severity","code","message","file","span","suggestion"} of the core finding, then "line",
// "end_line","cwe","owasp","engine","engines","evidence","symbols","status","reasons",
// "fingerprint" and triage when decided.
void WriteReviewFinding(JsonWriter& w, const ReviewFinding& f);

}  // namespace quarry::review
