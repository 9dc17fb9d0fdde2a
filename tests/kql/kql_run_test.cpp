// Data-driven semantics of running KQL on a case: the tables of tests/kql/datasets/run are
// ingested once into a fresh case, then each case under tests/kql/run is a query and the rows it
// must return, one JSON object per line in column order ("(no rows)" for none), or
// "error CODE" when the query must not run. now() is 2024-05-02T00:00:00Z.
#include <gtest/gtest.h>

#include "core/strings.h"
#include "kql/case_files.h"
#include "app/ingest_job.h"
#include "query/run_query.h"
#include "test_util.h"

namespace quarry::testing {
namespace {

// The tables of tests/kql/datasets/run in a fresh case.
bool IngestRunDataset(const std::filesystem::path& case_dir) {
  app::IngestOptions o;
  o.paths = {(SourceDir() / "tests" / "kql" / "datasets" / "run").string()};
  o.case_dir = case_dir.string();
  return app::RunIngest(o).ok();
}

TEST(KqlRun, Cases) {
  std::filesystem::path case_dir = TempDir("kql_run");
  ASSERT_TRUE(IngestRunDataset(case_dir));
  query::QueryOptions options;
  options.now = ParseIsoTime("2024-05-02T00:00:00Z");
  options.default_window_ticks = 0;  // semantics cases read whole tables
  std::vector<QueryCase> cases = LoadQueryCases("kql/run");
  ASSERT_GE(cases.size(), 40u);
  for (const QueryCase& c : cases) {
    auto run = query::RunQuery(case_dir.string(), c.query, options);
    ASSERT_TRUE(run.ok()) << c.where << ": " << run.status().message();
    std::string actual;
    if (!run->ran) {
      for (const Finding& f : run->findings) {
        if (f.severity == Severity::kError) actual += "error " + f.code + "\n";
      }
    } else if (run->rows.empty()) {
      actual = "(no rows)\n";
    }
    for (const auto& row : run->rows) {
      actual += '{';
      for (size_t i = 0; i < row.size(); ++i) {
        if (i > 0) actual += ',';
        AppendJsonString(actual, run->columns[i].name);
        actual += ':';
        AppendJsonValue(actual, row[i]);
      }
      actual += "}\n";
    }
    while (!actual.empty() && actual.back() == '\n') actual.pop_back();
    EXPECT_EQ(actual, c.expected) << c.where << "\n  query: " << c.query << "\n  sql: " << run->sql;
  }
}

// A table read without a time filter is read over the default window (here 1 day before now),
// with a notice naming it; a query with its own time filter is left alone.
TEST(KqlRun, DefaultWindowAppliesOnlyWithoutATimeFilter) {
  std::filesystem::path case_dir = TempDir("kql_window");
  ASSERT_TRUE(IngestRunDataset(case_dir));
  query::QueryOptions options;
  options.now = ParseIsoTime("2024-05-02T00:00:00Z");
  auto windowed = query::RunQuery(case_dir.string(), "Logons | count", options);
  ASSERT_TRUE(windowed.ok() && windowed->ran);
  EXPECT_EQ(windowed->rows.at(0).at(0).as_long(), 6);  // the 2024-04-30 logon is outside
  bool notice = false;
  for (const Finding& f : windowed->findings) {
    notice = notice ||
             (f.code == "kql.default_window" && f.message.find("1.00:00:00") != std::string::npos);
  }
  EXPECT_TRUE(notice);
  auto explicit_window = query::RunQuery(
      case_dir.string(), "Logons | where TimeGenerated > ago(30d) | count", options);
  ASSERT_TRUE(explicit_window.ok() && explicit_window->ran);
  EXPECT_EQ(explicit_window->rows.at(0).at(0).as_long(), 7);
  for (const Finding& f : explicit_window->findings) EXPECT_NE(f.code, "kql.default_window");
  options.default_window_ticks = 0;
  auto whole = query::RunQuery(case_dir.string(), "Logons | count", options);
  ASSERT_TRUE(whole.ok() && whole->ran);
  EXPECT_EQ(whole->rows.at(0).at(0).as_long(), 7);
}

// A query that returns nothing says which condition removed the last rows and, for a string
// compared with a column, the column's closest values.
TEST(KqlRun, EmptyResultNamesTheConditionAndClosestValues) {
  std::filesystem::path case_dir = TempDir("kql_empty");
  ASSERT_TRUE(IngestRunDataset(case_dir));
  query::QueryOptions options;
  options.now = ParseIsoTime("2024-05-02T00:00:00Z");
  options.default_window_ticks = 0;
  std::string q =
      "Procs | where Pid > 0 | where Computer == \"WS01\" and Image endswith \"cmdd.exe\"";
  auto run = query::RunQuery(case_dir.string(), q, options);
  ASSERT_TRUE(run.ok() && run->ran);
  EXPECT_TRUE(run->rows.empty());
  std::vector<std::string> seen;
  for (const Finding& f : run->findings) {
    if (f.code != "kql.empty_result") continue;
    seen.push_back(std::to_string(f.where.column) + " " + f.message + " | " + f.suggestion);
  }
  ASSERT_EQ(seen.size(), 2u) << ::testing::PrintToString(seen);
  EXPECT_EQ(seen[0].substr(0, 3), "25 ");  // the second where
  EXPECT_NE(seen[0].find("removed the last 5 row(s)"), std::string::npos) << seen[0];
  EXPECT_EQ(seen[1].substr(0, 3), "54 ");  // its Image condition, on its own
  EXPECT_NE(seen[1].find(R"('C:\Windows\System32\cmd.exe')"), std::string::npos) << seen[1];
  auto fine = query::RunQuery(case_dir.string(), "Procs | where Pid == 100", options);
  ASSERT_TRUE(fine.ok());
  for (const Finding& f : fine->findings) EXPECT_NE(f.code, "kql.empty_result");
}

// A misspelt alternative of an `or` does not empty the result; it is still named, with the values
// the author may have meant, and the alternatives that match are not.
TEST(KqlRun, AlternativeThatNeverMatchesIsNamed) {
  std::filesystem::path case_dir = TempDir("kql_alternative");
  ASSERT_TRUE(IngestRunDataset(case_dir));
  query::QueryOptions options;
  options.now = ParseIsoTime("2024-05-02T00:00:00Z");
  options.default_window_ticks = 0;
  std::string q =
      "Procs | where Image endswith \"cmd.exe\" or (Pid > 0 and Image endswith \"powershel.exe\")";
  auto run = query::RunQuery(case_dir.string(), q, options);
  ASSERT_TRUE(run.ok() && run->ran);
  EXPECT_EQ(run->rows.size(), 2u);
  std::vector<std::string> seen;
  for (const Finding& f : run->findings) {
    if (f.code == "kql.literal_not_found") {
      seen.push_back(std::to_string(f.where.column) + " " + f.message + " | " + f.suggestion);
    }
  }
  ASSERT_EQ(seen.size(), 1u) << ::testing::PrintToString(seen);
  EXPECT_EQ(seen[0].substr(0, 3), "56 ") << seen[0];  // the misspelt alternative
  EXPECT_NE(seen[0].find("powershell.exe'"), std::string::npos) << seen[0];
  auto fine = query::RunQuery(
      case_dir.string(), "Procs | where Image endswith \"cmd.exe\" or Image endswith \"net.exe\"",
      options);
  ASSERT_TRUE(fine.ok() && fine->ran);
  for (const Finding& f : fine->findings) EXPECT_NE(f.code, "kql.literal_not_found");
}

}  // namespace
}  // namespace quarry::testing
