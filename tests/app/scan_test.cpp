// app::Scan and app::CheckRules: the jobs behind quarry scan and quarry rules check, as every
// front end calls them.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "app/ingest_job.h"
#include "app/kql.h"
#include "app/scan.h"
#include "core/strings.h"
#include "test_util.h"

namespace quarry::testing {
namespace {

app::ScanRequest SampleScan() {
  app::ScanRequest r;
  r.paths = {(SourceDir() / "samples" / "evidence").string()};
  r.rules.paths = {(SourceDir() / "rules").string()};
  r.threads = 1;
  return r;
}

TEST(ScanJob, SelectionDecidesWhatIsShownAndCounted) {
  std::set<std::string> levels;
  int64_t shown = 0;
  app::ScanRequest request = SampleScan();
  request.min_level = "high";
  auto report = app::Scan(request, {[&](const app::AlertView& a) {
                                      ++shown;
                                      levels.insert(sigma::LevelName(a.rule.level));
                                    },
                                    nullptr, nullptr, nullptr});
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_GT(shown, 0);
  EXPECT_EQ(report->alerts, shown);
  EXPECT_TRUE(levels.count("high") > 0);
  for (const auto& l : levels) EXPECT_TRUE(l == "high" || l == "critical") << l;
  int64_t by_level = 0;
  for (const auto& c : report->by_level) by_level += c.count;
  EXPECT_EQ(by_level, shown);

  auto all = app::Scan(SampleScan(), {});
  ASSERT_TRUE(all.ok());
  EXPECT_GT(all->alerts, report->alerts);
  EXPECT_GT(all->rules_selected, report->rules_selected);
}

TEST(ScanJob, EveryJsonlLineIsValidUtf8WhenLongTextIsCut) {
  // A command line of 400 euro signs (3 bytes each) after one ASCII byte: cut for the alert's
  // details at a byte count, it would end inside a character.
  std::string command = "x";
  for (int i = 0; i < 400; ++i) command += "\xE2\x82\xAC";
  std::filesystem::path dir = TempDir("scan_utf8_cut");
  WriteFile(
      dir / "evidence" / "sysmon.jsonl",
      R"({"TimeGenerated":"2026-01-01T00:00:00Z","Channel":"Microsoft-Windows-Sysmon/Operational",)"
      R"("Provider":"Microsoft-Windows-Sysmon","EventID":1,"Computer":"h1",)"
      R"("Image":"C:\\t\\long.exe","CommandLine":")" +
          command + "\"}\n");
  WriteFile(dir / "rules" / "long.yml", R"(title: Long command line
id: 0b1c2d3e-0000-4000-8000-000000000001
status: test
level: low
logsource:
    product: windows
    category: process_creation
detection:
    selection:
        Image|endswith: '\long.exe'
    condition: selection
)");
  app::ScanRequest request;
  request.paths = {(dir / "evidence").string()};
  request.rules.paths = {(dir / "rules").string()};
  request.threads = 1;
  std::ostringstream out;
  app::AlertWriter writer(app::OutputFormat::kJsonl, out);
  auto report = app::Scan(request, {[&](const app::AlertView& a) { writer.Write(a); }, {}, {}, {}});
  ASSERT_TRUE(report.ok()) << report.status().message();
  writer.Finish(*report);
  ASSERT_EQ(report->alerts, 1);
  std::istringstream lines(out.str());
  int checked = 0;
  for (std::string line; std::getline(lines, line); ++checked) {
    EXPECT_TRUE(IsValidUtf8(line)) << line;
  }
  EXPECT_GE(checked, 1);
  EXPECT_NE(out.str().find("\xE2\x82\xAC\xE2\x80\xA6"), std::string::npos);  // "€…": cut whole
}

TEST(ScanJob, TheTableRendersAfterTheScanHasEnded) {
  std::ostringstream out;
  app::AlertWriter writer(app::OutputFormat::kTable, out);
  auto report =
      app::Scan(SampleScan(), {[&](const app::AlertView& a) { writer.Write(a); }, {}, {}, {}});
  ASSERT_TRUE(report.ok());
  writer.Finish(*report);
  // The head is printed once the scan's rules are gone: it must hold its own copies.
  EXPECT_NE(out.str().find("critical  LSASS Dumped With comsvcs.dll MiniDump  WS01.corp.example"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find(std::to_string(report->alerts) + " alert(s) from"), std::string::npos);
}

TEST(ScanJob, TacticsComeFromTheAttackCatalog) {
  auto report = app::Scan(SampleScan(), {});
  ASSERT_TRUE(report.ok());
  if (!report->tactics_note.empty()) GTEST_SKIP() << report->tactics_note;
  std::set<std::string> tactics;
  for (const auto& c : report->by_tactic) tactics.insert(c.key);
  EXPECT_TRUE(tactics.count("credential-access"));
  // Technique tags (attack.t1003) are no tactics.
  for (const auto& t : tactics) EXPECT_NE(t.rfind("t1", 0), 0u) << t;
}

TEST(ScanJob, BadRequestsAreUsageErrors) {
  app::ScanRequest bad_level = SampleScan();
  bad_level.min_level = "severe";
  app::ScanRequest bad_time = SampleScan();
  bad_time.from = "yesterday";
  app::ScanRequest both = SampleScan();
  both.case_dir = TempDir("scan_job_both").string();
  app::ScanRequest none = SampleScan();
  none.rule_ids = {"no-such-rule"};
  app::ScanRequest mapping = SampleScan();
  mapping.rules.mapping_file = "/nonexistent/mapping.yml";
  for (const auto* r : {&bad_level, &bad_time, &both, &none, &mapping}) {
    auto report = app::Scan(*r, {});
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.status().code(), StatusCode::kUsage) << report.status().message();
  }
}

TEST(ScanJob, ACaseScanStoresOnlyTheSelectedRulesAlerts) {
  std::string dir = TempDir("scan_job_case").string();
  app::IngestOptions ingest;
  ingest.paths = {(SourceDir() / "samples" / "evidence").string()};
  ingest.case_dir = dir;
  ASSERT_TRUE(app::RunIngest(ingest).ok());
  app::ScanRequest request = SampleScan();
  request.paths.clear();
  request.case_dir = dir;
  request.min_level = "critical";
  auto report = app::Scan(request, {});
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->alerts_stored, report->alerts);
  app::QueryRequest q;
  q.case_dir = dir;
  q.text = "Alerts | summarize n = count() by Level";
  q.window = "0";
  auto rows = app::RunQuery(q);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_TRUE(rows->ran);
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][0].ToText(), "critical");
  EXPECT_EQ(rows->rows[0][1].as_long(), report->alerts);
}

TEST(RulesCheckJob, ReportsEveryRuleAndWhyNot) {
  auto report = app::CheckRules({{(SourceDir() / "tests" / "cli" / "rules").string()}, "", {}});
  ASSERT_TRUE(report.ok());
  EXPECT_GE(report->rules.size(), 2u);
  EXPECT_GE(report->failed, 1u);
  auto failures = app::RulesCheckTable(*report, true);
  EXPECT_EQ(failures.rows.size(), report->failed);
}

}  // namespace
}  // namespace quarry::testing
