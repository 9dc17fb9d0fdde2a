// quarry rules coverage over data (tests/detect/coverage/README.md): each folder's rules, over a
// case ingested from its evidence/ when it has one, against its expected.txt. Needs the ATT&CK
// catalog of the shared corpora.
#include <gtest/gtest.h>

#include <cstdlib>

#include "app/ingest_job.h"
#include "app/rules.h"
#include "catalog/attack.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

fs::path CasesDir() {
  return SourceDir() / "tests" / "detect" / "coverage";
}

class CoverageCase : public ::testing::TestWithParam<std::string> {};

TEST_P(CoverageCase, ReportMatchesExpected) {
  if (catalog::FindDirectory().empty()) GTEST_SKIP() << "no ATT&CK catalog (../shared/corpora)";
  fs::path dir = CasesDir() / GetParam();
  app::CoverageRequest request;
  request.rules.paths = {(dir / "rules").string()};
  if (fs::exists(dir / "evidence")) {
    fs::path case_dir = TempDir("coverage_" + GetParam());
    app::IngestOptions ingest;
    ingest.paths = {(dir / "evidence").string()};
    ingest.case_dir = case_dir.string();
    ASSERT_TRUE(app::RunIngest(ingest).ok());
    request.case_dir = case_dir.string();
  }
  auto report = app::RulesCoverage(request);
  ASSERT_TRUE(report.ok()) << report.status().message();
  std::string text = ReplaceAll(app::CoverageText(*report), dir.string() + "/", "");
  fs::path golden = dir / "expected.txt";
  if (std::getenv("QUARRY_UPDATE_GOLDEN") != nullptr) WriteFile(golden, text);
  ASSERT_TRUE(fs::exists(golden)) << "run with QUARRY_UPDATE_GOLDEN=1 to create " << golden;
  EXPECT_EQ(text, ReadFile(golden));

  // The layer scores each covered technique by its active rules.
  std::string layer = app::CoverageNavigator(*report);
  EXPECT_NE(layer.find("\"layer\":\"4.5\""), std::string::npos);
  for (const auto& t : report->techniques) {
    EXPECT_NE(layer.find("\"techniqueID\":\"" + t.id + "\",\"score\":" + std::to_string(t.active)),
              std::string::npos)
        << t.id;
  }
}

INSTANTIATE_TEST_SUITE_P(Folders, CoverageCase, ::testing::ValuesIn(SubfolderNames(CasesDir())),
                         [](const auto& param_info) { return param_info.param; });

TEST(TechniqueTags, OnlyWellFormedTechniqueIdsAreRead) {
  EXPECT_EQ(catalog::TechniqueOfTag("attack.t1003.001"), "T1003.001");
  EXPECT_EQ(catalog::TechniqueOfTag("ATTACK.T1059"), "T1059");
  for (const char* tag : {"attack.t1003.01", "attack.t10031", "attack.credential-access",
                          "attack.g0016", "attack.t", "attack.t1003.", "cve.2021-44228"}) {
    EXPECT_EQ(catalog::TechniqueOfTag(tag), "") << tag;
  }
}

}  // namespace
}  // namespace quarry::testing
