// Sigma → ClickHouse SQL for `quarry scan --case` on a ClickHouse case: per event table, a
// condition that every event one of the rules could match passes. The store evaluates it where
// the events are and sends only those; the Sigma matcher then judges each as on every other path,
// so the alerts are a SQLite case's by construction, provided the condition never refuses an
// event the matcher would accept. It is therefore written from the matcher's own semantics
// (field names without case or spaces, any column of a name, the Windows gates by Channel and
// EventID, values as text, ASCII case folding), and whatever 18.16's SQL cannot state exactly
// (regexes, networks, time parts, keywords, fields a JSON path may supply) is left open. Tests
// under a `not` are taken as failing (a rule's filters rarely rule much out, and each test costs
// a pass over its column); the plain values one field is tested for under an `or` become one
// regex.
#pragma once

#include <string>
#include <vector>

#include "core/value.h"
#include "sigma/ruleset.h"

namespace quarry::detect {

struct StoreColumn {
  std::string name;
  ValueType type = ValueType::kString;
};

struct CandidateFilter {
  bool none = false;  // no rule can match an event of the table: nothing to read
  // Every row a rule can match passes both; "" passes all. `gate`: the rules' logsource gates
  // (Channel, EventID), cheap on every row; `condition`: per gate its rules' conditions, for
  // the rows the gate passes.
  std::string gate, condition;
  size_t tests = 0;          // field tests of the conditions (their cost per row)
  bool over_budget = false;  // more than the budget: the matcher alone tests the conditions
};

// `columns`: the table's columns in the order events are read back. `test_budget`: conditions
// with more field tests than this are left to the matcher (18.16 evaluates every test of a
// WHERE on every row, where the matcher's databases scan each field once for all rules).
CandidateFilter ClickHouseCandidates(const sigma::Ruleset& rules, const std::string& table,
                                     const std::vector<StoreColumn>& columns, size_t test_budget);

}  // namespace quarry::detect
