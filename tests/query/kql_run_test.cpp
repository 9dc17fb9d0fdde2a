// Data-driven semantics of running KQL on a case (query::RunQuery): the tables of
// tests/kql/datasets/run are ingested once into a fresh case, then each case under tests/kql/run
// is a query and the rows it must return, one JSON object per line in column order ("(no rows)"
// for none), or "error CODE" when the query must not run. now() is 2024-05-02T00:00:00Z.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/hash.h"
#include "core/strings.h"
#include "ingest/reader.h"
#include "kql/case_files.h"
#include "query/dataset_files.h"
#include "query/run_query.h"
#include "store/case.h"
#include "store/case_writer.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

Result<std::string> MakeRunCase() {
  fs::path dir = TempDir("kql_run");
  QUARRY_ASSIGN_OR_RETURN(auto c,
                          store::Case::Open(dir.string(), store::Case::Mode::kCreateIfMissing));
  store::CaseWriter writer(*c);
  QUARRY_RETURN_IF_ERROR(IngestRunDataset(writer));
  return dir.string();
}

// The case every test here reads (queries do not change it), made once.
const Result<std::string>& RunCase() {
  static const Result<std::string> dir = MakeRunCase();
  return dir;
}

query::QueryOptions Options() {
  query::QueryOptions options;
  options.now = ParseIsoTime("2024-05-02T00:00:00Z");
  options.default_window_ticks = 0;  // semantics cases read whole tables
  return options;
}

// `text` run on the case; the case's error when it could not be made.
Result<query::QueryResult> RunOnCase(std::string_view text,
                                     const query::QueryOptions& options = Options()) {
  if (!RunCase().ok()) return RunCase().status();
  return query::RunQuery(*RunCase(), text, options);
}

// The findings of `code` as "COLUMN MESSAGE | SUGGESTION".
std::vector<std::string> Described(const query::QueryResult& result, std::string_view code) {
  std::vector<std::string> out;
  for (const Finding& f : result.findings) {
    if (f.code == code)
      out.push_back(std::to_string(f.where.column) + " " + f.message + " | " + f.suggestion);
  }
  return out;
}

class KqlRunCase : public ::testing::TestWithParam<QueryCase> {};

TEST_P(KqlRunCase, Runs) {
  const QueryCase& c = GetParam();
  auto run = RunOnCase(c.query);
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

INSTANTIATE_TEST_SUITE_P(CaseFiles, KqlRunCase, ::testing::ValuesIn(LoadQueryCases("kql/run")),
                         CaseTestName);

// Guards against cases lost to a renamed folder or a broken separator.
TEST(KqlRun, CaseFilesHoldTheCases) {
  EXPECT_GE(LoadQueryCases("kql/run").size(), 40u);
}

// By default a table read without a time filter is read whole, and the finding says so as
// information with the range; with a window (here 1 day before now, --window 1d) it is read over
// that window with a notice naming it; a query with its own time filter is left alone.
TEST(KqlRun, DefaultWindowAppliesOnlyWithoutATimeFilter) {
  query::QueryOptions options = Options();
  EXPECT_EQ(query::QueryOptions{}.default_window_ticks, 0);
  auto all = RunOnCase("Logons | count", options);
  ASSERT_TRUE(all.ok() && all->ran);
  EXPECT_EQ(all->rows.at(0).at(0).as_long(), 7);
  std::vector<std::string> read_whole = Described(*all, "kql.no_time_filter");
  ASSERT_EQ(read_whole.size(), 1u);
  EXPECT_NE(read_whole[0].find("all of it is read"), std::string::npos) << read_whole[0];
  for (const Finding& f : all->findings) {
    if (f.code == "kql.no_time_filter") {
      EXPECT_EQ(f.severity, Severity::kInfo);
    }
  }
  options.default_window_ticks = 864'000'000'000;
  auto windowed = RunOnCase("Logons | count", options);
  ASSERT_TRUE(windowed.ok() && windowed->ran);
  EXPECT_EQ(windowed->rows.at(0).at(0).as_long(), 6);  // the 2024-04-30 logon is outside
  std::vector<std::string> notices = Described(*windowed, "kql.default_window");
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("1.00:00:00"), std::string::npos) << notices[0];
  auto explicit_window = RunOnCase("Logons | where TimeGenerated > ago(30d) | count", options);
  ASSERT_TRUE(explicit_window.ok() && explicit_window->ran);
  EXPECT_EQ(explicit_window->rows.at(0).at(0).as_long(), 7);
  EXPECT_TRUE(Described(*explicit_window, "kql.default_window").empty());
  auto whole = RunOnCase("Logons | count");
  ASSERT_TRUE(whole.ok() && whole->ran);
  EXPECT_EQ(whole->rows.at(0).at(0).as_long(), 7);
}

// A query that returns nothing says which condition removed the last rows and, for a string
// compared with a column, the column's closest values.
TEST(KqlRun, EmptyResultNamesTheConditionAndClosestValues) {
  auto run = RunOnCase(
      "Procs | where Pid > 0 | where Computer == \"WS01\" and Image endswith \"cmdd.exe\"");
  ASSERT_TRUE(run.ok() && run->ran);
  EXPECT_TRUE(run->rows.empty());
  std::vector<std::string> seen = Described(*run, "kql.empty_result");
  ASSERT_EQ(seen.size(), 2u) << ::testing::PrintToString(seen);
  EXPECT_EQ(seen[0].substr(0, 3), "25 ");  // the second where
  EXPECT_NE(seen[0].find("removed the last 5 row(s)"), std::string::npos) << seen[0];
  EXPECT_EQ(seen[1].substr(0, 3), "54 ");  // its Image condition, on its own
  EXPECT_NE(seen[1].find(R"('C:\Windows\System32\cmd.exe')"), std::string::npos) << seen[1];
  auto fine = RunOnCase("Procs | where Pid == 100");
  ASSERT_TRUE(fine.ok());
  EXPECT_TRUE(Described(*fine, "kql.empty_result").empty());
}

// A misspelt alternative of an `or` does not empty the result; it is still named, with the values
// the author may have meant, and the alternatives that match are not.
TEST(KqlRun, AlternativeThatNeverMatchesIsNamed) {
  auto run = RunOnCase(
      "Procs | where Image endswith \"cmd.exe\" or (Pid > 0 and Image endswith \"powershel.exe\")");
  ASSERT_TRUE(run.ok() && run->ran);
  EXPECT_EQ(run->rows.size(), 2u);
  std::vector<std::string> seen = Described(*run, "kql.literal_not_found");
  ASSERT_EQ(seen.size(), 1u) << ::testing::PrintToString(seen);
  EXPECT_EQ(seen[0].substr(0, 3), "56 ") << seen[0];  // the misspelt alternative
  EXPECT_NE(seen[0].find("powershell.exe'"), std::string::npos) << seen[0];
  auto fine = RunOnCase("Procs | where Image endswith \"cmd.exe\" or Image endswith \"net.exe\"");
  ASSERT_TRUE(fine.ok() && fine->ran);
  EXPECT_TRUE(Described(*fine, "kql.literal_not_found").empty());
}

}  // namespace
}  // namespace quarry::testing
