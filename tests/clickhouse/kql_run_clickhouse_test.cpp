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

// "file:line" → reason, from the limits file.
std::map<std::string, std::string> Limits() {
  std::map<std::string, std::string> out;
  std::ifstream in(SourceDir() / "tests" / "kql" / "clickhouse_limits.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    out[line.substr(0, tab)] = tab == std::string::npos ? "" : line.substr(tab + 1);
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
  std::map<std::string, std::string> limits = Limits();
  int passed = 0, limited = 0;
  std::vector<std::string> unexpected;
  for (const QueryCase& c : LoadQueryCases("kql/run")) {
    auto run = query::RunQuery(dir.string(), c.query, options);
    std::string actual = run.ok() ? Rows(*run) : "failed: " + run.status().message();
    bool same = actual == c.expected ||
                (!Ordered(c.query) && SortedLines(actual) == SortedLines(c.expected));
    bool listed = limits.count(c.where) > 0;
    if (same && !listed) {
      ++passed;
    } else if (!same && listed) {
      ++limited;
    } else if (same) {
      unexpected.push_back(c.where + " passes now: remove it from clickhouse_limits.txt");
    } else {
      unexpected.push_back(c.where + "\n  query: " + c.query + "\n  expected: " + c.expected +
                           "\n  actual: " + actual + "\n  sql: " + (run.ok() ? run->sql : ""));
    }
  }
  std::cout << "KQL run suite on ClickHouse: " << passed << " same as SQLite, " << limited
            << " listed limits, " << unexpected.size() << " unexpected\n";
  for (const std::string& u : unexpected) ADD_FAILURE() << u;
}

}  // namespace
}  // namespace quarry::testing
