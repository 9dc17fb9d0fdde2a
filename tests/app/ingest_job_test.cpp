#include <gtest/gtest.h>

#include "app/ingest_job.h"
#include "core/hash.h"
#include "store/case.h"
#include "store/case_writer.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

std::string Jsonl(int n, int start = 0) {
  std::string s;
  for (int i = start; i < start + n; ++i) {
    s += "{\"Channel\":\"Security\",\"EventID\":4624,\"Hostname\":\"h" + std::to_string(i % 3) +
         "\",\"TimeCreated\":\"2024-01-01 00:00:" + std::to_string(10 + i % 50) +
         "\",\"N\":" + std::to_string(i) + "}\n";
  }
  return s;
}

app::IngestReport Ingest(const fs::path& evidence, const fs::path& case_dir, size_t batch = 25000) {
  app::IngestOptions o;
  o.paths = {evidence.string()};
  o.case_dir = case_dir.string();
  o.batch_size = batch;
  auto r = app::RunIngest(o);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : app::IngestReport{};
}

std::string Digest(const fs::path& case_dir) {
  auto c = store::Case::Open(case_dir.string(), store::Case::Mode::kOpenExisting);
  return *(*c)->ContentDigest();
}

TEST(IngestJob, ReingestingAddsNothing) {
  fs::path dir = TempDir("reingest");
  WriteFile(dir / "ev/a.jsonl", Jsonl(100));
  WriteFile(dir / "ev/sub/b.jsonl", Jsonl(50, 100));
  auto first = Ingest(dir / "ev", dir / "case");
  EXPECT_EQ(first.events_added, 150);
  EXPECT_FALSE(first.anything_skipped());
  ASSERT_EQ(first.files.size(), 2u);
  EXPECT_EQ(first.files[0].sha256, Sha256Hex(Jsonl(100)));  // hashed while read
  EXPECT_EQ(first.files[1].sha256, Sha256Hex(Jsonl(50, 100)));
  std::string digest = Digest(dir / "case");
  WriteFile(dir / "ev/copy-of-a.jsonl", Jsonl(100));  // same content, other name
  auto second = Ingest(dir / "ev", dir / "case");
  EXPECT_EQ(second.events_added, 0);
  for (const auto& f : second.files) {
    EXPECT_EQ(f.state, app::FileOutcome::State::kAlreadyInCase);
    EXPECT_FALSE(f.sha256.empty());
  }
  EXPECT_EQ(Digest(dir / "case"), digest);
}

TEST(IngestJob, ResumesAPartialFileWithoutDuplicates) {
  fs::path dir = TempDir("resume");
  WriteFile(dir / "ev/a.jsonl", Jsonl(1000));
  Ingest(dir / "ev", dir / "whole");
  // Simulate a run killed after two committed batches of a.jsonl.
  {
    auto c = store::Case::Open((dir / "cut").string(), store::Case::Mode::kCreateIfMissing);
    app::IngestOptions o;
    o.paths = {(dir / "ev").string()};
    o.case_dir = (dir / "cut").string();
    o.batch_size = 300;
    // Run fully, then roll the file back to "partial after 600 records".
    ASSERT_TRUE(app::RunIngest(o).ok());
    sqlite3* db = (*c)->db();
    ASSERT_EQ(sqlite3_exec(db,
                           "DELETE FROM \"SecurityEvent\" WHERE _eid % 1000000000 >= 600;"
                           "UPDATE _quarry_files SET status='partial', records=600;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
  }
  auto resumed = Ingest(dir / "ev", dir / "cut");
  ASSERT_EQ(resumed.files.size(), 1u);
  EXPECT_EQ(resumed.files[0].state, app::FileOutcome::State::kResumed);
  EXPECT_EQ(resumed.events_added, 400);
  EXPECT_EQ(Digest(dir / "cut"), Digest(dir / "whole"));
}

TEST(IngestJob, DamagedFilesKeepTheirReadableRecords) {
  fs::path dir = TempDir("damaged");
  WriteFile(dir / "ev/ok.jsonl", Jsonl(10));
  WriteFile(dir / "ev/bad.jsonl", Jsonl(5) + "{\"broken\": \n" + Jsonl(5, 5));
  WriteFile(dir / "ev/empty.json", "");
  auto r = Ingest(dir / "ev", dir / "case");
  EXPECT_TRUE(r.anything_skipped());
  EXPECT_EQ(r.events_added, 20);
  int unreadable = 0;
  for (const auto& f : r.files) {
    if (f.state == app::FileOutcome::State::kUnreadable) ++unreadable;
    if (f.path.find("bad.jsonl") != std::string::npos) {
      EXPECT_EQ(f.skipped, 1);
    }
  }
  EXPECT_EQ(unreadable, 1);
}

TEST(IngestJob, ReadAheadThreadGivesTheSameCaseAndFindingsInOrder) {
  fs::path dir = TempDir("threads");
  WriteFile(dir / "ev/a.jsonl", Jsonl(3000) + "{\"broken\": \n" + Jsonl(2000, 3000) + "not json\n");
  std::vector<std::string> digests;
  std::vector<std::vector<uint64_t>> finding_lines;
  for (size_t threads : {1, 2}) {
    app::IngestOptions o;
    o.paths = {(dir / "ev").string()};
    o.case_dir = (dir / ("case" + std::to_string(threads))).string();
    o.threads = threads;
    o.batch_size = 700;
    std::vector<uint64_t> lines;
    o.on_finding = [&lines](const Finding& f) { lines.push_back(f.where.line); };
    auto r = app::RunIngest(o);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->events_added, 5000);
    digests.push_back(Digest(o.case_dir));
    finding_lines.push_back(lines);
  }
  EXPECT_EQ(digests[0], digests[1]);
  EXPECT_EQ(finding_lines[0], (std::vector<uint64_t>{3001, 5002}));
  EXPECT_EQ(finding_lines[1], finding_lines[0]);
}

TEST(IngestJob, ASecondWriterIsRefusedWhileTheFirstHoldsTheCase) {
  fs::path dir = TempDir("lock");
  WriteFile(dir / "ev/a.jsonl", Jsonl(3));
  auto c = store::Case::Open((dir / "case").string(), store::Case::Mode::kCreateIfMissing);
  ASSERT_TRUE(c.ok());
  {
    auto held = store::WriteLock::Acquire((dir / "case").string());
    ASSERT_TRUE(held.ok());
    app::IngestOptions o;
    o.paths = {(dir / "ev").string()};
    o.case_dir = (dir / "case").string();
    auto refused = app::RunIngest(o);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.status().message().find("another ingest is writing"), std::string::npos);
  }
  EXPECT_EQ(Ingest(dir / "ev", dir / "case").events_added, 3);  // released: the next one runs
}

TEST(IngestJob, MissingPathIsReportedAndTheRestIngested) {
  fs::path dir = TempDir("missing_path");
  WriteFile(dir / "ev/a.jsonl", Jsonl(3));
  app::IngestOptions o;
  o.paths = {(dir / "nope").string(), (dir / "ev").string()};
  o.case_dir = (dir / "case").string();
  auto r = app::RunIngest(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->events_added, 3);
  ASSERT_EQ(r->path_errors.size(), 1u);
  EXPECT_TRUE(r->anything_skipped());
}

}  // namespace
}  // namespace quarry::testing
