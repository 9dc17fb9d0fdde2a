#include "detect/coverage.h"

#include <algorithm>
#include <map>
#include <set>

#include "detect/rule_tests.h"
#include "sigma/engine.h"

namespace quarry::detect {
namespace {

void AddUnique(std::vector<std::string>& to, const std::string& value) {
  if (std::find(to.begin(), to.end(), value) == to.end()) to.push_back(value);
}

// A rule's techniques and tactics from its tags; tags the catalog does not know are problems.
RuleCoverage FromTags(const sigma::RuleInfo& info, const catalog::Attack& attack,
                      std::vector<Finding>& problems) {
  RuleCoverage r;
  r.rule = info.title;
  r.id = info.id;
  r.path = info.path;
  r.line = info.line;
  r.level = sigma::LevelName(info.level);
  for (const auto& tag : info.tags) {
    if (const catalog::Tactic* tactic = attack.TacticOfTag(tag)) {
      AddUnique(r.tactics, tactic->shortname);
      continue;
    }
    std::string id = catalog::TechniqueOfTag(tag);
    if (id.empty()) continue;
    const catalog::Technique* technique = attack.FindTechnique(id);
    if (technique == nullptr) {
      Finding f;
      f.severity = Severity::kWarning;
      f.code = "rules.coverage.unknown_technique";
      f.message = "'" + tag +
                  "' is not a technique of the ATT&CK catalog (revoked, deprecated, or newer than "
                  "the catalog)";
      f.where.file = info.path;
      f.where.line = static_cast<uint64_t>(info.line);
      problems.push_back(std::move(f));
      continue;
    }
    AddUnique(r.techniques, technique->id);
    for (const auto& t : technique->tactics) AddUnique(r.tactics, t);
  }
  return r;
}

std::string ParentOf(const std::string& technique) {
  return technique.substr(0, technique.find('.'));
}

}  // namespace

CoverageReport Coverage(const CoverageOptions& options, const catalog::Attack& attack) {
  CoverageReport report;
  report.with_case = options.sources.has_value();
  sigma::Engine engine(options.rules.loader);
  LoadRuleSet(options.rules, engine, report.problems);

  // Which rules have tests, and pass them.
  RuleTestOptions tests;
  tests.rules = options.rules;
  RuleTestReport tested = RunRuleTests(tests);
  std::map<std::pair<std::string, int>, bool> verdicts;
  for (const auto& t : tested.rules) verdicts[{t.path, t.line}] = t.passed;

  // A correlation has no logsource of its own: it has data where the rules it counts do.
  const auto& infos = engine.rules().infos();
  auto events_for = [&](int info) {
    return options.sources->EventsFor(sigma::MapLogSource(
        infos[static_cast<size_t>(info)].logsource, &options.rules.loader.mapping));
  };
  std::map<int, std::vector<int>> counted;
  for (const auto& c : engine.rules().correlations()) counted[c.info] = c.rule_infos;
  for (size_t i = 0; i < infos.size(); ++i) {
    const sigma::RuleInfo& info = infos[i];
    if (!info.selected) continue;
    RuleCoverage r = FromTags(info, attack, report.problems);
    auto verdict = verdicts.find({info.path, info.line});
    r.tested = verdict != verdicts.end();
    r.passing = r.tested && verdict->second;
    if (options.sources) {
      auto parts = counted.find(static_cast<int>(i));
      if (parts == counted.end()) {
        r.case_events = events_for(static_cast<int>(i));
      } else {
        r.case_events = 0;
        for (int part : parts->second) r.case_events += events_for(part);
      }
      r.active = r.case_events > 0;
    }
    if (r.techniques.empty()) ++report.untagged;
    report.rules.push_back(std::move(r));
  }

  std::map<std::string, TechniqueCoverage> techniques;
  for (size_t i = 0; i < report.rules.size(); ++i) {
    const RuleCoverage& r = report.rules[i];
    for (const auto& id : r.techniques) {
      TechniqueCoverage& t = techniques[id];
      if (t.id.empty()) {
        const catalog::Technique* known = attack.FindTechnique(id);
        t.id = known->id;
        t.name = known->name;
        t.tactics = known->tactics;
      }
      t.rules.push_back(i);
      t.tested += r.tested;
      t.passing += r.passing;
      t.active += r.active;
    }
  }
  for (auto& [id, t] : techniques) report.techniques.push_back(std::move(t));

  // Per tactic: its top-level techniques, and those an active rule covers (itself or a
  // sub-technique of it).
  std::set<std::string> covered;
  for (const auto& t : report.techniques) {
    if (t.active > 0) covered.insert(ParentOf(t.id));
  }
  for (const auto& tactic : attack.tactics()) {
    TacticCoverage c{tactic.id, tactic.name, tactic.shortname, 0, 0, 0};
    for (const auto& t : attack.techniques()) {
      bool top = t.id.find('.') == std::string::npos;
      if (!top ||
          std::find(t.tactics.begin(), t.tactics.end(), tactic.shortname) == t.tactics.end())
        continue;
      ++c.techniques;
      c.covered += covered.count(t.id) != 0;
    }
    for (const auto& r : report.rules) {
      bool tagged =
          std::find(r.tactics.begin(), r.tactics.end(), tactic.shortname) != r.tactics.end();
      c.rules += tagged && r.active;
    }
    report.tactics.push_back(std::move(c));
  }
  return report;
}

}  // namespace quarry::detect
