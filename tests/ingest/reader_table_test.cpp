// The reader table: every entry complete and reachable by its name, a fuzz target built for each
// (CMake reads the names from the table; QUARRY_READER_NAMES is what it read), and the --help
// text made from it. Which reader sniffing picks for each test input is checked by the cases
// themselves (expected_reader); docs/formats.md by generated_docs_test.cpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "ingest/reader.h"
#include "ingest/reader_table.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

TEST(ReaderTable, EveryEntryIsCompleteAndFoundByNameAndFormat) {
  ASSERT_FALSE(ingest::Readers().empty());
  std::set<std::string_view> names;
  for (const ingest::ReaderEntry& r : ingest::Readers()) {
    ASSERT_NE(r.name, nullptr);
    std::string_view name = r.name;
    SCOPED_TRACE(name);
    EXPECT_TRUE(names.insert(name).second) << "two readers named " << name;
    EXPECT_FALSE(name.empty());
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_"), name.npos)
        << "names are lower-case: they are typed and appear in file names";
    EXPECT_NE(r.sniff, nullptr);
    EXPECT_NE(r.open, nullptr);
    EXPECT_FALSE(r.reads.empty());
    EXPECT_FALSE(r.layouts.empty());
    EXPECT_FALSE(r.tables.empty());
    EXPECT_EQ(ingest::FindReader(name), &r);
    EXPECT_EQ(ingest::FindReader(r.format), &r) << "each reader has a Format of its own";
    EXPECT_EQ(std::string_view(ingest::FormatName(r.format)), name);
  }
  for (auto outcome : {ingest::Format::kUnknown, ingest::Format::kEmpty, ingest::Format::kBinary}) {
    EXPECT_EQ(ingest::FindReader(outcome), nullptr) << ingest::FormatName(outcome);
  }
  EXPECT_EQ(ingest::FindReader("nosuchreader"), nullptr);
}

TEST(ReaderTable, EveryEntryHasAFuzzTarget) {
  std::vector<std::string> built;
  std::stringstream ss(QUARRY_READER_NAMES);
  for (std::string name; ss >> name;) built.push_back("fuzz_reader_" + name);
  std::vector<std::string> wanted;
  for (const ingest::ReaderEntry& r : ingest::Readers()) wanted.push_back(FuzzTargetName(r));
  EXPECT_EQ(built, wanted) << "fuzz/CMakeLists.txt builds a target per `.name = \"...\",` line of "
                              "src/ingest/reader_table.cpp: write each entry's name that way";
}

std::vector<fs::path> CaseDirs() {
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(SourceDir() / "tests/ingest/cases")) {
    if (e.is_directory()) dirs.push_back(e.path());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

// What a reader makes of `data`: its events, or why it would not open.
std::string ReadAll(const std::string& data, ingest::Format format) {
  ingest::ReaderOptions options;
  options.format = format;
  options.assumed_year = 2024;
  auto reader = ingest::OpenReaderFromMemory("case.input", data, options, [](const Finding&) {});
  if (!reader.ok()) return "open-error " + reader.status().message();
  std::string out = std::string(ingest::FormatName((*reader)->format())) + "\n";
  Event e;
  while ((*reader)->Next(e)) out += CanonicalEvent(e) + "\n";
  return out;
}

// The fuzz targets force their reader by name: that reads a case's input as sniffing does, and
// every other reader copes with input that is not its own.
TEST(ReaderTable, ReaderForcedByNameReadsAsSniffingDoes) {
  for (const fs::path& dir : CaseDirs()) {
    SCOPED_TRACE(dir.filename().string());
    fs::path input;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().filename().string().starts_with("input")) input = e.path();
    }
    ASSERT_FALSE(input.empty());
    std::string data = ReadFile(input);
    std::string expected = ReadFile(dir / "expected_reader");
    const ingest::ReaderEntry* reader = ingest::FindReader(expected.substr(0, expected.find('\n')));
    ASSERT_NE(reader, nullptr) << "expected_reader names no reader: " << expected;
    EXPECT_EQ(ReadAll(data, reader->format), ReadAll(data, ingest::Format::kUnknown));
    for (const ingest::ReaderEntry& other : ingest::Readers()) {
      std::string read = ReadAll(data, other.format);
      EXPECT_TRUE(read.starts_with(std::string(other.name) + "\n") ||
                  read.starts_with("open-error"))
          << other.name << ": " << read.substr(0, 200);
    }
  }
}

TEST(ReaderTable, HelpNamesEveryReaderInLinesThatFit) {
  std::string help = ingest::FormatsHelp();
  for (const ingest::ReaderEntry& r : ingest::Readers()) {
    EXPECT_NE(help.find("\n  " + std::string(r.name) + " "), std::string::npos) << r.name;
  }
  std::stringstream ss(help);
  for (std::string line; std::getline(ss, line);) EXPECT_LE(line.size(), 100u) << line;
}

}  // namespace
}  // namespace quarry::testing
