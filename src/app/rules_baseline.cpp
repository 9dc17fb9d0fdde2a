// quarry rules baseline: the job and its renderings.
#include <cstdio>
#include <sstream>

#include "app/alert_store.h"
#include "app/rule_json.h"
#include "app/rules.h"
#include "store/case.h"

namespace quarry::app {
namespace {

Result<double> ParseBudget(const std::string& text) {
  std::string number = text;
  if (size_t slash = number.find('/'); slash != std::string::npos) {
    if (number.substr(slash) != "/day" && number.substr(slash) != "/d")
      return UsageError("--budget: '" + text + "' is not N/day");
    number.resize(slash);
  }
  char* end = nullptr;
  double value = std::strtod(number.c_str(), &end);
  if (number.empty() || end == nullptr || *end != '\0' || !(value >= 0))
    return UsageError("--budget: '" + text + "' is not a number of alerts per day (e.g. 20/day)");
  return value;
}

std::string Number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

std::string Percent(double share) {
  return Number(std::round(share * 1000) / 10) + "%";
}

}  // namespace

Result<detect::BaselineReport> BaselineRules(const BaselineRequest& request) {
  if (request.case_dir.empty()) return UsageError("give the case to baseline on (--case DIR)");
  detect::BaselineOptions options;
  QUARRY_ASSIGN_OR_RETURN(options.rules, RuleSetFrom(request.rules, ""));
  QUARRY_ASSIGN_OR_RETURN(options.budget_per_day, ParseBudget(request.budget));
  if (!request.by.empty()) options.by = request.by;
  options.on_progress = request.on_progress;
  options.cancelled = request.cancelled;
  QUARRY_ASSIGN_OR_RETURN(auto c,
                          store::Case::Open(request.case_dir, store::Case::Mode::kOpenExisting));
  return detect::Baseline(options, *c, {AlertStore::kTable});
}

std::string BaselineText(const detect::BaselineReport& report) {
  std::ostringstream out;
  out << "Baseline over " << report.first_day << " to " << report.last_day << " (" << report.days
      << " day(s), " << report.events << " events); budget " << Number(report.budget)
      << " alerts/day at the 95th percentile of days\n\n";
  Table table;
  table.columns = {"rule", "level", "alerts", "median/day", "p95/day", "max/day", "over budget"};
  for (const auto& r : report.rules) {
    table.rows.push_back({Value::String(r.rule), Value::String(r.level), Value::Long(r.alerts),
                          Value::Real(r.median), Value::Real(r.p95), Value::Real(r.max),
                          Value::String(r.over_budget ? "yes" : "")});
  }
  Render(table, OutputFormat::kTable, out);
  for (const auto& r : report.rules) {
    if (!r.over_budget) continue;
    out << "\n"
        << r.rule << " (" << r.path << ":" << r.line << "): " << r.alerts << " alerts, p95 "
        << Number(r.p95) << "/day\n";
    for (const auto& d : r.top) {
      out << "  " << d.name << " (" << d.field << "):";
      for (const auto& v : d.top) out << "  " << v.value << " " << Percent(v.share);
      out << '\n';
    }
    if (r.suggestions.empty()) continue;
    out << "  suggested filters (not applied; review each before adding it to the rule):\n";
    for (const auto& s : r.suggestions) {
      out << "    # removes " << s.removes << " alerts (" << Percent(s.share) << ")\n";
      std::istringstream lines(s.sigma);
      for (std::string line; std::getline(lines, line);) out << "    " << line << '\n';
    }
  }
  if (!report.problems.empty()) {
    out << "\nProblems (" << report.problems.size() << "):\n";
    for (const auto& f : report.problems) out << "  " << f.ToString() << '\n';
  }
  out << '\n' << report.rules.size() << " rule(s), " << report.over_budget << " over budget\n";
  return out.str();
}

std::string BaselineJson(const detect::BaselineReport& report) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("rules").BeginArray();
  for (const auto& r : report.rules) {
    BeginRuleJson(w, r.rule, r.id, r.path, r.line)
        .Field("level", r.level)
        .Field("alerts", r.alerts)
        .Key("per_day")
        .BeginObject()
        .Field("median", r.median)
        .Field("p95", r.p95)
        .Field("max", r.max)
        .EndObject()
        .Field("over_budget", r.over_budget)
        .Key("top")
        .BeginArray();
    for (const auto& d : r.top) {
      w.BeginObject().Field("dimension", d.name).Field("field", d.field).Key("values").BeginArray();
      for (const auto& v : d.top) {
        w.BeginObject().Field("value", v.value).Field("alerts", v.alerts).Field("share", v.share);
        w.EndObject();
      }
      w.EndArray().EndObject();
    }
    w.EndArray().Key("suggestions").BeginArray();
    for (const auto& s : r.suggestions) {
      w.BeginObject()
          .Field("field", s.field)
          .Field("value", s.value)
          .Field("removes", s.removes)
          .Field("share", s.share)
          .Field("sigma", s.sigma)
          .EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray()
      .Field("days", report.days)
      .Field("first_day", report.first_day)
      .Field("last_day", report.last_day)
      .Field("events", report.events)
      .Field("budget", report.budget)
      .Field("over_budget", static_cast<int64_t>(report.over_budget))
      .Key("problems");
  WriteFindings(w, report.problems);
  w.EndObject();
  return out + "\n";
}

}  // namespace quarry::app
