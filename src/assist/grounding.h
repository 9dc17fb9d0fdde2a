// The grounding check: every literal a draft filters on must come from somewhere a person can
// see — the question or a refinement, the knowledge table (or the built-in vocabulary), or a
// query the person wrote. A literal that occurs in the evidence but in none of those is how an
// instruction planted in the evidence shows in a plausible draft (`and not(SourceImage endswith
// "upd.exe")`): it is flagged hunt.ungrounded_literal, an error inside a negation (the draft
// would hide the events nobody asked to hide) and a warning elsewhere.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/status.h"
#include "kql/ast.h"
#include "kql/catalog.h"

namespace quarry::store {
class Case;
}

namespace quarry::assist {

struct GroundingSources {
  std::vector<std::string> typed;           // the question and its refinements
  std::vector<std::string> person_queries;  // queries a person wrote (edits)
};

// A literal a where clause tests, with whether it sits under a negation.
struct FilterLiteral {
  std::string value;
  bool negated = false;
  bool number = false;
  kql::Span span;
};

// The literals the query's where/filter clauses test: every string, and numbers compared with
// ==, !=, in or !in to a column.
std::vector<FilterLiteral> FilterLiterals(const kql::Node& script);

// Whether `literal` comes from the sources or from what Quarry knows (the knowledge table and
// the built-in vocabulary): it is in a typed text (IP addresses compared without leading
// zeros), in a person's query or a knowledge condition, or each of its words (CamelCase and
// punctuation split) is a word of a typed text, up to plural and tense endings.
bool IsGrounded(const FilterLiteral& literal, const GroundingSources& sources);

// hunt.ungrounded_literal findings for the query's literals that are not grounded but occur in
// the evidence of the tables it reads (naming the columns and how many events have it).
Result<std::vector<Finding>> CheckGrounding(const store::Case& c, const kql::Catalog& catalog,
                                            std::string_view query,
                                            const GroundingSources& sources);

}  // namespace quarry::assist
