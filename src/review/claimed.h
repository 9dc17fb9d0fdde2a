// Findings claimed by someone else — a model asked for structured findings, or an agent's own
// review handed to verify_findings — read from JSON into the one finding model. The text is
// untrusted: what does not read is named, and every finding that does read is kept.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "review/finding.h"

namespace quarry::review {

struct ClaimedFindings {
  std::vector<ReviewFinding> findings;
  std::vector<Finding> problems;  // entries that did not read, or an answer that is not JSON
};

// TEXT: a JSON array of findings, or an object with "findings" (a model's answer may wrap it
// in a ```json fence and prose). Each finding: file, line (end_line), cwe, owasp, severity,
// message, evidence, symbols, missing_check, rule; ENGINE names who claimed them.
ClaimedFindings ReadClaimedFindings(std::string_view text, const std::string& engine,
                                    const std::string& source_name);

// The structure asked of a model, for its instructions.
const char* ClaimedFindingsFormat();

}  // namespace quarry::review
