// What the ClickHouse tests share: the test cluster's address, cases on either store, and a
// writer that can stop as if killed.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/hash.h"
#include "store/case.h"
#include "store/case_writer.h"
#include "store/clickhouse_events.h"
#include "test_util.h"

namespace quarry::testing {

// The test cluster's address with a database of this process, or nullopt (the test skips).
inline std::optional<store::StoreLocation> TestStore(const std::string& name) {
  const char* url = std::getenv("QUARRY_TEST_CLICKHOUSE");
  if (url == nullptr || *url == '\0') return std::nullopt;
  auto parsed =
      store::ParseStoreUrl(std::string(url) + "/qt_" + std::to_string(getpid()) + "_" + name);
  if (!parsed.ok()) return std::nullopt;
  store::ClickHouseServer server(parsed->host, parsed->port, {});
  if (!server.Query("SELECT 1").ok()) return std::nullopt;
  return *parsed;
}

#define REQUIRE_CLICKHOUSE(location, name)                                       \
  auto location = TestStore(name);                                               \
  if (!location)                                                                 \
  GTEST_SKIP() << "no ClickHouse test cluster (QUARRY_TEST_CLICKHOUSE unset or " \
                  "not answering; ctest's fixture starts one)"

inline std::unique_ptr<store::Case> NewCase(const std::string& name,
                                            const store::StoreLocation* where = nullptr) {
  auto c = store::Case::Open(TempDir(name).string(), store::Case::Mode::kCreateIfMissing, where);
  EXPECT_TRUE(c.ok()) << c.status().message();
  return c.ok() ? std::move(c).value() : nullptr;
}

inline store::FileProbe Probe(const std::string& content, const std::string& path) {
  store::FileProbe p;
  p.path = path;
  p.size = static_cast<int64_t>(content.size());
  p.head_sha256 = Sha256Hex(std::string_view(content).substr(0, store::kFileHeadBytes));
  p.hash_prefix = [content](uint64_t n) -> Result<std::string> {
    return Sha256Hex(std::string_view(content).substr(0, n));
  };
  return p;
}

// Events whose fields change type as they go: a long that becomes a real, a bool and a datetime
// that become strings (`flag_text`), a field that appears late, and one with no time.
inline std::vector<Event> TypeChangingEvents(const std::string& flag_text = "maybe") {
  std::vector<Event> out;
  for (uint64_t i = 0; i < 300; ++i) {
    Event e;
    e.table = i % 3 == 0 ? "Alpha" : "Beta";
    if (i != 7)
      e.time = Timestamp{(1700000000 + static_cast<int64_t>(i) * 3600) * 10'000'000 + 1234};
    e.provenance.source = "typed.json";
    e.provenance.record = i;
    e.provenance.offset = i * 10;
    e.AddString("Computer", "ws" + std::to_string(i % 4));
    if (i < 200) {
      e.AddLong("Count", static_cast<int64_t>(i));
    } else {
      e.Add("Count") = Value::Real(static_cast<double>(i) + 0.5);
    }
    e.Add("Flag") = i < 250 ? Value::Bool(i % 2 == 0) : Value::String(flag_text);
    e.Add("When") = i < 280 ? Value::DateTime(Timestamp{static_cast<int64_t>(i) * 10'000'000})
                            : Value::String("later");
    if (i > 150) e.AddString("Late", "tab\there \"q\" \\ end");
    if (i % 5 == 0) e.Add("Bag") = Value::Dynamic(R"({"a":[1,2],"b":"x"})");
    out.push_back(std::move(e));
  }
  return out;
}

// Writes `events` as one file, committing after record 99; stops without committing the rest
// after `stop_after` appends, as a killed run would.
inline Status Write(store::Case& c, const std::vector<Event>& events, size_t stop_after = SIZE_MAX,
                    const std::string& file = "typed") {
  store::CaseWriter w(c);
  QUARRY_ASSIGN_OR_RETURN(auto start, w.BeginFile(Probe(file, file + ".json"), "json"));
  size_t n = 0;
  for (const Event& e : events) {
    if (static_cast<int64_t>(e.provenance.record) < start.records_done) continue;
    if (n++ == stop_after) return Status::Ok();  // "killed": no commit of the rest
    QUARRY_RETURN_IF_ERROR(w.Append(e, start.file_id));
    if (e.provenance.record == 99) {
      QUARRY_RETURN_IF_ERROR(w.CommitBatch(start.file_id, 100, 0, {1, Sha256Hex("t")}));
    }
  }
  QUARRY_RETURN_IF_ERROR(w.FinishFile(start.file_id, static_cast<int64_t>(events.size()), 0, 0,
                                      "json", Sha256Hex(file)));
  return w.Finalize();
}

// Both cases hold the same events (the digest of every table's rows).
inline void ExpectSameContent(const store::Case& reference, const store::Case& other) {
  auto a = reference.ContentDigest();
  auto b = other.ContentDigest();
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(*a, *b);
}

// One number a query answers.
inline int64_t CountOf(const store::ClickHouseEvents& events, const std::string& sql) {
  int64_t n = -1;
  Status s = events.Select(sql, [&](const store::TsvRow& row) {
    n = std::atoll(std::string(row.empty() ? "" : row[0].value_or("")).c_str());
    return false;
  });
  EXPECT_TRUE(s.ok()) << s.message();
  return n;
}

}  // namespace quarry::testing
