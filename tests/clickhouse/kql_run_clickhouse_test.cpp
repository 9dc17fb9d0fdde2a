// The KQL run suite (tests/kql/run) on a ClickHouse case: the dataset of tests/kql/datasets/run
// ingested once into the test cluster, every case run and compared with the rows it must return,
// the same expectations as on SQLite. tests/kql/clickhouse_limits.txt lists the cases that
// differ on ClickHouse, each with its reason; a listed case that now passes fails the test too,
// so the list stays true.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

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

struct Limit {
  std::string reason;
  std::string rewrite;  // the question asked another way that 18.16 answers; "" when none
};

// "file:line" → its limit, from the limits file (file:line, reason and rewrite, tab-separated).
std::map<std::string, Limit> Limits() {
  std::map<std::string, Limit> out;
  std::ifstream in(SourceDir() / "tests" / "kql" / "clickhouse_limits.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, '\t');) cells.push_back(cell);
    Limit& limit = out[cells[0]];
    if (cells.size() > 1) limit.reason = cells[1];
    if (cells.size() > 2) limit.rewrite = cells[2];
  }
  return out;
}

std::string Rows(const query::QueryResult& run) {
  std::string actual;
  if (!run.ran) {
    for (const Finding& f : run.findings) {
      if (f.severity == Severity::kError) actual += "error " + f.code + "\n";
    }
  } else if (run.rows.empty()) {
    actual = "(no rows)\n";
  }
  for (const auto& row : run.rows) {
    actual += '{';
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) actual += ',';
      AppendJsonString(actual, run.columns[i].name);
      actual += ':';
      AppendJsonValue(actual, row[i]);
    }
    actual += "}\n";
  }
  while (!actual.empty() && actual.back() == '\n') actual.pop_back();
  return actual;
}

// Whether the query orders its rows; without an order, a Distributed table's rows come from
// the shards in any order (Kusto promises none either).
bool Ordered(const std::string& query) {
  for (const char* word : {"sort ", "order ", "top ", "top-", "serialize", "prev(", "next("}) {
    if (query.find(word) != std::string::npos) return true;
  }
  return false;
}

std::vector<std::string> SortedLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

TEST(KqlRunOnClickHouse, SameRowsAsSqliteOrADocumentedLimit) {
  const char* url = std::getenv("QUARRY_TEST_CLICKHOUSE");
  if (url == nullptr || *url == '\0') GTEST_SKIP() << "no ClickHouse test cluster";
  auto where = store::ParseStoreUrl(std::string(url) + "/qt_" + std::to_string(getpid()) + "_kql");
  ASSERT_TRUE(where.ok()) << where.status().message();
  fs::path dir = TempDir("kql_run_clickhouse");
  {
    auto c = store::Case::Open(dir.string(), store::Case::Mode::kCreateIfMissing, &*where);
    ASSERT_TRUE(c.ok()) << c.status().message();
    store::CaseWriter writer(**c);
    Status ingested = IngestRunDataset(writer);
    ASSERT_TRUE(ingested.ok()) << ingested.message();
  }
  query::QueryOptions options;
  options.now = ParseIsoTime("2024-05-02T00:00:00Z");
  std::map<std::string, Limit> limits = Limits();
  int passed = 0, limited = 0, rewritten = 0;
  std::vector<std::string> unexpected;
  auto same_rows = [&](const std::string& query, const std::string& expected, std::string& actual,
                       std::string& sql) {
    auto run = query::RunQuery(dir.string(), query, options);
    actual = run.ok() ? Rows(*run) : "failed: " + run.status().message();
    sql = run.ok() ? run->sql : "";
    return actual == expected || (!Ordered(query) && SortedLines(actual) == SortedLines(expected));
  };
  for (const QueryCase& c : LoadQueryCases("kql/run")) {
    std::string actual, sql;
    bool same = same_rows(c.query, c.expected, actual, sql);
    auto limit = limits.find(c.where);
    bool listed = limit != limits.end();
    // A limit's rewrite must give the case's rows on ClickHouse.
    if (listed && !limit->second.rewrite.empty()) {
      std::string rewrite_rows, rewrite_sql;
      if (same_rows(limit->second.rewrite, c.expected, rewrite_rows, rewrite_sql)) {
        ++rewritten;
      } else {
        unexpected.push_back(c.where + " rewritten\n  query: " + limit->second.rewrite +
                             "\n  expected: " + c.expected + "\n  actual: " + rewrite_rows +
                             "\n  sql: " + rewrite_sql);
      }
    }
    if (same && !listed) {
      ++passed;
    } else if (!same && listed) {
      ++limited;
    } else if (same) {
      unexpected.push_back(c.where + " passes now: remove it from clickhouse_limits.txt");
    } else {
      unexpected.push_back(c.where + "\n  query: " + c.query + "\n  expected: " + c.expected +
                           "\n  actual: " + actual + "\n  sql: " + sql);
    }
  }
  std::cout << "KQL run suite on ClickHouse: " << passed << " same as SQLite, " << limited
            << " listed limits (" << rewritten << " of them rewritten, same rows), "
            << unexpected.size() << " unexpected\n";
  for (const std::string& u : unexpected) ADD_FAILURE() << u;
}

}  // namespace
}  // namespace quarry::testing
