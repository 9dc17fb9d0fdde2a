// quarry rules coverage: the job and its three renderings (text, JSON, Navigator layer).
#include <algorithm>
#include <sstream>

#include "app/alert_store.h"
#include "app/rule_json.h"
#include "app/rules.h"
#include "store/case.h"

namespace quarry::app {
namespace {

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// "2 rules (2 tested, 1 passing)" and, over a case, how many have data there.
std::string RulesSummary(const detect::TechniqueCoverage& t, bool with_case) {
  std::string out = std::to_string(t.rules.size()) + " rule(s) (" + std::to_string(t.tested) +
                    " tested, " + std::to_string(t.passing) + " passing";
  if (with_case) out += ", " + std::to_string(t.active) + " with data in the case";
  return out + ")";
}

}  // namespace

Result<detect::CoverageReport> RulesCoverage(const CoverageRequest& request) {
  detect::CoverageOptions options;
  QUARRY_ASSIGN_OR_RETURN(options.rules, RuleSetFrom(request.rules, request.corpora));
  QUARRY_ASSIGN_OR_RETURN(auto attack, catalog::Attack::LoadDefault());
  if (!request.case_dir.empty()) {
    QUARRY_ASSIGN_OR_RETURN(auto c,
                            store::Case::Open(request.case_dir, store::Case::Mode::kOpenExisting));
    QUARRY_ASSIGN_OR_RETURN(auto sources, detect::CaseSources::Read(*c, {AlertStore::kTable}));
    options.sources = std::move(sources);
  }
  return detect::Coverage(options, attack);
}

std::string CoverageText(const detect::CoverageReport& report) {
  std::ostringstream out;
  size_t active = 0;
  for (const auto& r : report.rules) active += r.active;
  Table tactics;
  tactics.columns = {"tactic", "id", "techniques covered", "of", "rules"};
  for (const auto& t : report.tactics) {
    tactics.rows.push_back({Value::String(t.name), Value::String(t.id), Value::Long(t.covered),
                            Value::Long(t.techniques), Value::Long(t.rules)});
  }
  Render(tactics, OutputFormat::kTable, out);
  out << "\nTechniques (" << report.techniques.size() << "):\n";
  for (const auto& t : report.techniques) {
    out << "  " << t.id << " " << t.name << ": " << RulesSummary(t, report.with_case) << '\n';
    for (size_t i : t.rules) {
      const detect::RuleCoverage& r = report.rules[i];
      out << "      " << (r.active ? "" : "[no data] ") << r.rule
          << (r.tested ? (r.passing ? " [tested]" : " [tests fail]") : " [untested]") << '\n';
    }
  }
  if (!report.problems.empty()) {
    out << "\nProblems (" << report.problems.size() << "):\n";
    for (const auto& f : report.problems) out << "      " << f.ToString() << '\n';
  }
  out << '\n'
      << report.rules.size() << " rule(s), " << report.untagged
      << " without an ATT&CK technique tag";
  if (report.with_case) out << ", " << active << " with data in the case";
  out << '\n';
  return out.str();
}

std::string CoverageJson(const detect::CoverageReport& report) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("tactics").BeginArray();
  for (const auto& t : report.tactics) {
    w.BeginObject()
        .Field("id", t.id)
        .Field("name", t.name)
        .Field("shortname", t.shortname)
        .Field("techniques", t.techniques)
        .Field("covered", t.covered)
        .Field("rules", t.rules)
        .EndObject();
  }
  w.EndArray().Key("techniques").BeginArray();
  for (const auto& t : report.techniques) {
    std::vector<std::string> ids;
    for (size_t i : t.rules) ids.push_back(report.rules[i].id);
    w.BeginObject()
        .Field("id", t.id)
        .Field("name", t.name)
        .Field("tactics", t.tactics)
        .Field("rules", static_cast<int64_t>(t.rules.size()))
        .Field("tested", t.tested)
        .Field("passing", t.passing)
        .Field("active", t.active)
        .Field("rule_ids", ids)
        .EndObject();
  }
  w.EndArray().Key("rules").BeginArray();
  for (const auto& r : report.rules) {
    BeginRuleJson(w, r.rule, r.id, r.path, r.line)
        .Field("level", r.level)
        .Field("techniques", r.techniques)
        .Field("tactics", r.tactics)
        .Field("tested", r.tested)
        .Field("passing", r.passing)
        .Field("active", r.active);
    if (report.with_case) w.Field("case_events", r.case_events);
    w.EndObject();
  }
  w.EndArray().Field("untagged", static_cast<int64_t>(report.untagged)).Key("problems");
  WriteFindings(w, report.problems);
  w.EndObject();
  return out + "\n";
}

std::string CoverageNavigator(const detect::CoverageReport& report) {
  int max_score = 1;
  for (const auto& t : report.techniques) max_score = std::max(max_score, t.active);
  std::string out;
  JsonWriter w(out);
  w.BeginObject()
      .Field("name", "Quarry rule coverage")
      .Key("versions")
      .BeginObject()
      .Field("attack", "18")
      .Field("navigator", "5.1.0")
      .Field("layer", "4.5")
      .EndObject()
      .Field("domain", "enterprise-attack")
      .Field("description",
             std::string("Techniques covered by Sigma rules, scored by the number of rules") +
                 (report.with_case ? " with data in the case" : "") +
                 "; written by quarry rules coverage")
      .Field("sorting", 3)
      .Key("layout")
      .BeginObject()
      .Field("layout", "side")
      .Field("showID", true)
      .Field("showName", true)
      .EndObject()
      .Field("hideDisabled", false)
      .Key("techniques")
      .BeginArray();
  for (const auto& t : report.techniques) {
    std::vector<std::string> titles;
    for (size_t i : t.rules) titles.push_back(report.rules[i].rule);
    w.BeginObject()
        .Field("techniqueID", t.id)
        .Field("score", t.active)
        .Field("comment", RulesSummary(t, report.with_case) + ": " + Joined(titles))
        .Field("enabled", true)
        .Key("metadata")
        .BeginArray();
    for (size_t i : t.rules) {
      const detect::RuleCoverage& r = report.rules[i];
      w.BeginObject().Field("name", "rule").Field("value", r.rule + " (" + r.id + ")").EndObject();
    }
    w.EndArray().Field("showSubtechniques", true).EndObject();
  }
  w.EndArray()
      .Key("gradient")
      .BeginObject()
      .Key("colors")
      .BeginArray()
      .String("#ffffffff")
      .String("#66b1ffff")
      .EndArray()
      .Field("minValue", 0)
      .Field("maxValue", max_score)
      .EndObject()
      .Key("legendItems")
      .BeginArray()
      .EndArray()
      .EndObject();
  return out + "\n";
}

}  // namespace quarry::app
