// The checks of rule lint that need a case: fields against the columns the rule's events fill,
// equality values against the values there, data for the logsource, and correlation windows
// against the timestamp resolution.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/finding.h"
#include "detect/case_sources.h"
#include "sigma/ruleset.h"
#include "store/case.h"

namespace quarry::detect {

// A lint finding on a rule, at its file and line.
Finding RuleFinding(const sigma::RuleInfo& info, Severity severity, const char* code,
                    std::string message, std::string suggestion = {});

class CaseChecks {
 public:
  CaseChecks(const store::Case& c, const CaseSources& sources) : case_(c), sources_(sources) {}

  // One compiled variant (logsource mapping) of a rule, over the events its gate applies to.
  void CheckVariant(const sigma::Ruleset& rules, const sigma::CompiledRule& compiled,
                    const sigma::RuleInfo& info, std::vector<Finding>& out);
  // No variant of the rule applies to any event of the case.
  void CheckHasData(const sigma::Ruleset& rules, int info_index, const sigma::RuleInfo& info,
                    std::vector<Finding>& out);
  void CheckWindow(const sigma::Correlation& c, const sigma::RuleInfo& info,
                   std::vector<Finding>& out);
  // A correlation's group-by fields, in the events of each rule it counts.
  void CheckGroupBy(const sigma::Ruleset& rules, const sigma::Correlation& c,
                    const sigma::RuleInfo& info, std::vector<Finding>& out);

 private:
  // The case's events a compiled variant applies to (and asks for by event id), their tables
  // and the columns they fill.
  struct VariantEvents {
    std::vector<const SourceCount*> sources;
    std::vector<std::string> present, tables;
  };
  VariantEvents EventsOf(const sigma::Ruleset& rules, const sigma::CompiledRule& compiled) const;
  struct Resolved {
    enum Kind { kMissing, kColumn, kInsideDynamic } kind = kMissing;
    std::string column;
  };
  Resolved Resolve(const std::string& field, const std::vector<std::string>& present,
                   const std::vector<std::string>& tables);
  const std::vector<store::ColumnInfo>& ColumnsOf(const std::string& table);
  // The distinct values of a few-valued column (lower-cased), or nullopt for many or odd types.
  const std::optional<std::vector<std::string>>& ValuesOf(const std::string& table,
                                                          const std::string& column);
  int64_t ResolutionTicks();

  const store::Case& case_;
  const CaseSources& sources_;
  std::map<std::string, std::vector<store::ColumnInfo>> columns_;
  std::map<std::pair<std::string, std::string>, std::optional<std::vector<std::string>>> values_;
  std::optional<int64_t> resolution_;
};

}  // namespace quarry::detect
