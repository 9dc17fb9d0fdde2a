// Data-driven reader tests: every folder under tests/ingest/cases holds one `input*` file, the
// reader sniffing must choose for it (`expected_reader`, a name from the reader table), the
// events it must produce (`expected.jsonl`, canonical form) and the findings it must report
// (`expected_findings.txt`, `code line` per line; absent means none). Run with
// QUARRY_UPDATE_GOLDEN=1 to rewrite the expectations after a deliberate change, then review
// the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "ingest/reader.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(SourceDir() / "tests/ingest/cases")) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

fs::path InputOf(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("input", 0) == 0) return entry.path();
  }
  return {};
}

class IngestCase : public ::testing::TestWithParam<std::string> {};

TEST_P(IngestCase, ProducesExpectedEventsAndFindings) {
  fs::path dir = SourceDir() / "tests/ingest/cases" / GetParam();
  fs::path input = InputOf(dir);
  ASSERT_FALSE(input.empty()) << "no input* file in " << dir;

  std::string findings;
  std::string reader_name;
  ingest::ReaderOptions options;
  options.source_name = input.filename().string();
  if (fs::exists(dir / "max_record_bytes")) {
    options.max_record_bytes = std::stoul(ReadFile(dir / "max_record_bytes"));
  }
  if (fs::exists(dir / "assumed_year"))
    options.assumed_year = std::stoi(ReadFile(dir / "assumed_year"));
  auto reader = ingest::OpenReader(input.string(), options, [&](const Finding& f) {
    findings += f.code + " " + std::to_string(f.where.line) + "\n";
  });
  std::string events;
  if (!reader.ok()) {
    findings += "open-error " + reader.status().message() + "\n";
  } else {
    reader_name = ingest::FormatName((*reader)->format());
    Event e;
    while ((*reader)->Next(e)) events += CanonicalEvent(e) + "\n";
  }

  if (std::getenv("QUARRY_UPDATE_GOLDEN")) {
    WriteFile(dir / "expected_reader", reader_name + "\n");
    WriteFile(dir / "expected.jsonl", events);
    if (!findings.empty()) {
      WriteFile(dir / "expected_findings.txt", findings);
    } else {
      fs::remove(dir / "expected_findings.txt");
    }
    GTEST_SKIP() << "expectations rewritten for " << GetParam();
  }
  ASSERT_TRUE(fs::exists(dir / "expected.jsonl")) << "run with QUARRY_UPDATE_GOLDEN=1 to create it";
  ASSERT_TRUE(fs::exists(dir / "expected_reader"))
      << "run with QUARRY_UPDATE_GOLDEN=1 to create it";
  EXPECT_EQ(ReadFile(dir / "expected_reader"), reader_name + "\n");
  EXPECT_EQ(ReadFile(dir / "expected.jsonl"), events);
  std::string expected_findings =
      fs::exists(dir / "expected_findings.txt") ? ReadFile(dir / "expected_findings.txt") : "";
  EXPECT_EQ(expected_findings, findings);
}

INSTANTIATE_TEST_SUITE_P(Cases, IngestCase, ::testing::ValuesIn(CaseNames()),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace quarry::testing
