// Sigma correlations → KQL: the referenced rules' parts in one union, each tagged with its rule
// and its group-by values, then `summarize … by <group>, bin(TimeGenerated, <timespan>)` and the
// condition. KQL's bin() windows are fixed where the engine's are sliding, so the query says so
// in a comment: a burst across a bin boundary the engine sees may be split here.
#include <cstdio>

#include "detect/convert_internal.h"

namespace quarry::detect {
namespace {

const char* OpText(sigma::Correlation::Op op) {
  static const char* kOps[] = {" > ", " >= ", " < ", " <= ", " == ", " != "};
  return kOps[static_cast<int>(op)];
}

// The summary's column for a group-by field: its own name, bracketed when not an identifier.
std::string GroupColumn(const std::string& field) {
  bool plain = !field.empty() && !(field[0] >= '0' && field[0] <= '9');
  for (char ch : field) {
    plain = plain && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '_');
  }
  return plain ? field : "['" + field + "']";
}

}  // namespace

bool CorrelationConvertible(const sigma::Ruleset& rules, const sigma::Correlation& c,
                            std::set<std::string>& reasons) {
  using Type = sigma::Correlation::Type;
  if (c.type == Type::kTemporalOrdered || c.type == Type::kValuePercentile) {
    reasons.insert("temporal_ordered and value_percentile correlations are not converted");
    return false;
  }
  for (const auto& other : rules.correlations()) {
    for (int referenced : c.rule_infos) {
      if (other.info == referenced) {
        reasons.insert("correlations of correlations are not converted");
        return false;
      }
    }
  }
  return true;
}

std::string GroupFieldOf(const sigma::Correlation& c, const std::string& group, int referenced) {
  auto alias = c.aliases.find(group);
  if (alias == c.aliases.end()) return group;
  auto of_rule = alias->second.find(referenced);
  return of_rule == alias->second.end() ? group : of_rule->second;
}

std::string RuleLabel(const sigma::Ruleset& rules, int info) {
  const sigma::RuleInfo& ri = rules.infos()[static_cast<size_t>(info)];
  return ri.name.empty() ? ri.id : ri.name;
}

std::string SpanText(int64_t ticks) {
  int64_t seconds = ticks / 10'000'000;
  if (seconds > 0 && seconds % 86400 == 0) return std::to_string(seconds / 86400) + "d";
  if (seconds > 0 && seconds % 3600 == 0) return std::to_string(seconds / 3600) + "h";
  if (seconds > 0 && seconds % 60 == 0) return std::to_string(seconds / 60) + "m";
  return std::to_string(seconds) + "s";
}

std::string CorrelationCondition(const sigma::Correlation& c, const std::string& measure) {
  if (c.type == sigma::Correlation::Type::kTemporal && !c.has_condition)
    return measure + " == " + std::to_string(c.rule_infos.size());
  char threshold[32];
  std::snprintf(threshold, sizeof threshold, "%.17g", c.threshold);
  return measure + OpText(c.op) + threshold;
}

std::string KqlCorrelation(const sigma::Ruleset& rules, const sigma::Correlation& c,
                           const ConvertOptions& options, std::set<std::string>& reasons) {
  using Type = sigma::Correlation::Type;
  if (!CorrelationConvertible(rules, c, reasons)) return {};
  std::vector<std::string> parts;
  for (int referenced : c.rule_infos) {
    for (const auto& part : KqlParts(rules, referenced, options, reasons)) {
      std::string extend = "QuarryRule = " + KqlString(RuleLabel(rules, referenced));
      for (size_t g = 0; g < c.group_by.size(); ++g) {
        std::string column = ColumnOf(*part.table, GroupFieldOf(c, c.group_by[g], referenced));
        extend += ", " + GroupColumn(c.group_by[g]) + " = " +
                  (column.empty() ? "\"\"" : "tostring(" + column + ")");
      }
      if (!c.field.empty()) {
        std::string column = ColumnOf(*part.table, c.field);
        extend += ", QuarryValue = " +
                  (column.empty() ? std::string("\"\"") : "tostring(" + column + ")");
      }
      parts.push_back(part.table->name + "\n| where " + part.where + "\n| extend " + extend);
    }
  }
  if (!reasons.empty() || parts.empty()) return {};

  std::string measure, test;
  switch (c.type) {
    case Type::kEventCount:
      measure = "Events = count()";
      test = "Events";
      break;
    case Type::kValueCount:
      measure = "Values = dcount(QuarryValue)";
      test = "Values";
      break;
    case Type::kTemporal:
      measure = "Rules = dcount(QuarryRule)";
      test = "Rules";
      break;
    case Type::kValueSum:
      measure = "Total = sum(todouble(QuarryValue))";
      test = "Total";
      break;
    case Type::kValueAvg:
      measure = "Average = avg(todouble(QuarryValue))";
      test = "Average";
      break;
    case Type::kTemporalOrdered:
    case Type::kValuePercentile:
      return {};
  }
  std::string by;
  for (size_t g = 0; g < c.group_by.size(); ++g) by += GroupColumn(c.group_by[g]) + ", ";
  by += "Window = bin(TimeGenerated, " + SpanText(c.timespan_ticks) + ")";
  std::string condition = CorrelationCondition(c, test);
  std::string header = "// Fixed " + SpanText(c.timespan_ticks) +
                       " windows (bin): the engine's window slides, so a burst across a boundary "
                       "may be split here.\n";
  return header + "(" + KqlUnion(parts) + ")\n| summarize " + measure + " by " + by + "\n| where " +
         condition;
}

}  // namespace quarry::detect
