// One read-only pass over the case with every rule; per rule, alerts per UTC day and the values
// behind them, then percentiles over every day the case covers (days without alerts count).
#include "detect/baseline.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/strings.h"
#include "core/time.h"
#include "sigma/engine.h"
#include "store/case.h"

namespace quarry::detect {
namespace {

constexpr int64_t kTicksPerDay = 86400 * Timestamp::kTicksPerSecond;
constexpr size_t kMaxDistinctValues = 20000;  // per rule and dimension; the rest are "other"
constexpr size_t kMaxValueBytes = 300;
constexpr const char* kOtherValues = "(other values)";

struct Dimension {
  std::string name;
  std::vector<std::string> fields;  // the first one an event has is used
};

Dimension DimensionNamed(const std::string& name) {
  std::string key = AsciiToLower(name);
  if (key == "host") return {"host", {"Computer", "Hostname", "DeviceName", "SourceIpAddress"}};
  if (key == "user") {
    return {"user",
            {"User", "TargetUserName", "SubjectUserName", "AccountName", "UserIdentityArn",
             "UserIdentityUserName"}};
  }
  if (key == "process") {
    return {"process", {"Image", "NewProcessName", "ProcessName", "SourceImage", "EventName"}};
  }
  if (key == "parent") return {"parent", {"ParentImage", "ParentProcessName"}};
  if (key == "commandline" || key == "command line" || key == "cmdline") {
    return {"command line", {"CommandLine", "ProcessCommandLine", "ScriptBlockText"}};
  }
  return {name, {name}};
}

struct Tally {
  int64_t alerts = 0;
  std::map<int64_t, int64_t> per_day;
  std::vector<std::map<std::string, int64_t>> values;                         // per dimension
  std::vector<std::map<std::string, int64_t>> fields;                         // per dimension
  std::vector<std::map<std::pair<std::string, std::string>, int64_t>> pairs;  // field, value
};

int64_t DayOf(Timestamp t) {
  int64_t day = t.ticks / kTicksPerDay;
  return t.ticks % kTicksPerDay < 0 ? day - 1 : day;
}

std::string DayText(int64_t day) {
  return FormatIsoTime(Timestamp{day * kTicksPerDay}).substr(0, 10);
}

// Nearest-rank percentile of sorted counts.
double Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[std::min(sorted.size(), std::max<size_t>(rank, 1)) - 1]);
}

double Median(const std::vector<int64_t>& sorted) {
  if (sorted.empty()) return 0;
  size_t n = sorted.size();
  return n % 2 == 1
             ? static_cast<double>(sorted[n / 2])
             : (static_cast<double>(sorted[n / 2 - 1]) + static_cast<double>(sorted[n / 2])) / 2;
}

void Count(Tally& t, size_t dim, const std::string& field, std::string value) {
  if (value.size() > kMaxValueBytes) value = std::string(Utf8Prefix(value, kMaxValueBytes));
  auto& values = t.values[dim];
  auto it = values.find(value);
  if (it == values.end() && values.size() >= kMaxDistinctValues) {
    ++values[kOtherValues];
    return;
  }
  ++values[value];
  ++t.fields[dim][field];
  if (t.pairs[dim].size() < kMaxDistinctValues || t.pairs[dim].count({field, value}) != 0)
    ++t.pairs[dim][{field, value}];
}

std::string YamlQuoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Filters people write: on the process or command line first (a known tool), then the user (a
// service account), then other fields; a host last, since it hides everything else there too.
int Preference(const std::string& dimension) {
  if (dimension == "process" || dimension == "parent" || dimension == "command line") return 0;
  if (dimension == "user") return 1;
  return dimension == "host" ? 3 : 2;
}

std::vector<FilterSuggestion> Suggest(const Tally& t, const std::vector<Dimension>& dims) {
  std::vector<std::pair<int, FilterSuggestion>> all;
  for (size_t d = 0; d < dims.size(); ++d) {
    for (const auto& [fv, n] : t.pairs[d]) {
      if (fv.second == kOtherValues || fv.second.empty()) continue;
      // A filter for a sliver of the volume is not worth its risk; one for all of it turns the
      // rule off (it is usually the very value the rule selects on).
      if (n * 10 < t.alerts || n == t.alerts) continue;
      FilterSuggestion s;
      s.field = fv.first;
      s.value = fv.second;
      s.removes = n;
      s.share = static_cast<double>(n) / static_cast<double>(t.alerts);
      all.emplace_back(Preference(dims[d].name), std::move(s));
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.removes > b.second.removes;
  });
  std::vector<FilterSuggestion> out;
  for (size_t i = 0; i < all.size() && out.size() < 3; ++i) {
    FilterSuggestion s = std::move(all[i].second);
    std::string name = "filter_baseline_" + std::to_string(out.size() + 1);
    s.sigma = name;
    s.sigma.append(":\n    ").append(s.field).append(": ");
    s.sigma.append(YamlQuoted(SigmaLiteral(s.value)));
    s.sigma.append("\n# and in the condition: ... and not ").append(name);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::string SigmaLiteral(std::string_view value) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == '*' || c == '?') {
      out += '\\';
      out += c;
    } else if (c == '\\' && i + 1 < value.size() &&
               (value[i + 1] == '*' || value[i + 1] == '?' || value[i + 1] == '\\')) {
      out += "\\\\";
    } else {
      out += c;
    }
  }
  return out;
}

Result<BaselineReport> Baseline(const BaselineOptions& options, const store::Case& c,
                                const std::vector<std::string>& skip_tables) {
  BaselineReport report;
  report.budget = options.budget_per_day;
  sigma::Engine engine(options.rules.loader);
  LoadRuleSet(options.rules, engine, report.problems);
  const auto& infos = engine.rules().infos();
  std::set<int> correlations;
  for (const auto& corr : engine.rules().correlations()) correlations.insert(corr.info);

  std::vector<Dimension> dims;
  for (const auto& name : options.by) dims.push_back(DimensionNamed(name));
  std::vector<Tally> tallies(infos.size());
  for (auto& t : tallies) {
    t.values.resize(dims.size());
    t.fields.resize(dims.size());
    t.pairs.resize(dims.size());
  }
  const Event* current = nullptr;
  sigma::AlertStream stream(engine, [&](const sigma::Alert& a) {
    Tally& t = tallies[static_cast<size_t>(a.info)];
    ++t.alerts;
    if (a.time) ++t.per_day[DayOf(*a.time)];
    bool correlation = correlations.count(a.info) != 0;
    for (size_t d = 0; d < dims.size(); ++d) {
      for (const auto& field : dims[d].fields) {
        std::string value;
        if (correlation) {  // a correlation's alert carries its group's values
          for (const auto& [k, v] : a.details)
            if (EqualsIgnoreCaseAscii(k, field)) value = v;
        } else if (current != nullptr) {
          if (const Value* v = current->Find(field)) value = v->ToText();
        }
        if (value.empty()) continue;
        Count(t, d, field, std::move(value));
        break;
      }
    }
  });
  sigma::Matcher matcher(engine.rules());
  bool stopped = false;
  QUARRY_RETURN_IF_ERROR(c.ForEachEvent(skip_tables, [&](const Event& e) {
    current = &e;
    stream.Event(matcher, e);
    if (++report.events % 100000 == 0 && options.on_progress) options.on_progress(report.events);
    return (report.events & 1023) != 0 || !options.cancelled || !(stopped = options.cancelled());
  }));
  if (stopped) return Status(StatusCode::kCancelled, "the baseline was cancelled");
  current = nullptr;
  stream.Finish();

  // The days the case covers, from its tables' time ranges.
  QUARRY_ASSIGN_OR_RETURN(auto tables, c.Tables());
  std::optional<int64_t> first, last;
  for (const auto& t : tables) {
    if (std::find(skip_tables.begin(), skip_tables.end(), t.name) != skip_tables.end()) continue;
    if (t.min_time) first = std::min(first.value_or(DayOf(*t.min_time)), DayOf(*t.min_time));
    if (t.max_time) last = std::max(last.value_or(DayOf(*t.max_time)), DayOf(*t.max_time));
  }
  if (first && last) {
    report.days = *last - *first + 1;
    report.first_day = DayText(*first);
    report.last_day = DayText(*last);
  }

  for (size_t i = 0; i < infos.size(); ++i) {
    if (!infos[i].selected || engine.rules().Suppressed(static_cast<int>(i))) continue;
    const Tally& t = tallies[i];
    RuleBaseline r;
    r.rule = infos[i].title;
    r.id = infos[i].id;
    r.path = infos[i].path;
    r.line = infos[i].line;
    r.level = sigma::LevelName(infos[i].level);
    r.alerts = t.alerts;
    std::vector<int64_t> per_day;
    if (first && last) {
      for (int64_t day = *first; day <= *last; ++day) {
        auto it = t.per_day.find(day);
        per_day.push_back(it == t.per_day.end() ? 0 : it->second);
      }
    }
    std::sort(per_day.begin(), per_day.end());
    r.median = Median(per_day);
    r.p95 = Percentile(per_day, 0.95);
    r.max = per_day.empty() ? 0 : static_cast<double>(per_day.back());
    r.over_budget = r.p95 > options.budget_per_day;
    for (size_t d = 0; d < dims.size() && t.alerts > 0; ++d) {
      DimensionTop top{dims[d].name, "", {}};
      int64_t best = 0;
      for (const auto& [field, n] : t.fields[d]) {
        if (n > best) top.field = field, best = n;
      }
      std::vector<std::pair<std::string, int64_t>> values(t.values[d].begin(), t.values[d].end());
      std::stable_sort(values.begin(), values.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
      for (size_t k = 0; k < values.size() && k < options.top_values; ++k) {
        top.top.push_back({values[k].first, values[k].second,
                           static_cast<double>(values[k].second) / static_cast<double>(t.alerts)});
      }
      if (!top.top.empty()) r.top.push_back(std::move(top));
    }
    if (r.over_budget && correlations.count(static_cast<int>(i)) == 0)
      r.suggestions = Suggest(t, dims);
    report.over_budget += r.over_budget;
    report.rules.push_back(std::move(r));
  }
  std::stable_sort(
      report.rules.begin(), report.rules.end(),
      [](const RuleBaseline& a, const RuleBaseline& b) { return a.alerts > b.alerts; });
  return report;
}

}  // namespace quarry::detect
