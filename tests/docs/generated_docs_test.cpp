// Pages of docs/ generated from tables in the code: each must be what its table gives now. Run
// with QUARRY_UPDATE_GOLDEN=1 to rewrite them after changing a table, then review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "ingest/reader_table.h"
#include "sigma/modifiers.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

struct GeneratedDoc {
  const char* path;
  std::string (*generate)();
};

const GeneratedDoc kDocs[] = {
    {"docs/formats.md", ingest::FormatsMarkdown},
    {"docs/sigma-modifiers.md", sigma::ModifiersMarkdown},
};

TEST(GeneratedDocs, AreWhatTheirTablesGive) {
  for (const GeneratedDoc& doc : kDocs) {
    fs::path path = SourceDir() / doc.path;
    std::string want = doc.generate();
    if (std::getenv("QUARRY_UPDATE_GOLDEN")) {
      WriteFile(path, want);
      continue;
    }
    ASSERT_TRUE(fs::exists(path)) << "run with QUARRY_UPDATE_GOLDEN=1 to create " << doc.path;
    EXPECT_EQ(ReadFile(path), want)
        << doc.path << " is out of date: run this test with QUARRY_UPDATE_GOLDEN=1";
  }
}

}  // namespace
}  // namespace quarry::testing
