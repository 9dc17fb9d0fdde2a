// A drafted hunt (KQL over the case's tables) written as a Sigma rule: the table and its event
// id become the logsource, where-clauses become selections and `not(…)` filters, and
// `summarize count()/dcount(F) by G, bin(TimeGenerated, W) | where … > N` becomes an
// event_count or value_count correlation over the base rule. What Sigma cannot say (joins,
// computed columns, a threshold without a window) is an error naming it, never dropped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace quarry::detect {

struct RuleMeta {
  std::string title;
  std::string id;              // a UUID
  std::string name;            // the base rule's name, referenced by a correlation
  std::string correlation_id;  // the correlation's own UUID, when there is one
  std::string description;
  std::string author;
  std::string date;  // YYYY-MM-DD
  std::string level = "medium";
  std::vector<std::string> techniques;  // T1558.003
  std::vector<std::string> falsepositives;
};

struct SigmaDraft {
  std::string yaml;
  bool correlation = false;
  // Parts of the query the rule does not carry because a rule has no use for them (the time
  // range, the columns shown, the order): said so the person knows.
  std::vector<std::string> dropped;
};

Result<SigmaDraft> SigmaFromKql(std::string_view kql, const RuleMeta& meta);

}  // namespace quarry::detect
