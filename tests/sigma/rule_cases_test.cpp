// Data-driven Sigma semantics: each folder under tests/sigma/cases holds a rule (rule.yml) and
// either events (events.jsonl, one flat JSON object per line) with the 1-based numbers of the
// events that must match (expected.txt), or the text the load error must contain (error.txt).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "ingest/reader.h"
#include "sigma/engine.h"
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
  sigma::Engine engine;
  engine.AddText((dir / "rule.yml").string(), ReadFile(dir / "rule.yml"));
  engine.Finish();
  ASSERT_GE(engine.load_results().size(), 1u);
  if (fs::exists(dir / "error.txt")) {
    std::string want = ReadFile(dir / "error.txt");
    while (!want.empty() && want.back() == '\n') want.pop_back();
    bool found = false;
    for (const auto& load : engine.load_results()) {
      if (load.loaded) continue;
      found = found || load.reason.find(want) != std::string::npos;
      EXPECT_NE(load.reason.find("rule.yml:"), std::string::npos)
          << "names the file: " << load.reason;
    }
    EXPECT_TRUE(found) << "no load error contains: " << want;
    return;
  }
  // A case may hold several documents: a rule and the filters that apply to it.
  for (const auto& load : engine.load_results()) ASSERT_TRUE(load.loaded) << load.reason;
  std::set<int> expected;
  std::stringstream ss(ReadFile(dir / "expected.txt"));
  for (int n; ss >> n;) expected.insert(n);
  auto reader =
      ingest::OpenReaderFromMemory("events.jsonl", ReadFile(dir / "events.jsonl"), {},
                                   [](const Finding& f) { ADD_FAILURE() << f.ToString(); });
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  // An event matches when the engine shows an alert for it: a rule's own (rules used only by
  // non-generating correlations show none) or a correlation's, which carries the event that
  // completed it (for windows judged at their end, the window's last event).
  std::map<uint64_t, int> index_of_record;
  std::set<int> matched;
  sigma::Matcher matcher(engine.rules());
  sigma::AlertStream stream(engine, [&](const sigma::Alert& a) {
    auto it = index_of_record.find(a.record);
    ASSERT_NE(it, index_of_record.end()) << "an alert for no event read";
    matched.insert(it->second);
  });
  Event e;
  int index = 0;
  std::map<int, std::string> canonical;
  while ((*reader)->Next(e)) {
    ++index;
    canonical[index] = CanonicalEvent(e);
    index_of_record[e.provenance.offset] = index;
    stream.Event(matcher, e);
  }
  stream.Finish();
  for (int i = 1; i <= index; ++i) {
    EXPECT_EQ(matched.count(i) > 0, expected.count(i) > 0) << "event " << i << ": " << canonical[i];
  }
  EXPECT_GT(index, 0);
}

INSTANTIATE_TEST_SUITE_P(Cases, SigmaCase, ::testing::ValuesIn(CaseNames()),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace quarry::testing

namespace quarry::testing {
namespace {

// The shared repro of a collection that once aborted a whole load: it is reported on its own
// and every other rule still loads.
TEST(SigmaLoad, ACollectionThatCannotMergeFailsAloneNotTheWholeLoad) {
  fs::path repro =
      SourceDir().parent_path() / "shared" / "repro" / "sigma-collection-merge-crash.yml";
  if (!fs::exists(repro)) GTEST_SKIP() << "shared repro not found: " << repro;
  sigma::Engine engine;
  engine.AddPath((SourceDir() / "rules").string());
  engine.AddPath(repro.string());
  engine.Finish();
  size_t loaded = 0, failed_elsewhere = 0;
  bool repro_reported = false;
  for (const auto& r : engine.load_results()) {
    if (r.loaded) {
      ++loaded;
    } else if (r.path == repro.string()) {
      repro_reported = repro_reported || r.reason.find(repro.string() + ":") == 0;
    } else {
      ++failed_elsewhere;
    }
  }
  EXPECT_TRUE(repro_reported);
  EXPECT_EQ(failed_elsewhere, 0u);
  EXPECT_GE(loaded, 30u);
}

}  // namespace
}  // namespace quarry::testing
