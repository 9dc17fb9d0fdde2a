// The ClickHouse store where things go wrong: a run killed inside a column's rewrite, an error
// ClickHouse reports after it began answering, a table too wide for an address, a [store]
// table written before the first ingest.
#include <fstream>

#include "clickhouse/clickhouse_test_util.h"
#include "store/clickhouse_client.h"
#include "store/store_location.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

// The test cluster's two shards (scripts/clickhouse-local-cluster: the second one's HTTP port is
// the first one's + 10).
std::vector<std::unique_ptr<store::ClickHouseServer>> Shards(const store::StoreLocation& where) {
  std::vector<std::unique_ptr<store::ClickHouseServer>> out;
  for (int port : {where.port, where.port + 10}) {
    out.push_back(std::make_unique<store::ClickHouseServer>(where.host, port,
                                                            store::ClickHouseCredentials{}));
  }
  return out;
}

std::string Marks(const store::StoreLocation& where) {
  return ClickHouseIdent(where.database) + "." + ClickHouseIdent("quarry#widenings");
}

// Waits until no mutation is pending on the server.
void Settle(const store::ClickHouseServer& server) {
  for (int i = 0; i < 200; ++i) {
    int64_t pending = 1;
    (void)server.Select("SELECT count() FROM system.mutations WHERE is_done = 0",
                        [&](const store::TsvRow& row) {
                          pending = std::atoll(std::string(row[0].value_or("1")).c_str());
                          return false;
                        });
    if (pending == 0) return;
    usleep(50'000);
  }
}

// A run killed after a bool and a datetime column's rewrites ran but before they were marked
// finished: the rerun redoes them, which must leave "true"/"false" and ISO times as they are (a
// second `if(x = '0', …)` turned every 'false' into 'true'; a second tick conversion of an ISO
// time failed, and 18.16 retries a failed mutation for ever).
TEST(ClickHouseFaults, RewriteRedoneAfterAKillChangesNothing) {
  REQUIRE_CLICKHOUSE(where, "redo");
  auto reference = NewCase("chf_redo_reference");
  auto remote = NewCase("chf_redo_remote", &*where);
  ASSERT_TRUE(reference && remote);
  std::vector<Event> events = TypeChangingEvents();
  ASSERT_TRUE(Write(*reference, events).ok());
  // Killed at record 290: Flag became text at 250 and When at 280, both rewrites finished and
  // were marked.
  ASSERT_TRUE(Write(*remote, events, 290).ok());
  auto shards = Shards(*where);
  for (const auto& shard : shards) {
    // Forget that it finished, as a kill just before the mark would have.
    ASSERT_TRUE(shard->Execute("ALTER TABLE " + Marks(*where) + " DELETE WHERE done = 1").ok());
    Settle(*shard);
  }
  Status rerun = Write(*remote, events);
  ASSERT_TRUE(rerun.ok()) << rerun.message();
  ExpectSameContent(*reference, *remote);
}

// A mutation that fails is retried by 18.16 without end and blocks the ones after it: a column
// rewrite queued behind it must stop the ingest with a message that names it, not wait forever.
TEST(ClickHouseFaults, AStalledRewriteStopsTheIngestNamingTheMutation) {
  REQUIRE_CLICKHOUSE(where, "stall");
  auto remote = NewCase("chf_stall_remote", &*where);
  ASSERT_TRUE(remote);
  std::vector<Event> events = TypeChangingEvents();
  ASSERT_TRUE(Write(*remote, events, 200).ok());  // killed before Flag turns to text at 250
  std::string beta = ClickHouseIdent(where->database) + "." + ClickHouseIdent("Beta#shard");
  auto shards = Shards(*where);
  // Only dropping its table ends a failed mutation on 18.16: done however the test ends, so that
  // no retried mutation is left behind for the other tests.
  struct DropOnExit {
    const std::vector<std::unique_ptr<store::ClickHouseServer>>& shards;
    std::string table;
    ~DropOnExit() {
      for (const auto& shard : shards) (void)shard->Execute("DROP TABLE IF EXISTS " + table);
    }
  } drop{shards, beta};
  for (const auto& shard : shards) {
    // On a column of the rows: a constant throwIf fails the ALTER itself.
    Status planted = shard->Execute(
        "ALTER TABLE " + beta + " UPDATE \"Count\" = \"Count\" + throwIf(\"_eid\" > 0) WHERE 1");
    ASSERT_TRUE(planted.ok()) << planted.message();
  }
  const char* before = std::getenv("QUARRY_CLICKHOUSE_MUTATION_WAIT");
  std::string saved = before != nullptr ? before : "";
  setenv("QUARRY_CLICKHOUSE_MUTATION_WAIT", "2", 1);
  Status rerun = Write(*remote, events);
  if (before != nullptr) {
    setenv("QUARRY_CLICKHOUSE_MUTATION_WAIT", saved.c_str(), 1);
  } else {
    unsetenv("QUARRY_CLICKHOUSE_MUTATION_WAIT");
  }
  EXPECT_FALSE(rerun.ok());
  EXPECT_NE(rerun.message().find("made no progress altering Beta#shard"), std::string::npos)
      << rerun.message();
  EXPECT_NE(rerun.message().find("throwIf"), std::string::npos) << rerun.message();
}

// Killed after text values of a rewritten column reached ClickHouse ("1", which the bool
// rewrite would read as true): the rerun widens the catalog again but must not rewrite them.
TEST(ClickHouseFaults, FinishedRewriteIsNotRepeated) {
  REQUIRE_CLICKHOUSE(where, "once");
  auto reference = NewCase("chf_once_reference");
  auto remote = NewCase("chf_once_remote", &*where);
  ASSERT_TRUE(reference && remote);
  std::vector<Event> events = TypeChangingEvents("1");
  ASSERT_TRUE(Write(*reference, events).ok());
  // Killed at record 290: When's widening at 280 sent rows 250-279, whose Flag is the text "1".
  ASSERT_TRUE(Write(*remote, events, 290).ok());
  EXPECT_GT(
      CountOf(**remote->remote(), "SELECT count() FROM " + (*remote->remote())->ReadTable("Beta") +
                                      " WHERE \"Flag\" = '1'"),
      0);
  Status rerun = Write(*remote, events);
  ASSERT_TRUE(rerun.ok()) << rerun.message();
  ExpectSameContent(*reference, *remote);
}

// A run that died after marking a bool column's rewrite begun but before any MODIFY leaves the
// attempt open. The column later goes bool -> long -> text (no rewrite: SQLite keeps "0"/"1"),
// and the next run that opens the table must not rewrite those as "false"/"true".
TEST(ClickHouseFaults, AnAbandonedRewriteNeverRewritesLaterText) {
  REQUIRE_CLICKHOUSE(where, "abandoned");
  auto reference = NewCase("chf_abandoned_reference");
  auto remote = NewCase("chf_abandoned_remote", &*where);
  ASSERT_TRUE(reference && remote);
  std::vector<Event> first, second;
  for (uint64_t i = 0; i < 300; ++i) {
    Event e;
    e.table = "Flags";
    e.time = Timestamp{static_cast<int64_t>(i) * 10'000'000};
    e.provenance.record = i;
    if (i < 100) {
      e.Add("Flag") = Value::Bool(i % 2 == 0);
    } else if (i < 200) {
      e.AddLong("Flag", static_cast<int64_t>(i % 2));
    } else {
      e.AddString("Flag", i % 2 == 0 ? "1" : "0");
    }
    (i < 150 ? first : second).push_back(e);
  }
  for (auto& e : second) e.provenance.record -= 150;
  {
    Status w = Write(*reference, first, SIZE_MAX, "first");
    ASSERT_TRUE(w.ok()) << w.ToString();
  }
  {
    Status w = Write(*reference, second, SIZE_MAX, "second");
    ASSERT_TRUE(w.ok()) << w.ToString();
  }
  ASSERT_TRUE(Write(*remote, first, SIZE_MAX, "first").ok());
  for (const auto& shard : Shards(*where)) {
    ASSERT_TRUE(shard
                    ->Execute("INSERT INTO " + Marks(*where) +
                              " (tbl, col, from_type, attempt, done) VALUES ('Flags#shard', "
                              "'Flag', 'bool', 'killed', 0)")
                    .ok());
  }
  ASSERT_TRUE(Write(*remote, second, SIZE_MAX, "second").ok());
  // A third run opens the table again.
  std::vector<Event> third(1);
  third[0].table = "Flags";
  third[0].AddString("Flag", "x");
  ASSERT_TRUE(Write(*remote, third, SIZE_MAX, "third").ok());
  ASSERT_TRUE(Write(*reference, third, SIZE_MAX, "third").ok());
  ExpectSameContent(*reference, *remote);
}

// 18.16 refuses an address over 16 KB: an insert naming 700 columns must still go through.
TEST(ClickHouseFaults, WideTablesAreInserted) {
  REQUIRE_CLICKHOUSE(where, "wide");
  auto reference = NewCase("chf_wide_reference");
  auto remote = NewCase("chf_wide_remote", &*where);
  ASSERT_TRUE(reference && remote);
  std::vector<Event> events;
  for (uint64_t i = 0; i < 120; ++i) {
    Event e;
    e.table = "Wide";
    e.time = Timestamp{static_cast<int64_t>(i) * 10'000'000};
    e.provenance.source = "wide.json";
    e.provenance.record = i;
    for (int f = 0; f < 700; ++f) {
      if ((f + static_cast<int>(i)) % 3 == 0) {
        e.AddString("a_rather_long_field_name_" + std::to_string(f), std::to_string(i));
      }
    }
    events.push_back(std::move(e));
  }
  ASSERT_TRUE(Write(*reference, events).ok());
  Status written = Write(*remote, events);
  ASSERT_TRUE(written.ok()) << written.message();
  ExpectSameContent(*reference, *remote);
}

// ClickHouse sends an error that happens after its first megabyte of answer as a last line
// of a 200 answer: it must fail the query, not arrive as a row.
TEST(ClickHouseFaults, AnErrorMidAnswerFailsTheQuery) {
  REQUIRE_CLICKHOUSE(where, "midanswer");
  store::ClickHouseServer server(where->host, where->port, {});
  int64_t rows = 0;
  std::string last;
  Status s =
      server.Select("SELECT number, throwIf(number = 3000000) FROM system.numbers LIMIT 4000000",
                    [&](const store::TsvRow& row) {
                      ++rows;
                      last = std::string(row[0].value_or(""));
                      return true;
                    });
  ASSERT_FALSE(s.ok()) << rows << " rows, the last " << last;
  EXPECT_NE(s.message().find("throwIf"), std::string::npos) << s.message();
  EXPECT_EQ(last.find("Code:"), std::string::npos);
}

TEST(ClickHouseFaults, TsvReaderStopsAtClickHousesErrorLines) {
  auto read = [](const std::string& text, size_t split, std::vector<std::string>& rows) {
    store::TsvReader reader;
    split = std::min(split, text.size());
    auto keep = [&](const store::TsvRow& row) {
      std::string joined;
      for (const auto& f : row)
        joined += (joined.empty() ? "" : "|") + std::string(f.value_or("NULL"));
      rows.push_back(joined);
      return true;
    };
    reader.Feed(std::string_view(text).substr(0, split), keep);
    reader.Feed(std::string_view(text).substr(split), keep);
    return reader.Finish(keep);
  };
  const std::string error =
      "Code: 395, e.displayText() = DB::Exception: Value passed to 'throwIf' function is non "
      "zero, e.what() = DB::Exception\n";
  for (size_t split : {0, 3, 6, 10, 20}) {
    std::vector<std::string> rows;
    EXPECT_TRUE(read("a\t\\N\nb\tc\n", split, rows).ok());
    EXPECT_EQ(rows, (std::vector<std::string>{"a|NULL", "b|c"}));
    rows.clear();
    Status failed = read("1\tx\n2\ty\n" + error, split, rows);
    EXPECT_FALSE(failed.ok());
    EXPECT_EQ(failed.message(), "Value passed to 'throwIf' function is non zero (Code: 395)");
    EXPECT_EQ(rows, (std::vector<std::string>{"1|x", "2|y"}));
    rows.clear();
    EXPECT_FALSE(read("1\tx\n2\ty", split, rows).ok());  // truncated
  }
  // Found by fuzz_store in the reader that held back the last line: any split, the same rows.
  const std::string found(
      "\x01\x07"
      "a\x19N\n1\t\\\\N\t",
      12);
  std::vector<std::string> whole;
  Status whole_end = read(found, 0, whole);
  for (size_t split = 0; split <= found.size(); ++split) {
    std::vector<std::string> rows;
    Status end = read(found, split, rows);
    EXPECT_EQ(rows, whole) << split;
    EXPECT_EQ(end.ok(), whole_end.ok()) << split;
  }
  // A shard that cannot be reached: the error takes several lines.
  for (size_t split : {0, 30, 90}) {
    std::vector<std::string> rows;
    Status failed = read(
        "1\tx\nCode: 279, e.displayText() = DB::NetException: All connection tries failed. "
        "Log: \n\nCode: 210, e.displayText() = DB::NetException: Connection refused\n\n, "
        "e.what() = DB::NetException\n",
        split, rows);
    EXPECT_FALSE(failed.ok());
    EXPECT_NE(failed.message().find("All connection tries failed"), std::string::npos);
    EXPECT_EQ(rows, (std::vector<std::string>{"1|x"}));
  }
  std::vector<std::string> rows;
  EXPECT_TRUE(read("Code: 1, e.displayText() = x\tsecond field\n", 4, rows).ok());
  EXPECT_EQ(rows.size(), 1u);
  EXPECT_TRUE(read("Code: 12 apples\n", 4, rows).ok());
  EXPECT_TRUE(store::IsClickHouseErrorLine("Code: 60. DB::Exception: Table x does not exist."));
}

// A [store] table written before the first ingest (allow_remote, a user) keeps its settings and
// gets the url, rather than a second [store] table that would not parse.
TEST(ClickHouseFaults, StoreSettingsWrittenBeforeTheFirstIngestAreKept) {
  REQUIRE_CLICKHOUSE(where, "settings");
  std::string dir = TempDir("chf_settings").string();
  fs::create_directories(dir);
  std::ofstream(fs::path(dir) / "quarry.toml") << "[assist]\nendpoint = \"none\"\n\n[store]\n"
                                                  "allow_remote = true\n";
  auto opened = store::Case::Open(dir, store::Case::Mode::kCreateIfMissing, &*where);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  auto read = store::ReadCaseStore(dir);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_TRUE(read->has_value());
  EXPECT_EQ((*read)->Url(), where->Url());
  EXPECT_TRUE((*read)->allow_remote);
  // url = "sqlite" names no store: the new one replaces it.
  std::string dir2 = TempDir("chf_settings_sqlite").string();
  fs::create_directories(dir2);
  std::ofstream(fs::path(dir2) / "quarry.toml") << "[store]\nurl = \"sqlite\"\n[assist]\nurl = 1\n";
  ASSERT_TRUE(store::Case::Open(dir2, store::Case::Mode::kCreateIfMissing, &*where).ok());
  auto replaced = store::ReadCaseStore(dir2);
  ASSERT_TRUE(replaced.ok()) << replaced.status().message();
  ASSERT_TRUE(replaced->has_value());
  EXPECT_EQ((*replaced)->Url(), where->Url());
}

TEST(ClickHouseFaults, OtherMachinesAreRefusedUnlessAllowed) {
  auto far = store::ParseStoreUrl("clickhouse://192.0.2.7:8123/db");
  ASSERT_TRUE(far.ok());
  auto refused = store::ClickHouseEvents::Connect(*far);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("allow_remote"), std::string::npos);
  far->allow_remote = true;
  EXPECT_TRUE(store::ClickHouseEvents::Connect(*far).ok());  // nothing is asked of it yet
}

}  // namespace
}  // namespace quarry::testing
