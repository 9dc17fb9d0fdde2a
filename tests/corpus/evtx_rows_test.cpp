// EVTX evidence ingests to the same events as its evtx_dump JSON export (the Sigma regression
// samples ship both), and every EVTX sample ingests whole into a case with the indexed count.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "ingest/reader.h"
#include "app/ingest_job.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

struct Sample {
  fs::path evtx;
  fs::path json;
  int64_t events = 0;
};

std::vector<Sample> RegressionSamples(const fs::path& root) {
  std::map<std::string, Sample> by_stem;
  std::ifstream in(root / "cases.tsv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, '\t');) cells.push_back(cell);
    if (cells.size() < 8) continue;
    fs::path p = fs::absolute(root / cells[2]).lexically_normal();
    Sample& s = by_stem[(p.parent_path() / p.stem()).string()];
    (cells[3] == "evtx" ? s.evtx : s.json) = p;
    s.events = std::stoll(cells[7]);
  }
  std::vector<Sample> out;
  for (auto& [stem, s] : by_stem) {
    if (!s.evtx.empty() && !s.json.empty()) out.push_back(s);
  }
  return out;
}

// Every event of a file as canonical JSON lines, provenance left out (it differs by design:
// the record id for EVTX, the byte offset for JSON).
Result<std::vector<std::string>> Events(const fs::path& p, std::vector<Finding>& findings,
                                        const ingest::ReaderOptions& options = {}) {
  QUARRY_ASSIGN_OR_RETURN(
      auto reader,
      ingest::OpenReader(p.string(), options, [&](const Finding& f) { findings.push_back(f); }));
  std::vector<std::string> out;
  Event e;
  while (reader->Next(e)) {
    e.provenance = {};
    out.push_back(CanonicalEvent(e));
  }
  return out;
}

class EvtxRows : public ::testing::Test {
 protected:
  void SetUp() override {
    corpora_ = CorporaDir();
    if (corpora_.empty())
      GTEST_SKIP()
          << "NOTICE: ../shared/corpora not found (set QUARRY_CORPORA); corpus tests skipped";
  }
  fs::path corpora_;
};

TEST_F(EvtxRows, SameEventsAsEvtxDumpJson) {
  auto samples = RegressionSamples(corpora_ / "sigma-regression");
  ASSERT_GE(samples.size(), 100u);
  size_t same = 0;
  std::vector<std::string> differing;
  for (const Sample& s : samples) {
    std::vector<Finding> findings;
    auto from_evtx = Events(s.evtx, findings);
    auto from_json = Events(s.json, findings);
    ASSERT_TRUE(from_evtx.ok()) << s.evtx << ": " << from_evtx.status().message();
    ASSERT_TRUE(from_json.ok()) << s.json << ": " << from_json.status().message();
    for (const auto& f : findings) ADD_FAILURE() << f.ToString();
    EXPECT_EQ(static_cast<int64_t>(from_evtx->size()), s.events) << s.evtx;
    if (*from_evtx == *from_json) {
      ++same;
      continue;
    }
    differing.push_back(s.evtx.filename().string());
    for (size_t i = 0; i < std::min(from_evtx->size(), from_json->size()); ++i) {
      if ((*from_evtx)[i] != (*from_json)[i]) {
        std::cout << s.evtx << " event " << i << "\n  evtx: " << (*from_evtx)[i]
                  << "\n  json: " << (*from_json)[i] << "\n";
        break;
      }
    }
  }
  // One sample's JSON was edited by hand after export (it no longer matches its own EVTX; see
  // tests/evtx/dump_corpus_test.py); every other pair must agree event for event.
  std::cout << same << " of " << samples.size() << " EVTX/JSON pairs give identical events\n";
  ASSERT_LE(differing.size(), 1u);
  for (const auto& name : differing) {
    EXPECT_EQ(name, "ad691d92-15f2-4181-9aa4-723c74f9ddc3.evtx");
  }
}

// Records mapped straight onto events and records decoded through their JSON give the same
// events and the same findings, on every EVTX file of the corpora (damaged ones included).
TEST_F(EvtxRows, DirectMappingEqualsJsonPath) {
  std::vector<fs::path> files;
  for (const char* dir : {"evtx", "sigma-regression"}) {
    for (const auto& entry : fs::recursive_directory_iterator(corpora_ / dir)) {
      if (entry.path().extension() == ".evtx") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 500u);
  ingest::ReaderOptions via_json;
  via_json.evtx_via_json = true;
  size_t events = 0;
  for (const fs::path& file : files) {
    std::vector<Finding> direct_findings, json_findings;
    auto direct = Events(file, direct_findings);
    auto json = Events(file, json_findings, via_json);
    ASSERT_TRUE(direct.ok() && json.ok()) << file;
    ASSERT_EQ(direct->size(), json->size()) << file;
    for (size_t i = 0; i < direct->size(); ++i) {
      ASSERT_EQ((*direct)[i], (*json)[i]) << file << " event " << i;
    }
    ASSERT_EQ(direct_findings.size(), json_findings.size()) << file;
    for (size_t i = 0; i < direct_findings.size(); ++i) {
      EXPECT_EQ(direct_findings[i].ToString(), json_findings[i].ToString()) << file;
    }
    events += direct->size();
  }
  std::cout << events << " events of " << files.size() << " EVTX files identical on both paths\n";
}

TEST_F(EvtxRows, EvtxSamplesIngestWhole) {
  auto samples = RegressionSamples(corpora_ / "sigma-regression");
  std::vector<std::string> paths;
  std::map<std::string, int64_t> expected;
  for (const Sample& s : samples) {
    paths.push_back(s.evtx.string());
    expected[s.evtx.string()] = s.events;
  }
  app::IngestOptions o;
  o.paths = paths;
  o.case_dir = TempDir("evtx_samples").string();
  std::vector<Finding> findings;
  o.on_finding = [&](const Finding& f) { findings.push_back(f); };
  auto report = app::RunIngest(o);
  ASSERT_TRUE(report.ok()) << report.status().message();
  for (const auto& f : findings) ADD_FAILURE() << f.ToString();
  ASSERT_EQ(report->files.size(), expected.size());
  for (const auto& f : report->files) {
    EXPECT_EQ(f.format, "evtx") << f.path;
    EXPECT_EQ(f.state, app::FileOutcome::State::kIngested) << f.path << ": " << f.error;
    EXPECT_EQ(f.events, expected[f.path]) << f.path;
  }
}

}  // namespace
}  // namespace quarry::testing
