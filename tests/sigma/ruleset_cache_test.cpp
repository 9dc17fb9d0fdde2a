// The compiled-rule cache: a rule set loaded from it is the rule set compiled afresh (same load
// results, same alerts on every sample event), a changed text misses it, and a damaged cache
// file is ignored.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "ingest/reader.h"
#include "sigma/loader.h"
#include "sigma/ruleset_codec.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

struct Loaded {
  sigma::Ruleset rules;
  std::vector<sigma::RuleLoad> results;
  bool from_cache = false;
};

Loaded Load(const std::vector<std::pair<std::string, std::string>>& texts) {
  sigma::LoaderOptions options;
  options.cache = true;
  sigma::RuleLoader loader(options);
  for (const auto& [name, text] : texts) loader.AddText(name, text);
  Loaded out;
  out.rules = loader.Finish();
  out.results = loader.results();
  out.from_cache = loader.from_cache();
  return out;
}

// Rule titles matched per sample event, in order, for every sample of every rule and case.
std::vector<std::string> Matches(const sigma::Ruleset& rules) {
  std::vector<std::string> out;
  sigma::Matcher matcher(rules);
  std::vector<fs::path> files;
  for (const auto& dir : {SourceDir() / "rules", SourceDir() / "tests" / "sigma"}) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.path().extension() == ".jsonl") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto reader = ingest::OpenReaderFromMemory(f.string(), ReadFile(f), {}, nullptr);
    if (!reader.ok()) continue;
    Event e;
    while ((*reader)->Next(e)) {
      std::string line = f.filename().string() + ":";
      for (int r : matcher.Match(e)) {
        line += " " + rules.infos()[static_cast<size_t>(rules.rules()[r].info)].title;
      }
      out.push_back(line);
    }
  }
  return out;
}

std::vector<std::string> Describe(const std::vector<sigma::RuleLoad>& results) {
  std::vector<std::string> out;
  for (const auto& r : results) {
    std::string notes;
    for (const auto& n : r.notes) notes += n + ";";
    out.push_back(r.path + ":" + std::to_string(r.line) + " " + r.id + " " + r.title + " " +
                  (r.loaded ? "loaded" : "failed") + " " + r.reason + " " + notes);
  }
  return out;
}

class RulesetCache : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("quarry-rules-cache-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    setenv("QUARRY_CACHE_DIR", dir_.c_str(), 1);
    // Our pack and every semantics case (errors included: they are results too).
    for (const auto& e : fs::recursive_directory_iterator(SourceDir() / "rules")) {
      // x.tests/expect.yml is a rule's tests, not a rule.
      if (e.path().extension() == ".yml" && e.path().parent_path().extension() != ".tests")
        texts_.emplace_back(e.path().string(), ReadFile(e.path()));
    }
    for (const auto& e : fs::directory_iterator(SourceDir() / "tests" / "sigma" / "cases")) {
      fs::path rule = e.path() / "rule.yml";
      // Filters and correlations name rules of their own case only: one text per case keeps
      // them apart, as the cases' ids repeat.
      if (fs::exists(rule)) texts_.emplace_back(rule.string(), ReadFile(rule));
    }
    std::sort(texts_.begin(), texts_.end());
  }
  void TearDown() override {
    unsetenv("QUARRY_CACHE_DIR");
    fs::remove_all(dir_);
  }
  fs::path dir_;
  std::vector<std::pair<std::string, std::string>> texts_;
};

TEST_F(RulesetCache, LoadsWhatWasCompiledAndMatchesTheSame) {
  Loaded fresh = Load(texts_);
  EXPECT_FALSE(fresh.from_cache);
  Loaded cached = Load(texts_);
  ASSERT_TRUE(cached.from_cache);
  EXPECT_EQ(Describe(cached.results), Describe(fresh.results));
  EXPECT_EQ(cached.rules.rules().size(), fresh.rules.rules().size());
  EXPECT_EQ(cached.rules.test_count(), fresh.rules.test_count());
  EXPECT_EQ(cached.rules.correlations().size(), fresh.rules.correlations().size());
  std::vector<std::string> want = Matches(fresh.rules);
  EXPECT_GT(want.size(), 100u);
  EXPECT_EQ(Matches(cached.rules), want);
}

TEST_F(RulesetCache, AChangedTextMissesAndADamagedFileIsIgnored) {
  Load(texts_);
  auto changed = texts_;
  changed[0].second += "\n# changed\n";
  EXPECT_FALSE(Load(changed).from_cache);
  // Damage every cache file: cut it short, or flip a byte in the middle.
  int damaged = 0;
  for (const auto& e : fs::directory_iterator(dir_ / "rules")) {
    std::string bytes = ReadFile(e.path());
    if (damaged++ % 2 == 0) {
      bytes.resize(bytes.size() / 2);
    } else {
      bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5A);
    }
    std::ofstream(e.path(), std::ios::binary) << bytes;
  }
  ASSERT_GT(damaged, 0);
  // Both are refused (the file's digest no longer holds), and the rules are compiled afresh.
  Loaded again = Load(texts_);
  EXPECT_FALSE(again.from_cache);
  Loaded fresh;
  {
    sigma::RuleLoader loader;
    for (const auto& [name, text] : texts_) loader.AddText(name, text);
    fresh.rules = loader.Finish();
  }
  EXPECT_EQ(Matches(again.rules), Matches(fresh.rules));
}

TEST(RulesetCodec, RefusesWhatIsNotAnEncoding) {
  sigma::Ruleset rules;
  std::vector<sigma::RuleLoad> results;
  EXPECT_FALSE(sigma::RulesetCodec::Decode("", rules, results));
  EXPECT_FALSE(sigma::RulesetCodec::Decode("quarry-ruleset-1\n", rules, results));
  EXPECT_FALSE(sigma::RulesetCodec::Decode("not a rule set at all", rules, results));
}

}  // namespace
}  // namespace quarry::testing
