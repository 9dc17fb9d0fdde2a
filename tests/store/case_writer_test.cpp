#include <gtest/gtest.h>

#include "core/hash.h"
#include "store/case.h"
#include "store/case_writer.h"
#include "test_util.h"

namespace quarry::testing {
namespace {

std::unique_ptr<store::Case> NewCase(const std::string& name) {
  auto c = store::Case::Open(TempDir(name).string(), store::Case::Mode::kCreateIfMissing);
  EXPECT_TRUE(c.ok()) << c.status().message();
  return std::move(c).value();
}

Event MakeEvent(const std::string& table, uint64_t record, int64_t second) {
  Event e;
  e.table = table;
  e.time = Timestamp{(1700000000 + second) * Timestamp::kTicksPerSecond};
  e.provenance.source = "test.json";
  e.provenance.record = record;
  e.provenance.offset = record * 10;
  return e;
}

// A file's identity as the pipeline would probe it, from its bytes in memory; counts the
// full-content hashes the registry asked for.
store::FileProbe Probe(const std::string& content, const std::string& path,
                       int* prefix_hashes = nullptr) {
  store::FileProbe p;
  p.path = path;
  p.size = static_cast<int64_t>(content.size());
  p.head_sha256 = Sha256Hex(std::string_view(content).substr(0, store::kFileHeadBytes));
  p.hash_prefix = [content, prefix_hashes](uint64_t n) -> Result<std::string> {
    if (prefix_hashes) ++*prefix_hashes;
    return Sha256Hex(std::string_view(content).substr(0, n));
  };
  return p;
}

store::FilePrefix PrefixOf(const std::string& content, size_t n) {
  return {n, Sha256Hex(std::string_view(content).substr(0, n))};
}

const store::ColumnInfo* FindColumn(const std::vector<store::ColumnInfo>& cols,
                                    const std::string& name) {
  for (const auto& c : cols) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

TEST(CaseWriter, CatalogTracksRowsTimesFillRatesAndTopValues) {
  auto c = NewCase("catalog");
  store::CaseWriter w(*c);
  auto start = w.BeginFile(Probe("sha-a", "/e/a.json"), "json");
  ASSERT_TRUE(start.ok());
  for (uint64_t i = 0; i < 100; ++i) {
    Event e = MakeEvent("T", i, static_cast<int64_t>(i));
    e.AddString("User", i % 4 == 0 ? "alice" : "bob");
    if (i % 2 == 0) e.AddLong("Port", static_cast<int64_t>(i));
    ASSERT_TRUE(w.Append(e, start->file_id).ok());
    if (i == 49) {
      ASSERT_TRUE(w.CommitBatch(start->file_id, 50, 0, PrefixOf("sha-a", 3)).ok());
    }
  }
  ASSERT_TRUE(w.FinishFile(start->file_id, 100, 0, 0, "json", "sha").ok());
  ASSERT_TRUE(w.Finalize().ok());

  auto tables = c->Tables();
  ASSERT_TRUE(tables.ok());
  ASSERT_EQ(tables->size(), 1u);
  EXPECT_EQ((*tables)[0].rows, 100);
  EXPECT_EQ(FormatIsoTime(*(*tables)[0].min_time), "2023-11-14T22:13:20Z");
  EXPECT_EQ(FormatIsoTime(*(*tables)[0].max_time), "2023-11-14T22:14:59Z");

  auto cols = c->Columns("T");
  ASSERT_TRUE(cols.ok());
  const auto* user = FindColumn(*cols, "User");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->type, ValueType::kString);
  EXPECT_DOUBLE_EQ(user->fill_rate, 1.0);
  EXPECT_EQ(user->distinct_estimate, 2);
  ASSERT_EQ(user->top_values.size(), 2u);
  EXPECT_EQ(user->top_values[0], (std::pair<std::string, int64_t>{"bob", 75}));
  EXPECT_EQ(user->top_values[1], (std::pair<std::string, int64_t>{"alice", 25}));
  const auto* port = FindColumn(*cols, "Port");
  ASSERT_NE(port, nullptr);
  EXPECT_EQ(port->type, ValueType::kLong);
  EXPECT_DOUBLE_EQ(port->fill_rate, 0.5);
  EXPECT_NEAR(static_cast<double>(port->distinct_estimate), 50.0, 3.0);
}

TEST(CaseWriter, MixedTypesWidenAndStoredValuesFollow) {
  auto c = NewCase("widen");
  store::CaseWriter w(*c);
  auto start = w.BeginFile(Probe("sha-w", "/e/w.json"), "json");
  Event a = MakeEvent("T", 0, 0);
  a.AddLong("ProcessId", 4242);
  a.AddLong("Ratio", 2);
  Event b = MakeEvent("T", 1, 1);
  b.AddString("ProcessId", "0x10a");
  b.Add("Ratio") = Value::Real(0.5);
  ASSERT_TRUE(w.Append(a, start->file_id).ok());
  ASSERT_TRUE(w.Append(b, start->file_id).ok());
  ASSERT_TRUE(w.FinishFile(start->file_id, 2, 0, 0, "json", "sha").ok());
  auto cols = c->Columns("T");
  EXPECT_EQ(FindColumn(*cols, "ProcessId")->type, ValueType::kString);
  EXPECT_EQ(FindColumn(*cols, "Ratio")->type, ValueType::kReal);
  auto first = c->FindEvent(start->file_id * store::kEidFileStride);
  ASSERT_TRUE(first.ok() && first->has_value());
  for (const auto& [name, value] : (*first)->fields) {
    if (name == "ProcessId") {
      EXPECT_EQ(value, Value::String("4242"));
    }
    if (name == "Ratio") {
      EXPECT_EQ(value, Value::Real(2.0));
    }
  }
}

TEST(CaseWriter, NamesDifferingInCaseShareAColumnAndCollisionsGetSuffixes) {
  auto c = NewCase("names");
  store::CaseWriter w(*c);
  auto start = w.BeginFile(Probe("sha-n", "/e/n.json"), "json");
  Event a = MakeEvent("T", 0, 0);
  a.AddString("ProcessId", "1");
  a.AddString("TimeGenerated", "not the event time");
  Event b = MakeEvent("T", 1, 1);
  b.AddString("processid", "2");
  b.AddString("Dup", "x");
  b.AddString("Dup", "y");
  ASSERT_TRUE(w.Append(a, start->file_id).ok());
  ASSERT_TRUE(w.Append(b, start->file_id).ok());
  ASSERT_TRUE(w.FinishFile(start->file_id, 2, 0, 0, "json", "sha").ok());
  auto cols = c->Columns("T");
  EXPECT_NE(FindColumn(*cols, "ProcessId"), nullptr);
  EXPECT_EQ(FindColumn(*cols, "processid"), nullptr);
  EXPECT_EQ(FindColumn(*cols, "ProcessId")->non_null, 2);
  EXPECT_NE(FindColumn(*cols, "TimeGenerated_raw"), nullptr);
  EXPECT_NE(FindColumn(*cols, "Dup_2"), nullptr);
}

TEST(CaseWriter, FileRegistryKnowsCompleteAndPartialFiles) {
  // Longer than the head the registry compares first, so only full hashes tell files apart.
  const std::string one = std::string(store::kFileHeadBytes, 'a') + "first file's tail";
  const std::string two = std::string(store::kFileHeadBytes, 'b') + "second file, interrupted";
  auto c = NewCase("registry");
  {
    store::CaseWriter w(*c);
    int hashed = 0;
    auto a = w.BeginFile(Probe(one, "/e/1.json", &hashed), "json");
    ASSERT_EQ(a->state, store::FileStart::State::kNew);
    EXPECT_EQ(hashed, 0) << "an unknown file is not hashed before it is read";
    ASSERT_TRUE(w.Append(MakeEvent("T", 0, 0), a->file_id).ok());
    ASSERT_TRUE(w.FinishFile(a->file_id, 1, 0, 0, "json", Sha256Hex(one)).ok());
    auto b = w.BeginFile(Probe(two, "/e/2.json"), "json");
    for (uint64_t i = 0; i < 10; ++i) ASSERT_TRUE(w.Append(MakeEvent("T", i, 1), b->file_id).ok());
    ASSERT_TRUE(w.CommitBatch(b->file_id, 10, 1, PrefixOf(two, store::kFileHeadBytes + 10)).ok());
    ASSERT_TRUE(w.Append(MakeEvent("T", 10, 2), b->file_id).ok());
    // Destroyed with an open batch: as if the process died.
  }
  store::CaseWriter w(*c);
  auto again = w.BeginFile(Probe(one, "/elsewhere/copy.json"), "json");
  EXPECT_EQ(again->state, store::FileStart::State::kComplete);
  EXPECT_EQ(again->sha256, Sha256Hex(one));
  auto partial = w.BeginFile(Probe(two, "/e/2.json"), "json");
  EXPECT_EQ(partial->state, store::FileStart::State::kResume);
  EXPECT_EQ(partial->records_done, 10);
  EXPECT_EQ(partial->skipped_before, 1);
  auto tables = c->Tables();
  EXPECT_EQ((*tables)[0].rows, 11);

  // Same size and same head, but other bytes: a different file, found by hashing in full.
  std::string one_changed = one;
  one_changed.back() = '!';
  int hashed = 0;
  auto changed = w.BeginFile(Probe(one_changed, "/e/1.json", &hashed), "json");
  EXPECT_EQ(changed->state, store::FileStart::State::kNew);
  EXPECT_EQ(hashed, 1);
  // The interrupted file was rewritten inside its committed prefix: it cannot be resumed.
  std::string two_rewritten = two;
  two_rewritten[store::kFileHeadBytes + 5] = '#';
  auto rewritten = w.BeginFile(Probe(two_rewritten, "/e/2.json"), "json");
  EXPECT_EQ(rewritten->state, store::FileStart::State::kNew);
}

TEST(CaseWriter, FileChangedOnlyAfterItsCommittedPrefixIsResumed) {
  const std::string before = std::string(store::kFileHeadBytes, 'x') + "0123456789abcdefghij";
  std::string after = before;
  after.back() = 'J';  // beyond the committed prefix
  auto c = NewCase("registry_tail");
  {
    store::CaseWriter w(*c);
    auto a = w.BeginFile(Probe(before, "/e/grow.json"), "json");
    ASSERT_TRUE(w.Append(MakeEvent("T", 0, 0), a->file_id).ok());
    ASSERT_TRUE(w.CommitBatch(a->file_id, 1, 0, PrefixOf(before, store::kFileHeadBytes + 10)).ok());
  }
  store::CaseWriter w(*c);
  auto resumed = w.BeginFile(Probe(after, "/e/grow.json"), "json");
  EXPECT_EQ(resumed->state, store::FileStart::State::kResume);
  EXPECT_EQ(resumed->records_done, 1);
}

TEST(CaseWriter, DigestIgnoresColumnCreationOrder) {
  auto one = NewCase("digest1");
  auto two = NewCase("digest2");
  for (auto* c : {one.get(), two.get()}) {
    store::CaseWriter w(*c);
    auto s = w.BeginFile(Probe("sha", "/e/x.json"), "json");
    Event a = MakeEvent("T", 0, 0);
    Event b = MakeEvent("T", 1, 1);
    if (c == one.get()) {
      a.AddString("A", "1");
      b.AddString("B", "2");
    } else {
      a.AddString("A", "1");
      a.FindMutable("A");
      b.AddString("B", "2");
    }
    ASSERT_TRUE(w.Append(a, s->file_id).ok());
    ASSERT_TRUE(w.Append(b, s->file_id).ok());
    ASSERT_TRUE(w.FinishFile(s->file_id, 2, 0, 0, "json", "sha").ok());
  }
  EXPECT_EQ(*one->ContentDigest(), *two->ContentDigest());
  auto three = NewCase("digest3");
  {
    store::CaseWriter w(*three);
    auto s = w.BeginFile(Probe("sha", "/e/x.json"), "json");
    Event a = MakeEvent("T", 0, 0);
    a.AddString("A", "changed");
    ASSERT_TRUE(w.Append(a, s->file_id).ok());
    ASSERT_TRUE(w.FinishFile(s->file_id, 1, 0, 0, "json", "sha").ok());
  }
  EXPECT_NE(*one->ContentDigest(), *three->ContentDigest());
}

TEST(Case, OpeningAMissingCaseSaysHowToMakeOne) {
  auto c =
      store::Case::Open((TempDir("missing") / "nope").string(), store::Case::Mode::kOpenExisting);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("quarry ingest"), std::string::npos);
}

}  // namespace
}  // namespace quarry::testing
