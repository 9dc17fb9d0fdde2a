// False-positive baselines (quarry rules baseline): the rules run over a case's history,
// read-only, and per rule the alerts per day over every day the case covers (median, p95,
// max), what makes up the alerts (top hosts, users, processes, command lines, or the fields
// asked for), whether the rule is over an alert budget, and for those over it, Sigma filter
// fragments on the values behind most alerts with the alerts each would remove. Suggestions
// only: nothing is applied without a person.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "detect/rule_tests.h"

namespace quarry::store {
class Case;
}

namespace quarry::detect {

struct ValueShare {
  std::string value;
  int64_t alerts = 0;
  double share = 0;  // of the rule's alerts
};

struct DimensionTop {
  std::string name;   // host, user, process, command line, or a field asked for
  std::string field;  // the event field most of its values came from
  std::vector<ValueShare> top;
};

struct FilterSuggestion {
  std::string field, value;
  int64_t removes = 0;  // alerts it would remove
  double share = 0;
  std::string sigma;  // the selection to add, and how to use it
};

struct RuleBaseline {
  std::string rule, id, path, level;
  int line = 0;
  int64_t alerts = 0;
  double median = 0, p95 = 0, max = 0;  // alerts per day
  bool over_budget = false;
  std::vector<DimensionTop> top;
  std::vector<FilterSuggestion> suggestions;
};

struct BaselineReport {
  std::vector<RuleBaseline> rules;  // most alerts first
  std::vector<Finding> problems;
  std::string first_day, last_day;  // the days the case covers (UTC)
  int64_t days = 0;
  int64_t events = 0;
  double budget = 0;
  size_t over_budget = 0;
};

struct BaselineOptions {
  RuleSetOptions rules;
  double budget_per_day = 10;  // a rule whose p95 alerts per day exceeds it is over budget
  // Dimensions to break alerts down by: host, user, process, parent, commandline, or event
  // field names.
  std::vector<std::string> by = {"host", "user", "process", "parent", "commandline"};
  size_t top_values = 5;
  std::function<void(int64_t events)> on_progress;  // every 100,000 events
  std::function<bool()> cancelled;                  // asked every 1,024 events: stops (kCancelled)
};

// Errors: the case cannot be read. Rules that do not load are problems in the report.
Result<BaselineReport> Baseline(const BaselineOptions& options, const store::Case& c,
                                const std::vector<std::string>& skip_tables);

// A value as a Sigma string that matches it literally (wildcards and escapes escaped).
std::string SigmaLiteral(std::string_view value);

}  // namespace quarry::detect
