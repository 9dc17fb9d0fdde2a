// Data-driven semantics of running KQL on a case: the tables of tests/kql/datasets/run are
// ingested once into a fresh case, then each case under tests/kql/run is a query and the rows it
// must return, one JSON object per line in column order ("(no rows)" for none), or
// "error CODE" when the query must not run. now() is 2024-05-02T00:00:00Z.
#include <gtest/gtest.h>

#include "core/strings.h"
#include "kql/case_files.h"
#include "pipeline/ingest_job.h"
#include "query/run_query.h"
#include "test_util.h"

namespace quarry::testing {
namespace {

TEST(KqlRun, Cases) {
  std::filesystem::path case_dir = TempDir("kql_run");
  pipeline::IngestOptions o;
  o.paths = {(SourceDir() / "tests" / "kql" / "datasets" / "run").string()};
  o.case_dir = case_dir.string();
  auto report = pipeline::RunIngest(o);
  ASSERT_TRUE(report.ok()) << report.status().message();
  query::QueryOptions options;
  options.now = ParseIsoTime("2024-05-02T00:00:00Z");
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

}  // namespace
}  // namespace quarry::testing
