// Our own rule pack (rules/): every rule loads, carries ATT&CK tags, and has a folder under
// tests/rules/<rule file stem> with positive.jsonl (each event must raise the rule; for a
// correlation, the events together must) and negative.jsonl (no event may).
#include <gtest/gtest.h>

#include "ingest/reader.h"
#include "sigma/engine.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

// Alerts per rule info for the events of a JSON-lines file (each event counted once per rule),
// base rules counted even when only correlations show them.
std::map<int, int> AlertsFor(const sigma::Engine& engine, const fs::path& events, int& count) {
  std::map<int, int> alerts;
  std::set<std::pair<int, uint64_t>> seen;  // (rule, event)
  sigma::Matcher matcher(engine.rules());
  sigma::AlertStream stream(
      engine,
      [&](const sigma::Alert& a) {
        if (seen.insert({a.info, a.record}).second) ++alerts[a.info];
      },
      sigma::AlertStream::kIncludeSuppressed);
  auto reader =
      ingest::OpenReaderFromMemory(events.filename().string(), ReadFile(events), {},
                                   [](const Finding& f) { ADD_FAILURE() << f.ToString(); });
  EXPECT_TRUE(reader.ok()) << reader.status().message();
  if (!reader.ok()) return alerts;
  Event e;
  count = 0;
  while ((*reader)->Next(e)) {
    ++count;
    stream.Event(matcher, e);
  }
  stream.Finish();
  return alerts;
}

TEST(RulePack, EveryRuleLoadsIsTaggedAndPassesItsSamples) {
  fs::path pack = SourceDir() / "rules";
  sigma::Engine engine;
  engine.AddPath(pack.string());
  engine.Finish([](const Finding& f) { ADD_FAILURE() << f.ToString(); });
  const sigma::Ruleset& rules = engine.rules();
  ASSERT_GE(rules.infos().size(), 30u);
  std::set<std::string> ids;
  for (size_t i = 0; i < rules.infos().size(); ++i) {
    const sigma::RuleInfo& info = rules.infos()[i];
    SCOPED_TRACE(info.path);
    EXPECT_TRUE(ids.insert(info.id).second) << "duplicate id " << info.id;
    bool technique = false;
    for (const auto& t : info.tags) technique = technique || t.rfind("attack.t", 0) == 0;
    EXPECT_TRUE(technique) << "no ATT&CK technique tag";
    bool correlation = false;
    for (const auto& c : rules.correlations())
      correlation = correlation || c.info == static_cast<int>(i);
    fs::path dir = SourceDir() / "tests" / "rules" / fs::path(info.path).stem();
    ASSERT_TRUE(fs::exists(dir / "positive.jsonl") && fs::exists(dir / "negative.jsonl"))
        << "missing samples in " << dir;
    int positives = 0, negatives = 0;
    auto pos = AlertsFor(engine, dir / "positive.jsonl", positives);
    auto neg = AlertsFor(engine, dir / "negative.jsonl", negatives);
    EXPECT_GT(positives, 0);
    EXPECT_GT(negatives, 0);
    if (correlation) {
      EXPECT_GE(pos[static_cast<int>(i)], 1) << "the correlation did not fire";
    } else {
      EXPECT_EQ(pos[static_cast<int>(i)], positives) << "some positive sample did not match";
    }
    EXPECT_EQ(neg[static_cast<int>(i)], 0) << "a negative sample matched";
  }
}

}  // namespace
}  // namespace quarry::testing
