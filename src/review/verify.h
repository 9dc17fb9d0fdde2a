// Verification of every finding before a person sees it as a candidate, whoever produced it:
// the file and lines exist on the new side and say what the finding quotes; the names it uses
// exist; the CWE is known and fits the category and the code; a claim that a check is missing
// is looked for in the function, its callers and registered middleware. Then findings of
// different engines about one weakness at one place are merged, keeping each engine's voice.
#pragma once

#include <string>
#include <vector>

#include "review/cwe.h"
#include "review/finding.h"
#include "review/input.h"
#include "review/symbols.h"

namespace quarry::review {

// Sets each finding's status and reasons (and its OWASP category from the CWE when missing).
void VerifyFindings(std::vector<ReviewFinding>& findings, const ReviewInput& input,
                    const SymbolIndex& symbols, const CweTable& cwes);

// Findings of one CWE family at overlapping lines of one file become one (rejected ones are
// kept apart, so that a person sees what was refused and why). Sorted by file and line.
std::vector<ReviewFinding> MergeFindings(std::vector<ReviewFinding> findings, const CweTable& cwes);

// The kind of check a finding says is missing ("authorization", "authentication", "validation",
// "csrf", "bounds", "null"), from its missing_check field or its message; "" for none.
std::string MissingCheckOf(const ReviewFinding& f);

}  // namespace quarry::review
