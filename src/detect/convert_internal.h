// What the KQL conversion of base rules gives the conversion of correlations.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "detect/convert.h"
#include "sigma/ruleset.h"

namespace quarry::detect {

// One logsource variant of a base rule: its table and its filter.
struct KqlPart {
  const kql::TableSchema* table = nullptr;
  std::string where;
};
// The tables of the catalog a variant's gate reads; tables it lacks go to `missing`, and a gate
// with no table (generic data) gives a reason there too.
std::vector<const kql::TableSchema*> KqlTables(const sigma::Gate& gate, const kql::Catalog& catalog,
                                               std::set<std::string>& missing);
// The parts of a base rule, or reasons it cannot convert.
std::vector<KqlPart> KqlParts(const sigma::Ruleset& rules, int info, const ConvertOptions& options,
                              std::set<std::string>& reasons);
// A network as text: 10.0.0.0/8, fc00::/7.
std::string CidrText(const sigma::Cidr& cidr);

// How a language writes booleans: its constants and connectives.
struct BooleanSyntax {
  std::string true_text, false_text, and_text, or_text;
};
// An and/or of already written children, the constants folded away (fields a variant does not
// have make them): an absorbing constant decides it, neutral ones drop out.
std::string FoldJunction(bool conjunction, std::vector<std::string> children,
                         const BooleanSyntax& syntax);

// One query, or a union of several.
std::string KqlUnion(const std::vector<std::string>& parts);
std::string KqlString(std::string_view s);
// The column (or EventData member) a Sigma field is in, "" when the table has none.
std::string ColumnOf(const kql::TableSchema& table, const std::string& field);
// A base rule as an SPL search (Splunk's Windows and Sysmon add-ons' field names), or reasons.
std::string SplRule(const sigma::Ruleset& rules, int info, std::set<std::string>& reasons);
// A correlation as SPL: its rules' searches tagged and appended, bin _time, stats by group.
std::string SplCorrelation(const sigma::Ruleset& rules, const sigma::Correlation& c,
                           std::set<std::string>& reasons);
// Shared by the correlation writers of both languages.
// Whether a correlation can be written (its type, and no correlation among its rules); else a
// reason.
bool CorrelationConvertible(const sigma::Ruleset& rules, const sigma::Correlation& c,
                            std::set<std::string>& reasons);
// The field a referenced rule names for a group-by field (its alias, or the field itself).
std::string GroupFieldOf(const sigma::Correlation& c, const std::string& group, int referenced);
// A rule's label in the queries: its name, else its id.
std::string RuleLabel(const sigma::Ruleset& rules, int info);
// A timespan as 30m, 2h, 1d or 45s.
std::string SpanText(int64_t ticks);
// The condition on the measured column `measure` ("Events >= 5"; temporal: every rule seen).
std::string CorrelationCondition(const sigma::Correlation& c, const std::string& measure);

// A correlation over its rules' parts: summarize … by group, bin(TimeGenerated, timespan).
std::string KqlCorrelation(const sigma::Ruleset& rules, const sigma::Correlation& c,
                           const ConvertOptions& options, std::set<std::string>& reasons);

}  // namespace quarry::detect
