// KQL drafts written as Sigma rules (tests/detect/draft_sigma/<case>/): query.kql converts to
// expected.yml, or fails with the message in expected_error.txt. QUARRY_UPDATE_GOLDEN=1 rewrites
// the expected files after a deliberate change; review the diff. Each converted rule must also
// load.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "detect/draft_sigma.h"
#include "sigma/loader.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

fs::path CasesDir() {
  return SourceDir() / "tests" / "detect" / "draft_sigma";
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(CasesDir())) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

detect::RuleMeta Meta() {
  detect::RuleMeta m;
  m.title = "Drafted";
  m.id = "00000000-0000-4000-8000-000000000001";
  m.correlation_id = "00000000-0000-4000-8000-000000000002";
  m.name = "drafted";
  m.description = "a test draft";
  m.author = "tester";
  m.date = "2026-12-05";
  m.techniques = {"T1003.001"};
  return m;
}

class DraftSigmaCase : public ::testing::TestWithParam<std::string> {};

TEST_P(DraftSigmaCase, ConvertsAsExpected) {
  fs::path dir = CasesDir() / GetParam();
  auto draft = detect::SigmaFromKql(ReadFile(dir / "query.kql"), Meta());
  bool update = std::getenv("QUARRY_UPDATE_GOLDEN") != nullptr;
  std::string got = draft.ok() ? draft->yaml : draft.status().message() + "\n";
  fs::path expected = dir / (draft.ok() ? "expected.yml" : "expected_error.txt");
  if (update) {
    fs::remove(dir / "expected.yml");
    fs::remove(dir / "expected_error.txt");
    WriteFile(expected, got);
  }
  ASSERT_TRUE(fs::exists(expected)) << "expected " << expected << ", got:\n" << got;
  EXPECT_EQ(got, ReadFile(expected));
  if (!draft.ok()) return;
  fs::path rule = TempDir("draft_sigma_" + GetParam()) / "drafted.yml";
  WriteFile(rule, draft->yaml);
  sigma::RuleLoader loader;
  loader.AddPath(rule.string());
  sigma::Ruleset rules = loader.Finish();
  ASSERT_FALSE(loader.results().empty());
  for (const sigma::RuleLoad& r : loader.results()) EXPECT_TRUE(r.loaded) << r.reason;
}

INSTANTIATE_TEST_SUITE_P(Cases, DraftSigmaCase, ::testing::ValuesIn(CaseNames()),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace quarry::testing
