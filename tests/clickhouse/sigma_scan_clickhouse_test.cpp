// Sigma on a ClickHouse case: the rules' SQL filter keeps in the store only events no rule can
// match, and the matcher judges the rest, so the alerts must be those of the same evidence in a
// SQLite case. Checked on the shared SigmaHQ regression samples with the whole rule set (many
// tests: the gates alone filter) and with each regression rule alone (its full condition
// filters), which is where a filter stricter than the matcher would lose an alert.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "app/ingest_job.h"
#include "app/scan.h"
#include "clickhouse/clickhouse_test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

struct ScanResult {
  std::string alerts;  // one JSON line per alert, in order
  int64_t events = 0, left_in_store = 0;
};

ScanResult ScanCase(const std::string& case_dir, const std::vector<std::string>& rules) {
  app::ScanRequest request;
  request.store_filter.rows_per_test =
      0;  // the samples are small: filter with conditions all the same
  request.case_dir = case_dir;
  request.rules.paths = rules;
  request.store_alerts = false;
  ScanResult out;
  app::ScanSinks sinks;
  sinks.on_alert = [&](const app::AlertView& a) {
    app::AppendAlertJson(out.alerts, a);
    out.alerts += '\n';
  };
  auto report = app::Scan(request, sinks);
  EXPECT_TRUE(report.ok()) << report.status().message();
  if (report.ok()) {
    out.events = report->events;
    out.left_in_store = report->events_left_in_store;
  }
  return out;
}

std::string Ingest(const std::string& name, const fs::path& evidence, const std::string& store) {
  std::string dir = TempDir(name).string();
  app::IngestOptions ingest;
  ingest.paths = {evidence.string()};
  ingest.case_dir = dir;
  ingest.store = store;
  auto report = app::RunIngest(ingest);
  EXPECT_TRUE(report.ok()) << report.status().message();
  return dir;
}

TEST(SigmaOnClickHouse, SameAlertsAsSqliteOnTheRegressionSamples) {
  REQUIRE_CLICKHOUSE(location, "sigma");
  fs::path corpora = CorporaDir();
  if (corpora.empty() || !fs::exists(corpora / "sigma-regression" / "cases.tsv"))
    GTEST_SKIP() << "no shared corpora";
  fs::path samples = corpora / "sigma-regression" / "regression_data";
  std::string sqlite_case = Ingest("sigma_sqlite", samples, "");
  std::string remote_case = Ingest("sigma_clickhouse", samples, location->Url());

  // The whole rule set.
  std::string all_rules = (corpora / "sigma" / "rules").string();
  ScanResult sqlite_all = ScanCase(sqlite_case, {all_rules});
  ScanResult remote_all = ScanCase(remote_case, {all_rules});
  EXPECT_GT(std::count(sqlite_all.alerts.begin(), sqlite_all.alerts.end(), '\n'), 100);
  EXPECT_EQ(remote_all.alerts, sqlite_all.alerts);
  EXPECT_EQ(remote_all.events, sqlite_all.events);

  // Each rule with a regression sample, alone: its condition filters in the store.
  std::ifstream in(corpora / "sigma-regression" / "cases.tsv");
  std::string line;
  std::getline(in, line);
  std::set<std::string> rules;
  while (std::getline(in, line)) {
    std::stringstream cells(line);
    std::string id, path;
    std::getline(cells, id, '\t');
    std::getline(cells, path, '\t');
    rules.insert((corpora / "sigma" / path).string());
  }
  size_t filtered = 0, with_alerts = 0;
  for (const auto& rule : rules) {
    ScanResult sqlite_one = ScanCase(sqlite_case, {rule});
    ScanResult remote_one = ScanCase(remote_case, {rule});
    EXPECT_EQ(remote_one.alerts, sqlite_one.alerts) << rule;
    EXPECT_EQ(remote_one.events, sqlite_one.events) << rule;
    filtered += remote_one.left_in_store > 0;
    with_alerts += !sqlite_one.alerts.empty();
  }
  std::cout << rules.size() << " rules alone: " << with_alerts << " with alerts, " << filtered
            << " filtered in the store\n";
  // The filter must actually filter: most single rules leave most events in the store.
  EXPECT_GT(filtered * 2, rules.size());
  EXPECT_GT(with_alerts * 2, rules.size());
}

}  // namespace
}  // namespace quarry::testing
