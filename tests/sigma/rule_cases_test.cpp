// Data-driven Sigma semantics: each folder under tests/sigma/cases holds a rule (rule.yml) and
// either events (events.jsonl, one flat JSON object per line) with the 1-based numbers of the
// events that must match (expected.txt), or the text the load error must contain (error.txt).
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "ingest/reader.h"
#include "sigma/loader.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> CaseNames() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(SourceDir() / "tests" / "sigma" / "cases")) {
    if (e.is_directory()) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class SigmaCase : public ::testing::TestWithParam<std::string> {};

TEST_P(SigmaCase, MatchesExactlyTheExpectedEvents) {
  fs::path dir = SourceDir() / "tests" / "sigma" / "cases" / GetParam();
  sigma::RuleLoader loader;
  loader.AddText((dir / "rule.yml").string(), ReadFile(dir / "rule.yml"));
  sigma::Ruleset rules = loader.Finish();
  ASSERT_GE(loader.results().size(), 1u);
  if (fs::exists(dir / "error.txt")) {
    std::string want = ReadFile(dir / "error.txt");
    while (!want.empty() && want.back() == '\n') want.pop_back();
    bool found = false;
    for (const auto& load : loader.results()) {
      if (load.loaded) continue;
      found = found || load.reason.find(want) != std::string::npos;
      EXPECT_NE(load.reason.find("rule.yml:"), std::string::npos)
          << "names the file: " << load.reason;
    }
    EXPECT_TRUE(found) << "no load error contains: " << want;
    return;
  }
  // A case may hold several documents: a rule and the filters that apply to it.
  for (const auto& load : loader.results()) ASSERT_TRUE(load.loaded) << load.reason;
  sigma::Matcher matcher(rules);
  sigma::CorrelationState correlations(rules.correlations());
  std::set<int> expected;
  std::stringstream ss(ReadFile(dir / "expected.txt"));
  for (int n; ss >> n;) expected.insert(n);
  auto reader =
      ingest::OpenReaderFromMemory("events.jsonl", ReadFile(dir / "events.jsonl"), {},
                                   [](const Finding& f) { ADD_FAILURE() << f.ToString(); });
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  Event e;
  int index = 0;
  std::set<int> matched;
  std::map<int, std::string> canonical;
  // Correlations judged at a window's end fire later: each window reports its last event.
  auto take_closed = [&] {
    for (const auto& w : correlations.TakeClosed()) {
      matched.insert(*static_cast<const int*>(w.origin.get()));
    }
  };
  while ((*reader)->Next(e)) {
    ++index;
    canonical[index] = CanonicalEvent(e);
    // An event counts as matching when a rule shows an alert for it (rules used only by
    // non-generating correlations show none) or a correlation fires on it.
    auto origin = std::make_shared<const int>(index);
    for (int r : matcher.Match(e)) {
      int info = rules.rules()[static_cast<size_t>(r)].info;
      if (!rules.Suppressed(info)) matched.insert(index);
      std::vector<sigma::CorrelationFeed> feeds;
      sigma::FeedsFor(rules.correlations(), info, e, feeds);
      // A firing feeds the correlations that refer to the one that fired, in turn.
      while (!feeds.empty()) {
        std::vector<sigma::CorrelationFeed> chained;
        for (auto& f : feeds) {
          f.origin = origin;
          if (!correlations.Feed(f)) continue;
          int info_fired = rules.correlations()[static_cast<size_t>(f.correlation)].info;
          if (!rules.Suppressed(info_fired)) matched.insert(index);
          sigma::FeedsForFiring(rules.correlations(), f.correlation, f.key, f.time, chained);
        }
        feeds = std::move(chained);
      }
      take_closed();
    }
  }
  correlations.Finish();
  take_closed();
  for (int i = 1; i <= index; ++i) {
    EXPECT_EQ(matched.count(i) > 0, expected.count(i) > 0) << "event " << i << ": " << canonical[i];
  }
  EXPECT_GT(index, 0);
}

INSTANTIATE_TEST_SUITE_P(Cases, SigmaCase, ::testing::ValuesIn(CaseNames()),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace quarry::testing
