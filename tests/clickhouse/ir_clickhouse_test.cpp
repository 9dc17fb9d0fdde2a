// The commands that read a case's events row by row — the timeline and what is built on it
// (process trees, logon sessions, clusters, the incident summary and claim checks), secrets in a
// case, and the explanations of an empty or partly dead query — must answer on a ClickHouse case
// exactly as on a SQLite case of the same evidence. Checked on the built-in samples with their
// alerts and, when the shared corpora are there, on three folders of EVTX-ATTACK-SAMPLES (hosts,
// logons, processes and IPs this code was not written against).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/ingest_job.h"
#include "app/scan.h"
#include "app/secrets.h"
#include "app/summarize.h"
#include "app/timeline.h"
#include "app/verify_claims.h"
#include "clickhouse/clickhouse_test_util.h"
#include "ir/timeline.h"
#include "query/run_query.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

struct Cases {
  std::string sqlite, remote;
};

Cases IngestBoth(const std::string& name, const std::vector<std::string>& evidence,
                 const std::string& store, const std::vector<std::string>& rules) {
  Cases out;
  for (std::string* dir : {&out.sqlite, &out.remote}) {
    bool remote = dir == &out.remote;
    *dir = TempDir(name + (remote ? "_clickhouse" : "_sqlite")).string();
    app::IngestOptions ingest;
    ingest.paths = evidence;
    ingest.case_dir = *dir;
    if (remote) ingest.store = store;
    auto report = app::RunIngest(ingest);
    EXPECT_TRUE(report.ok()) << report.status().message();
    app::ScanRequest scan;
    scan.case_dir = *dir;
    scan.rules.paths = rules;
    scan.store_alerts = true;
    auto scanned = app::Scan(scan, {});
    EXPECT_TRUE(scanned.ok()) << scanned.status().message();
  }
  return out;
}

std::string TimelineOf(app::TimelineRequest request, const std::string& dir) {
  request.case_dir = dir;
  std::string out;
  auto stats = app::Timeline(request, [&](const ir::TimelineEntry& e) {
    out += app::TimelineJsonLine(e) + "\n";
    return true;
  });
  EXPECT_TRUE(stats.ok()) << stats.status().message();
  if (stats.ok()) out += "entries " + std::to_string(stats->entries) + "\n";
  return out;
}

// The case's own name appears in some reports: the two cases' names differ.
std::string WithoutName(std::string text, const std::string& dir) {
  std::string name = fs::path(dir).filename().string();
  for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at)) {
    text.replace(at, name.size(), "CASE");
  }
  return text;
}

// Every report, as text, of one case; `pivots` are timeline requests to compare.
std::vector<std::string> Reports(const std::string& dir,
                                 const std::vector<app::TimelineRequest>& pivots) {
  std::vector<std::string> out;
  for (const auto& pivot : pivots) out.push_back(TimelineOf(pivot, dir));
  app::TimelineRequest whole;
  whole.case_dir = dir;
  auto trees = app::ProcessTrees(whole);
  EXPECT_TRUE(trees.ok()) << trees.status().message();
  out.push_back(trees.ok() ? ir::ProcessForestJson(*trees) : "");
  auto sessions = app::LogonSessions(whole);
  EXPECT_TRUE(sessions.ok()) << sessions.status().message();
  out.push_back(sessions.ok() ? ir::LogonSessionsJson(*sessions) : "");
  auto clusters = app::Clusters(whole, "10m", 1);
  EXPECT_TRUE(clusters.ok()) << clusters.status().message();
  out.push_back(clusters.ok() ? ir::ClustersJson(*clusters) : "");
  app::SummarizeRequest summarize;
  summarize.case_dir = dir;
  auto summary = app::SummarizeIncident(summarize);
  EXPECT_TRUE(summary.ok()) << summary.status().message();
  if (summary.ok()) {
    out.push_back(WithoutName(summary->markdown, dir));
    // The summary checked again, with sentences that do not hold added.
    app::VerifyClaimsRequest verify;
    verify.case_dir = dir;
    verify.text = summary->draft + "\nThe attacker logged on to WS02 as bob [E:1000000001].\n";
    auto checked = app::VerifyClaims(verify);
    EXPECT_TRUE(checked.ok()) << checked.status().message();
    out.push_back(checked.ok() ? WithoutName(app::VerifyClaimsJson(*checked), dir) : "");
  }
  app::SecretsScanRequest secrets;
  secrets.case_dir = dir;
  auto found = app::ScanSecrets(secrets);
  EXPECT_TRUE(found.ok()) << found.status().message();
  out.push_back(found.ok() ? WithoutName(app::SecretsJson(*found, false), dir) : "");
  return out;
}

void ExpectSameReports(const Cases& cases, const std::vector<app::TimelineRequest>& pivots) {
  std::vector<std::string> sqlite = Reports(cases.sqlite, pivots);
  std::vector<std::string> remote = Reports(cases.remote, pivots);
  ASSERT_EQ(sqlite.size(), remote.size());
  for (size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(remote[i], sqlite[i]) << "report " << i;
    // An empty timeline compares equal without proving anything.
    if (i < pivots.size()) {
      EXPECT_EQ(sqlite[i].find("entries 0\n"), std::string::npos) << i;
    }
  }
}

TEST(IncidentResponseOnClickHouse, SameReportsAsSqliteOnTheSamples) {
  REQUIRE_CLICKHOUSE(location, "ir_samples");
  fs::path root = SourceDir();
  Cases cases = IngestBoth("ir_samples", {(root / "samples" / "evidence").string()},
                           location->Url(), {(root / "rules").string()});
  std::vector<app::TimelineRequest> pivots(9);
  pivots[1].host = "ws01";
  pivots[2].user = "ALICE";
  pivots[3].process = "WinWord";  // the evidence writes WINWORD.EXE
  pivots[4].ip = "198.51.100.77";
  pivots[5].from = "2026-03-14T09:30:00Z";
  pivots[5].to = "2026-03-14T10:00:00Z";
  pivots[6].alerts_only = true;
  pivots[7].no_alerts = true;
  pivots[7].limit = 40;
  pivots[8].host = "DC01.corp.example";
  pivots[8].user = "svc";
  ExpectSameReports(cases, pivots);
  // The pivots select: the whole timeline is longer than each narrowed one.
  std::string whole = TimelineOf(pivots[0], cases.sqlite);
  for (size_t i = 1; i < pivots.size(); ++i) {
    std::string narrowed = TimelineOf(pivots[i], cases.sqlite);
    EXPECT_LT(narrowed.size(), whole.size()) << i;
    EXPECT_GT(std::count(narrowed.begin(), narrowed.end(), '\n'), 1) << i;
  }
}

TEST(IncidentResponseOnClickHouse, SameReportsAsSqliteOnEvtxSamples) {
  REQUIRE_CLICKHOUSE(location, "ir_evtx");
  fs::path corpora = CorporaDir();
  fs::path evtx = corpora / "evtx" / "attack" / "EVTX-ATTACK-SAMPLES";
  if (corpora.empty() || !fs::exists(evtx)) GTEST_SKIP() << "no shared corpora";
  // Over 1,024 events in two tables: a ClickHouse timeline reads them in more than one page.
  std::vector<std::string> evidence;
  for (const char* folder : {"Lateral Movement", "Privilege Escalation", "Credential Access"})
    evidence.push_back((evtx / folder).string());
  Cases cases =
      IngestBoth("ir_evtx", evidence, location->Url(),
                 {(corpora / "sigma" / "rules" / "windows" / "builtin" / "security").string()});
  // Pivots on what the evidence holds: the host of the first event, a user and an IP of the
  // first events that have them.
  std::string first_host, user, ip;
  app::TimelineRequest whole;
  whole.case_dir = cases.sqlite;
  auto stats = app::Timeline(whole, [&](const ir::TimelineEntry& e) {
    if (first_host.empty()) first_host = e.host;
    for (const auto& [name, value] : e.fields) {
      if (user.empty() && name == "TargetUserName" && value.ToText().size() > 3)
        user = value.ToText().substr(1, 3);
      if (ip.empty() && name == "IpAddress" && value.ToText().size() > 6) ip = value.ToText();
    }
    return true;
  });
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  ASSERT_FALSE(first_host.empty());
  ASSERT_FALSE(user.empty());
  ASSERT_FALSE(ip.empty());
  std::vector<app::TimelineRequest> pivots(6);
  pivots[1].host = ir::ShortHost(first_host);
  pivots[2].user = user;
  pivots[3].ip = ip;
  pivots[4].process = "exe";
  pivots[4].limit = 300;
  pivots[5].alerts_only = true;
  ExpectSameReports(cases, pivots);
}

// Events built to cross page boundaries: times tied in sevens and some missing, hosts that are
// prefixes of each other, a user in mixed case, an IP in a number column (SQLite's `=` never
// finds text equal to a number), and a column name with quotes and a backslash.
std::vector<Event> TimelineEvents() {
  std::vector<Event> out;
  for (uint64_t i = 0; i < 3000; ++i) {
    Event e;
    e.table = i % 2 == 0 ? "Delta" : "Gamma";
    if (i % 97 != 5) e.time = Timestamp{(1700000000 + static_cast<int64_t>(i / 7)) * 10'000'000};
    e.provenance.source = "timeline.json";
    e.provenance.record = i;
    e.provenance.offset = i * 10;
    const char* hosts[] = {"WS1.corp.example", "ws2", "WS10"};
    e.AddString("Computer", hosts[i % 3]);
    e.AddString("TargetUserName", i % 5 == 0 ? "Alice" : "svc_" + std::to_string(i % 11));
    e.AddLong("SourceIp", static_cast<int64_t>(i % 13));
    e.AddString("IpAddress", "10.0.0." + std::to_string(i % 13));
    e.AddLong("EventID", 4624 + static_cast<int64_t>(i % 3));
    e.AddLong("EventEid", 1'000'000'000 + static_cast<int64_t>((i * 7) % 3000));
    e.AddString("Odd \"name\" \\ col", "v" + std::to_string(i % 4));
    out.push_back(std::move(e));
  }
  return out;
}

std::string ReadAll(const store::Case& c, ir::TimelineFilter filter) {
  std::string out;
  auto stats = ir::ReadTimeline(c, filter, [&](const ir::TimelineEntry& e) {
    out += app::TimelineJsonLine(e) + "\n";
    return true;
  });
  EXPECT_TRUE(stats.ok()) << stats.status().message();
  return out;
}

TEST(IncidentResponseOnClickHouse, TimelinePagesAndPivotsAsOnSqlite) {
  REQUIRE_CLICKHOUSE(location, "ir_pages");
  auto sqlite = NewCase("ir_pages_sqlite");
  auto remote = NewCase("ir_pages_clickhouse", &*location);
  ASSERT_TRUE(sqlite && remote);
  std::vector<Event> events = TimelineEvents();
  ASSERT_TRUE(Write(*sqlite, events, SIZE_MAX, "timeline").ok());
  Status wrote = Write(*remote, events, SIZE_MAX, "timeline");
  ASSERT_TRUE(wrote.ok()) << wrote.message();
  std::vector<ir::TimelineFilter> filters(9);
  filters[1].host = "ws1";  // WS1.corp.example, not WS10
  filters[2].user = "ALICE";
  filters[3].ip = "10.0.0.3";
  filters[4].ip = "3";  // only in the number column: nothing, as on SQLite
  filters[5].event_ids = {4625};
  filters[5].from = Timestamp{(int64_t{1700000000} + 100) * 10'000'000};
  filters[5].to = Timestamp{(int64_t{1700000000} + 300) * 10'000'000};
  // Id lists past ClickHouse's default 50,000 query elements, unsorted, with repeats.
  for (int64_t i = 40'000; i >= 0; --i) filters[6].eids.push_back(1'000'000'000 + i % 35'000);
  for (int64_t i = 0; i < 30'000; ++i) filters[7].linked_eids.push_back(999'990'000 + i);
  filters[8].limit = 500;
  for (size_t page_rows : {size_t{0}, size_t{251}}) {
    for (size_t i = 0; i < filters.size(); ++i) {
      ir::TimelineFilter f = filters[i];
      f.page_rows = page_rows;
      std::string expected = ReadAll(*sqlite, f);
      EXPECT_EQ(ReadAll(*remote, f), expected) << "filter " << i << ", pages of " << page_rows;
      if (i != 4) {
        EXPECT_FALSE(expected.empty()) << i;
      } else {
        EXPECT_TRUE(expected.empty());
      }
    }
  }
}

// A query that returns nothing says where its rows went, and a dead alternative of an `or` is
// named, with the closest values, on both stores.
TEST(IncidentResponseOnClickHouse, QueryExplanationsAsOnSqlite) {
  REQUIRE_CLICKHOUSE(location, "ir_explain");
  fs::path root = SourceDir();
  Cases cases = IngestBoth("ir_explain", {(root / "samples" / "evidence").string()},
                           location->Url(), {(root / "rules").string()});
  for (const char* kql :
       {"SecurityEvent | where EventID == 4769 | where ServiceName == \"svc_sqll\"",
        "SecurityEvent | where ServiceName == \"svc_sql\" or ServiceName == \"svc_exchang\"",
        "SecurityEvent | where EventID == 4769 and ServiceName == \"svc_sqll\" and Computer == "
        "\"DC01.corp.example\"",
        "SecurityEvent | where EventID == 99999"}) {
    std::vector<std::string> explained;
    for (const std::string& dir : {cases.sqlite, cases.remote}) {
      auto result = query::RunQuery(dir, kql, {});
      ASSERT_TRUE(result.ok()) << result.status().message();
      EXPECT_TRUE(result->ran) << kql;
      std::string text;
      for (const Finding& f : result->findings) {
        if (f.code == "kql.empty_result" || f.code == "kql.literal_not_found")
          text += f.code + ": " + f.message + " / " + f.suggestion + "\n";
      }
      explained.push_back(text);
    }
    EXPECT_FALSE(explained[0].empty()) << kql;
    EXPECT_EQ(explained[1], explained[0]) << kql;
  }
}

}  // namespace
}  // namespace quarry::testing
