// quarry rules test over data: each folder under tests/detect/rule_tests holds rules/ (rules and
// their x.tests/ folders), optionally corpora/ (the root for corpora: samples), and expected.txt,
// the text report with paths relative to the folder. QUARRY_UPDATE_GOLDEN=1 rewrites
// expected.txt after a deliberate change; review the diff.
#include <gtest/gtest.h>

#include <cstdlib>

#include "app/rules.h"
#include "core/strings.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

fs::path CasesDir() {
  return SourceDir() / "tests" / "detect" / "rule_tests";
}

class RuleTestCase : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleTestCase, ReportMatchesExpected) {
  fs::path dir = CasesDir() / GetParam();
  app::RuleTestRequest request;
  request.rules.paths = {(dir / "rules").string()};
  request.corpora = fs::exists(dir / "corpora") ? (dir / "corpora").string() : dir.string();
  auto report = app::TestRules(request);
  ASSERT_TRUE(report.ok()) << report.status().message();
  std::string text = ReplaceAll(app::RuleTestsText(*report), dir.string() + "/", "");
  fs::path golden = dir / "expected.txt";
  if (std::getenv("QUARRY_UPDATE_GOLDEN") != nullptr) WriteFile(golden, text);
  ASSERT_TRUE(fs::exists(golden)) << "run with QUARRY_UPDATE_GOLDEN=1 to create " << golden;
  EXPECT_EQ(text, ReadFile(golden));

  // The JSON and JUnit renderings carry the same verdicts.
  std::string json = app::RuleTestsJson(*report);
  EXPECT_NE(json.find("\"failed\":" + std::to_string(report->failed)), std::string::npos);
  std::string junit = app::RuleTestsJunit(*report);
  size_t failures = 0;
  for (size_t at = junit.find("<failure"); at != std::string::npos;
       at = junit.find("<failure", at + 1))
    ++failures;
  EXPECT_EQ(failures, report->failed + (report->problems.empty() ? 0 : 1));
}

INSTANTIATE_TEST_SUITE_P(Folders, RuleTestCase, ::testing::ValuesIn(SubfolderNames(CasesDir())),
                         [](const auto& param_info) { return param_info.param; });

// A tests folder's expect.yml cannot make the load throw or hang, whatever it holds.
TEST(ExpectFile, HostileTextsAreFindingsNotCrashes) {
  for (const char* text : {"", "[", "{a: [1, 2", "expect: 7", "expect: {x: [1]}", "rules: {a: b}",
                           "samples: {positive: {a: b}}", "expect: {x: {groups: [[1]]}}",
                           "expect: {x: {alerts: 99999999999999999999}}", "- - - -", "&a [*a]"}) {
    detect::TestSpec spec;
    spec.expect_file = "expect.yml";
    detect::ParseExpect(text, "", spec);
    SCOPED_TRACE(text);
    for (const auto& p : spec.problems) EXPECT_EQ(p.where.file, "expect.yml");
  }
  detect::TestSpec spec;
  spec.expect_file = "expect.yml";
  detect::ParseExpect("expect: {x: {alerts: 99999999999999999999}}", "", spec);
  EXPECT_FALSE(spec.problems.empty());
}

}  // namespace
}  // namespace quarry::testing
