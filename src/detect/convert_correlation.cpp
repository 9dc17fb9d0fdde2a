// Sigma correlations → KQL: the referenced rules' parts in one union, each tagged with its rule
// and its group-by values, then `summarize … by <group>, bin(TimeGenerated, <timespan>)` and the
// condition. KQL's bin() windows are fixed where the engine's are sliding, so the query says so
// in a comment: a burst across a bin boundary the engine sees may be split here.
#include <cstdio>

#include "detect/convert_internal.h"

namespace quarry::detect {
namespace {

std::string Timespan(int64_t ticks) {
  int64_t seconds = ticks / 10'000'000;
  if (seconds > 0 && seconds % 86400 == 0) return std::to_string(seconds / 86400) + "d";
  if (seconds > 0 && seconds % 3600 == 0) return std::to_string(seconds / 3600) + "h";
  if (seconds > 0 && seconds % 60 == 0) return std::to_string(seconds / 60) + "m";
  return std::to_string(seconds) + "s";
}

std::string Number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

const char* OpText(sigma::Correlation::Op op) {
  switch (op) {
    case sigma::Correlation::Op::kGt:
      return " > ";
    case sigma::Correlation::Op::kGte:
      return " >= ";
    case sigma::Correlation::Op::kLt:
      return " < ";
    case sigma::Correlation::Op::kLte:
      return " <= ";
    case sigma::Correlation::Op::kEq:
      return " == ";
    case sigma::Correlation::Op::kNeq:
      return " != ";
  }
  return " >= ";
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

std::string KqlCorrelation(const sigma::Ruleset& rules, const sigma::Correlation& c,
                           const ConvertOptions& options, std::set<std::string>& reasons) {
  using Type = sigma::Correlation::Type;
  if (c.type == Type::kTemporalOrdered || c.type == Type::kValuePercentile) {
    reasons.insert("temporal_ordered and value_percentile correlations are not converted");
    return {};
  }
  std::set<int> correlation_infos;
  for (const auto& other : rules.correlations()) correlation_infos.insert(other.info);
  std::vector<std::string> parts;
  for (int referenced : c.rule_infos) {
    if (correlation_infos.count(referenced) != 0) {
      reasons.insert("correlations of correlations are not converted");
      return {};
    }
    const std::string& name = rules.infos()[static_cast<size_t>(referenced)].name;
    std::string label = name.empty() ? rules.infos()[static_cast<size_t>(referenced)].id : name;
    for (const auto& part : KqlParts(rules, referenced, options, reasons)) {
      std::string extend = "QuarryRule = " + KqlString(label);
      for (size_t g = 0; g < c.group_by.size(); ++g) {
        std::string field = c.group_by[g];
        auto alias = c.aliases.find(field);
        if (alias != c.aliases.end()) {
          auto of_rule = alias->second.find(referenced);
          if (of_rule != alias->second.end()) field = of_rule->second;
        }
        std::string column = ColumnOf(*part.table, field);
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
  by += "Window = bin(TimeGenerated, " + Timespan(c.timespan_ticks) + ")";
  std::string condition = c.type == Type::kTemporal && !c.has_condition
                              ? test + " == " + std::to_string(c.rule_infos.size())
                              : test + OpText(c.op) + Number(c.threshold);
  std::string header = "// Fixed " + Timespan(c.timespan_ticks) +
                       " windows (bin): the engine's window slides, so a burst across a boundary "
                       "may be split here.\n";
  return header + "(" + KqlUnion(parts) + ")\n| summarize " + measure + " by " + by + "\n| where " +
         condition;
}

}  // namespace quarry::detect
