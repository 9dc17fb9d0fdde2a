// Every evidence file of the shared JSON corpus and every Sigma regression JSON sample ingests
// whole, with per-file event counts checked against counts computed independently: the corpus
// index (files.tsv), the regression index (cases.tsv, events_in_sample) and plain line counts.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "app/ingest_job.h"
#include "store/case.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

std::vector<std::vector<std::string>> ReadTsv(const fs::path& p) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) cells.push_back(cell);
    if (!line.empty() && line.back() == '\t') cells.emplace_back();
    rows.push_back(cells);
  }
  return rows;
}

int64_t NonEmptyLines(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  int64_t n = 0;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) ++n;
  }
  return n;
}

class CorpusCounts : public ::testing::Test {
 protected:
  void SetUp() override {
    corpora_ = CorporaDir();
    if (corpora_.empty())
      GTEST_SKIP()
          << "NOTICE: ../shared/corpora not found (set QUARRY_CORPORA); corpus tests skipped";
  }

  void CheckIngest(const std::map<std::string, int64_t>& expected, const std::string& case_name) {
    std::vector<std::string> paths;
    for (const auto& [path, n] : expected) paths.push_back(path);
    app::IngestOptions o;
    o.paths = paths;
    o.case_dir = TempDir(case_name).string();
    std::vector<Finding> findings;
    o.on_finding = [&](const Finding& f) { findings.push_back(f); };
    auto report = app::RunIngest(o);
    ASSERT_TRUE(report.ok()) << report.status().message();
    for (const auto& f : findings) ADD_FAILURE() << f.ToString();
    ASSERT_EQ(report->files.size(), expected.size());
    int64_t total = 0;
    for (const auto& f : report->files) {
      auto it = expected.find(f.path);
      ASSERT_NE(it, expected.end()) << f.path;
      EXPECT_EQ(f.state, app::FileOutcome::State::kIngested) << f.path << ": " << f.error;
      EXPECT_EQ(f.events, it->second) << f.path;
      EXPECT_EQ(f.skipped, 0) << f.path;
      total += f.events;
    }
    auto c = store::Case::Open(o.case_dir, store::Case::Mode::kOpenExisting);
    ASSERT_TRUE(c.ok());
    int64_t rows = 0;
    auto tables = (*c)->Tables();
    ASSERT_TRUE(tables.ok());
    for (const auto& t : *tables) rows += t.rows;
    EXPECT_EQ(rows, total);
  }

  fs::path corpora_;
};

TEST_F(CorpusCounts, SharedJsonCorpus) {
  fs::path root = corpora_ / "json";
  auto rows = ReadTsv(root / "files.tsv");
  ASSERT_GT(rows.size(), 1u);
  std::map<std::string, int64_t> expected;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    ASSERT_GE(r.size(), 7u);
    fs::path p = fs::absolute(root / r[0]).lexically_normal();
    if (!fs::exists(p)) continue;  // index may list held-out files
    const std::string& format = r[5];
    int64_t n = std::stoll(r[6]);
    if (format.find("text") != std::string::npos) {  // the index does not count text records
      n = NonEmptyLines(p) - (p.extension() == ".csv" ? 1 : 0);  // a CSV header is no record
    }
    expected[p.string()] = n;
  }
  ASSERT_GE(expected.size(), 60u);
  CheckIngest(expected, "corpus_json");
}

TEST_F(CorpusCounts, SigmaRegressionJsonSamples) {
  fs::path root = corpora_ / "sigma-regression";
  auto rows = ReadTsv(root / "cases.tsv");
  ASSERT_GT(rows.size(), 1u);
  std::map<std::string, int64_t> expected;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    ASSERT_GE(r.size(), 8u);
    if (r[3] != "json") continue;
    expected[fs::absolute(root / r[2]).lexically_normal().string()] = std::stoll(r[7]);
  }
  // Every .json in the folder is in the index.
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.path().extension() == ".json") {
      EXPECT_TRUE(expected.count(fs::absolute(e.path()).lexically_normal().string())) << e.path();
    }
  }
  ASSERT_GE(expected.size(), 100u);
  CheckIngest(expected, "corpus_sigma");
}

}  // namespace
}  // namespace quarry::testing
