// Compiling Sigma 2.1 correlation rules: the `correlation` map of a document, its references
// to rules and other correlations, its condition and its timespan.
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sigma/compiler.h"
#include "sigma/loader.h"
#include "sigma/loader_internal.h"

namespace quarry::sigma {

namespace {

bool ParseTimespan(const std::string& text, int64_t& ticks) {
  if (text.size() < 2) return false;
  char unit = text.back();
  std::string number = text.substr(0, text.size() - 1);
  if (number.find_first_not_of("0123456789") != std::string::npos) return false;
  int64_t n = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), n);
  if (error != std::errc() || end != number.data() + number.size()) return false;  // too large
  int64_t seconds = unit == 's'   ? 1
                    : unit == 'm' ? 60
                    : unit == 'h' ? 3600
                    : unit == 'd' ? 86400
                    : unit == 'w' ? 604800
                    : unit == 'M' ? 2629746
                    : unit == 'y' ? 31556952
                                  : 0;
  if (seconds == 0 || n <= 0) return false;
  // A window past what 64-bit ticks hold is no window.
  return !__builtin_mul_overflow(n, seconds, &ticks) &&
         !__builtin_mul_overflow(ticks, Timestamp::kTicksPerSecond, &ticks);
}

}  // namespace

std::map<std::string, int> RuleLoader::LoadedByKey() const {
  std::map<std::string, int> by_key;
  for (size_t i = 0; i < ruleset_.infos().size(); ++i) {
    const RuleInfo& info = ruleset_.infos()[i];
    if (!info.id.empty()) by_key[info.id] = static_cast<int>(i);
    if (!info.name.empty()) by_key[info.name] = static_cast<int>(i);
  }
  return by_key;
}

std::vector<std::string> RuleLoader::References(const YAML::Node& doc) {
  std::vector<std::string> refs;
  YAML::Node c = doc["correlation"];
  YAML::Node rules = c.IsMap() ? c["rules"] : YAML::Node();
  if (rules.IsSequence()) {
    for (const auto& x : rules) refs.push_back(ScalarText(x));
  } else if (rules.IsScalar()) {
    refs.push_back(rules.Scalar());
  }
  return refs;
}

bool RuleLoader::ReferencesLoaded(const YAML::Node& doc) const {
  try {
    std::map<std::string, int> by_key = LoadedByKey();
    for (const auto& ref : References(doc)) {
      if (!by_key.count(ref)) return false;
    }
    return true;
  } catch (const YAML::Exception&) {
    return true;  // let CompileCorrelation report it
  }
}

void RuleLoader::CompileCorrelation(const std::string& name, const YAML::Node& doc) {
  RuleLoad r = DocumentLoad(name, doc);
  auto fail = [&](const YAML::Node& at, const std::string& message) {
    int line = at ? LineOf(at) : r.line;
    r.reason = name + ":" + std::to_string(line > 0 ? line : r.line) + ": " + message;
    results_.push_back(r);
  };
  try {
    YAML::Node c = doc["correlation"];
    if (!c.IsMap()) return fail(c, "'correlation' must be a map");
    if (r.title.empty()) return fail(doc, "the correlation has no 'title'");
    Correlation corr;
    static const std::pair<const char*, Correlation::Type> kTypes[] = {
        {"event_count", Correlation::Type::kEventCount},
        {"value_count", Correlation::Type::kValueCount},
        {"temporal", Correlation::Type::kTemporal},
        {"temporal_ordered", Correlation::Type::kTemporalOrdered},
        {"value_sum", Correlation::Type::kValueSum},
        {"value_avg", Correlation::Type::kValueAvg},
        {"value_percentile", Correlation::Type::kValuePercentile}};
    std::string type = ScalarText(c["type"]);
    bool known = false;
    for (const auto& [t, v] : kTypes) {
      if (type == t) {
        corr.type = v;
        known = true;
      }
    }
    if (!known) return fail(c["type"], "unknown correlation type '" + type + "'");
    // Referenced rules and correlations, by id or name.
    std::map<std::string, int> by_key = LoadedByKey();
    YAML::Node rules = c["rules"];
    std::vector<std::string> refs = References(doc);
    if (refs.empty()) return fail(c, "the correlation names no 'rules'");
    for (const auto& ref : refs) {
      auto it = by_key.find(ref);
      if (it == by_key.end()) {
        return fail(rules, "the correlation refers to '" + ref +
                               "', which is no loaded rule (by id or name)");
      }
      corr.rule_infos.push_back(it->second);
    }
    YAML::Node group = c["group-by"];
    if (group.IsSequence()) {
      for (const auto& g : group) corr.group_by.push_back(ScalarText(g));
    } else if (group.IsScalar()) {
      corr.group_by.push_back(group.Scalar());
    }
    if (YAML::Node aliases = c["aliases"]; aliases && aliases.IsMap()) {
      for (auto a = aliases.begin(); a != aliases.end(); ++a) {
        for (auto m = a->second.begin(); m != a->second.end(); ++m) {
          auto it = by_key.find(m->first.as<std::string>());
          if (it != by_key.end())
            corr.aliases[a->first.as<std::string>()][it->second] = ScalarText(m->second);
        }
      }
    }
    std::string timespan = ScalarText(c["timespan"]);
    if (!ParseTimespan(timespan, corr.timespan_ticks)) {
      return fail(c["timespan"], "timespan '" + timespan +
                                     "' is not a number with s, m, h, d, w, "
                                     "M or y");
    }
    bool temporal = corr.type == Correlation::Type::kTemporal ||
                    corr.type == Correlation::Type::kTemporalOrdered;
    YAML::Node cond = c["condition"];
    if (cond && cond.IsMap()) {
      int ops = 0;
      static const std::pair<const char*, Correlation::Op> kOps[] = {
          {"gt", Correlation::Op::kGt}, {"gte", Correlation::Op::kGte},
          {"lt", Correlation::Op::kLt}, {"lte", Correlation::Op::kLte},
          {"eq", Correlation::Op::kEq}, {"neq", Correlation::Op::kNeq}};
      for (const auto& [key, op] : kOps) {
        if (!cond[key]) continue;
        ++ops;
        corr.op = op;
        corr.threshold = cond[key].as<double>();
      }
      if (ops != 1)
        return fail(cond, "the condition needs exactly one of gt, gte, lt, lte, eq, neq");
      corr.has_condition = true;
      corr.field = ScalarText(cond["field"]);
      if (cond["percentile"]) corr.percentile = cond["percentile"].as<double>();
    } else if (!temporal) {
      return fail(c, "the correlation has no 'condition' map");
    }
    bool needs_field = corr.type != Correlation::Type::kEventCount && !temporal;
    if (needs_field && corr.field.empty()) {
      return fail(cond, "'" + type + "' needs 'field' in its condition");
    }
    if (YAML::Node g = c["generate"]; g) corr.generate = g.as<bool>();
    RuleInfo info;
    int info_line = 0;
    std::string info_error;
    if (!ReadRuleInfo(doc, r, info, info_line, info_error)) return fail(doc["level"], info_error);
    corr.info = ruleset_.AddInfo(std::move(info));
    ruleset_.AddCorrelation(std::move(corr));
    r.loaded = true;
    r.notes.push_back(type + " correlation over " + std::to_string(refs.size()) + " rule(s)");
    results_.push_back(r);
  } catch (const YAML::Exception& e) {
    r.reason = name + ":" + std::to_string(e.mark.line >= 0 ? e.mark.line + 1 : r.line) +
               ": YAML error: " + e.msg;
    results_.push_back(r);
  } catch (const std::exception& e) {
    fail(doc, std::string("cannot load the correlation: ") + e.what());
  }
}

}  // namespace quarry::sigma
