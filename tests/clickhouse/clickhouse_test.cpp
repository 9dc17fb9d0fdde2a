// The ClickHouse store against the SQLite one, on the two-shard test cluster the ctest fixture
// starts (tests/clickhouse/cluster.sh; QUARRY_TEST_CLICKHOUSE names its first server). Without
// it every test here is skipped with the reason.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "clickhouse/clickhouse_test_util.h"
#include "core/hash.h"
#include "ingest/reader.h"
#include "kql/case_files.h"
#include "query/run_query.h"
#include "store/case.h"
#include "store/case_writer.h"
#include "store/clickhouse_events.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

TEST(ClickHouseStore, HoldsWhatSqliteHoldsAcrossTypeChanges) {
  REQUIRE_CLICKHOUSE(where, "same");
  auto sqlite = NewCase("ch_same_sqlite");
  auto remote = NewCase("ch_same_remote", &*where);
  ASSERT_TRUE(sqlite && remote);
  ASSERT_TRUE(remote->is_remote());
  std::vector<Event> events = TypeChangingEvents();
  ASSERT_TRUE(Write(*sqlite, events).ok());
  Status written = Write(*remote, events);
  ASSERT_TRUE(written.ok()) << written.message();
  auto a = sqlite->ContentDigest();
  auto b = remote->ContentDigest();
  ASSERT_TRUE(a.ok() && b.ok()) << b.status().message();
  EXPECT_EQ(*a, *b);
  auto tables = remote->Tables();
  ASSERT_TRUE(tables.ok());
  ASSERT_EQ(tables->size(), 2u);
  EXPECT_EQ(tables->at(0).rows + tables->at(1).rows, 300);
  // A second case in the same database would mix its events with these.
  auto second = store::Case::Open(TempDir("ch_same_second").string(),
                                  store::Case::Mode::kCreateIfMissing, &*where);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("already holds"), std::string::npos)
      << second.status().message();
  auto found = remote->FindEvent(1'000'000'000 + 260);
  ASSERT_TRUE(found.ok() && found->has_value()) << found.status().message();
  auto expected = sqlite->FindEvent(1'000'000'000 + 260);
  ASSERT_TRUE(expected.ok() && expected->has_value());
  ASSERT_EQ((*found)->fields.size(), (*expected)->fields.size());
  for (size_t i = 0; i < (*found)->fields.size(); ++i) {
    EXPECT_EQ((*found)->fields[i].first, (*expected)->fields[i].first);
    EXPECT_EQ((*found)->fields[i].second.ToText(), (*expected)->fields[i].second.ToText());
  }
}

// A run stopped after rows reached ClickHouse but before the registry counted them (a type
// change sends the rows before it): the rerun does not send them again and ends as an
// uninterrupted run.
TEST(ClickHouseStore, RerunAfterAnInterruptedBatchLeavesNoDuplicate) {
  REQUIRE_CLICKHOUSE(where, "rerun");
  auto reference = NewCase("ch_rerun_reference");
  ASSERT_TRUE(reference);
  std::vector<Event> events = TypeChangingEvents();
  ASSERT_TRUE(Write(*reference, events).ok());
  auto remote = NewCase("ch_rerun_remote", &*where);
  ASSERT_TRUE(remote);
  Status killed = Write(*remote, events, 230);
  ASSERT_TRUE(killed.ok()) << killed.message();  // past the Count widening at record 200
  auto events_table = (*remote->remote())->ReadTable("Beta");
  int64_t stray = 0;
  ASSERT_TRUE((*remote->remote())
                  ->Select("SELECT count() FROM " + events_table,
                           [&](const store::TsvRow& row) {
                             stray = std::atoll(std::string(row[0].value_or("0")).c_str());
                             return false;
                           })
                  .ok());
  EXPECT_GT(stray, 66) << "rows past the committed batch were expected in ClickHouse";
  Status rerun = Write(*remote, events);
  ASSERT_TRUE(rerun.ok()) << rerun.ToString();
  ExpectSameContent(*reference, *remote);
}

TEST(ClickHouseStore, ACaseKeepsItsStore) {
  REQUIRE_CLICKHOUSE(where, "keeps");
  std::string dir = TempDir("ch_keeps").string();
  ASSERT_TRUE(store::Case::Open(dir, store::Case::Mode::kCreateIfMissing, &*where).ok());
  auto again = store::Case::Open(dir, store::Case::Mode::kOpenExisting);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE((*again)->is_remote());
  store::StoreLocation other = *where;
  other.database += "_other";
  auto moved = store::Case::Open(dir, store::Case::Mode::kCreateIfMissing, &other);
  ASSERT_FALSE(moved.ok());
  EXPECT_NE(moved.status().message().find("--store cannot move them"), std::string::npos);
  auto sqlite =
      store::Case::Open(TempDir("ch_keeps_sqlite").string(), store::Case::Mode::kCreateIfMissing);
  ASSERT_TRUE(sqlite.ok());
  auto late = store::Case::Open((*sqlite)->dir(), store::Case::Mode::kCreateIfMissing, &*where);
  EXPECT_FALSE(late.ok());
}

TEST(ClickHouseStore, UrlsAreCheckedAndCredentialsRefused) {
  EXPECT_TRUE(store::ParseStoreUrl("clickhouse://127.0.0.1:8123/db").ok());
  auto v6 = store::ParseStoreUrl("clickhouse://[::1]:9/x?cluster=c2");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->cluster, "c2");
  EXPECT_EQ(v6->Url(), "clickhouse://[::1]:9/x?cluster=c2");
  for (const char* with_password :
       {"clickhouse://bob:hunter2@127.0.0.1:8123/db", "clickhouse://bob:hunter2@h/db?cluster=a-b",
        "clickhouse://bob:hun/ter2@h/db"}) {
    auto secret = store::ParseStoreUrl(with_password);
    ASSERT_FALSE(secret.ok());
    EXPECT_EQ(secret.status().message().find("hunter2"), std::string::npos);
    EXPECT_EQ(secret.status().message().find("ter2"), std::string::npos);
  }
  EXPECT_FALSE(store::ParseStoreUrl("postgres://127.0.0.1/db").ok());
  EXPECT_FALSE(store::ParseStoreUrl("clickhouse://127.0.0.1:99999/db").ok());
  EXPECT_FALSE(store::ParseStoreUrl("clickhouse://127.0.0.1/db;drop").ok());
  EXPECT_FALSE(store::ParseStoreUrl("clickhouse://:[::2]:9/x").ok());  // found by fuzz_store
  EXPECT_FALSE(store::ParseStoreUrl("clickhouse://[127.0.0.1]:9/x").ok());
}

}  // namespace
}  // namespace quarry::testing
