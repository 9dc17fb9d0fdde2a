// Rule selection before compiling (sigma::Selection through sigma::Engine): what is left out is
// not compiled, a selected correlation still reads the rules it refers to without showing their
// alerts, and a selection is part of the compiled-rule cache's key.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "ingest/reader.h"
#include "sigma/engine.h"
#include "test_util.h"

namespace quarry::testing {
namespace {

// A low rule, a high rule, and a high correlation over the low one (five in ten minutes).
constexpr const char* kRules = R"(title: failed logon
id: 11111111-0000-0000-0000-000000000001
name: failed_logon
status: test
level: low
tags: [attack.credential-access, attack.t1110]
logsource: {product: windows, service: security}
detection:
  selection: {EventID: 4625}
  condition: selection
---
title: log cleared
id: 11111111-0000-0000-0000-000000000002
status: stable
level: high
tags: [attack.defense-evasion, attack.t1070.001]
logsource: {product: windows, service: security}
detection:
  selection: {EventID: 1102}
  condition: selection
---
title: failed logon burst
id: 11111111-0000-0000-0000-000000000003
status: test
level: high
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [TargetUserName]
  timespan: 10m
  condition: {gte: 5}
  generate: true
)";

std::string Events() {
  std::string out;
  for (int i = 0; i < 5; ++i) {
    out +=
        R"({"Channel":"Security","EventID":4625,"TargetUserName":"bob","TimeCreated":"2024-05-01T10:0)" +
        std::to_string(i) + R"(:00Z"})" + "\n";
  }
  out += R"({"Channel":"Security","EventID":1102,"TimeCreated":"2024-05-01T10:09:00Z"})"
         "\n";
  return out;
}

// Titles of the alerts shown, in order.
std::vector<std::string> Scan(sigma::Selection selection, const sigma::Engine** keep = nullptr,
                              const char* rules = kRules) {
  sigma::LoaderOptions options;
  options.selection = std::move(selection);
  static std::vector<std::unique_ptr<sigma::Engine>> engines;
  engines.push_back(std::make_unique<sigma::Engine>(options));
  sigma::Engine& engine = *engines.back();
  engine.AddText("rules.yml", rules);
  engine.Finish([](const Finding& f) { ADD_FAILURE() << f.ToString(); });
  if (keep) *keep = &engine;
  std::vector<std::string> titles;
  sigma::Matcher matcher(engine.rules());
  sigma::AlertStream stream(
      engine, [&](const sigma::Alert& a) { titles.push_back(engine.info(a.info).title); });
  auto reader = ingest::OpenReaderFromMemory("events.jsonl", Events(), {}, nullptr);
  EXPECT_TRUE(reader.ok());
  Event e;
  while ((*reader)->Next(e)) stream.Event(matcher, e);
  stream.Finish();
  return titles;
}

TEST(Selection, EverythingByDefault) {
  auto titles = Scan({});
  EXPECT_EQ(std::count(titles.begin(), titles.end(), "failed logon"), 5);
  EXPECT_EQ(std::count(titles.begin(), titles.end(), "failed logon burst"), 1);
  EXPECT_EQ(std::count(titles.begin(), titles.end(), "log cleared"), 1);
}

TEST(Selection, MinLevelKeepsTheCorrelationButHidesTheRuleItReads) {
  sigma::Selection high;
  high.min_level = sigma::Level::kHigh;
  const sigma::Engine* engine = nullptr;
  auto titles = Scan(high, &engine);
  EXPECT_EQ(titles, (std::vector<std::string>{"failed logon burst", "log cleared"}));
  // The low rule is compiled for the correlation, but not as a selected rule.
  int low_selected = 0;
  for (const auto& info : engine->rules().infos())
    low_selected += info.title == "failed logon" && info.selected;
  EXPECT_EQ(low_selected, 0);
}

TEST(Selection, RulesLeftOutAreNotCompiledAndSaySo) {
  sigma::Selection stable;
  stable.statuses = {"STABLE"};
  const sigma::Engine* engine = nullptr;
  auto titles = Scan(stable, &engine);
  EXPECT_EQ(titles, (std::vector<std::string>{"log cleared"}));
  EXPECT_EQ(engine->rules().infos().size(), 1u);
  int not_selected = 0;
  for (const auto& r : engine->load_results()) {
    if (!r.selected) {
      ++not_selected;
      EXPECT_FALSE(r.loaded);
      EXPECT_TRUE(r.reason.empty());
    }
  }
  EXPECT_EQ(not_selected, 2);
}

TEST(Selection, ByTagAndById) {
  sigma::Selection tag;
  tag.tags = {"attack.t1110"};
  auto by_tag = Scan(tag);
  EXPECT_EQ(std::count(by_tag.begin(), by_tag.end(), "failed logon"), 5);
  EXPECT_EQ(std::count(by_tag.begin(), by_tag.end(), "log cleared"), 0);
  sigma::Selection id;
  id.ids = {"11111111-0000-0000-0000-000000000002"};
  EXPECT_EQ(Scan(id), (std::vector<std::string>{"log cleared"}));
}

TEST(Selection, IsPartOfTheCacheKeyAndTheDigest) {
  setenv("XDG_CACHE_HOME", TempDir("selection_cache").c_str(), 1);
  auto load = [](sigma::Selection s) {
    sigma::LoaderOptions options;
    options.cache = true;
    options.selection = std::move(s);
    auto engine = std::make_unique<sigma::Engine>(options);
    engine->AddText("rules.yml", kRules);
    engine->Finish();
    return engine;
  };
  sigma::Selection high;
  high.min_level = sigma::Level::kHigh;
  auto all = load({});
  auto again = load({});
  auto only_high = load(high);
  EXPECT_TRUE(again->from_cache());
  EXPECT_FALSE(only_high->from_cache());
  EXPECT_EQ(all->rules().infos().size(), again->rules().infos().size());
  EXPECT_EQ(only_high->rules().infos().size(), 3u);  // the low rule is read by the correlation
  EXPECT_EQ(only_high->selected_count(), 2u);
  auto high_again = load(high);
  EXPECT_TRUE(high_again->from_cache());
  EXPECT_FALSE(high_again->rules().infos()[0].selected);
  EXPECT_EQ(all->digest(), again->digest());
  EXPECT_NE(all->digest(), only_high->digest());
}

}  // namespace
}  // namespace quarry::testing

namespace quarry::testing {
namespace {

// Whether a rule shows its own alerts is decided over every correlation of the rule set, as
// without a selection, even when the selection leaves some correlations out.
constexpr const char* kGenerateRules = R"(title: rule used only by a quiet correlation
name: quiet_base
level: high
logsource: {product: windows, service: security}
detection:
  selection: {EventID: 4625}
  condition: selection
---
title: quiet correlation
level: medium
correlation: {type: event_count, rules: [quiet_base], group-by: [TargetUserName], timespan: 10m, condition: {gte: 100}}
---
title: rule a generating correlation also uses
name: shared_base
level: high
logsource: {product: windows, service: security}
detection:
  selection: {EventID: 1102}
  condition: selection
---
title: generating correlation
level: low
correlation: {type: event_count, rules: [shared_base], group-by: [Computer], timespan: 10m, condition: {gte: 100}, generate: true}
---
title: second quiet correlation
level: high
correlation: {type: event_count, rules: [shared_base], group-by: [Computer], timespan: 10m, condition: {gte: 100}}
)";

std::set<std::string> ShownTitles(sigma::Selection selection) {
  std::vector<std::string> titles = Scan(std::move(selection), nullptr, kGenerateRules);
  return {titles.begin(), titles.end()};
}

TEST(Selection, GenerateIsJudgedOverTheWholeRuleSet) {
  std::set<std::string> all = ShownTitles({});
  EXPECT_EQ(all, (std::set<std::string>{"rule a generating correlation also uses"}));
  sigma::Selection high;
  high.min_level = sigma::Level::kHigh;
  EXPECT_EQ(ShownTitles(high), all);
}

}  // namespace
}  // namespace quarry::testing
