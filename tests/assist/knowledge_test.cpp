// The knowledge table is data (src/assist/knowledge/*.tsv): every row parses, names a table the
// readers produce, selects events with a condition the KQL parser reads, gives words to find it
// by, and no two rows select the same events.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "assist/knowledge.h"
#include "kql/ast.h"
#include "test_util.h"

namespace quarry::testing {
namespace {

namespace fs = std::filesystem;

TEST(Knowledge, EveryRowIsWellFormed) {
  const std::set<std::string> tables = {"SecurityEvent", "SysmonEvent", "WindowsEvent",
                                        "AWSCloudTrail", "AuditLogs",   "SigninLogs"};
  std::set<std::string> seen;
  size_t rows = 0;
  for (const auto& e : fs::directory_iterator(SourceDir() / "src" / "assist" / "knowledge")) {
    std::vector<std::string> problems;
    auto entries = assist::ParseKnowledge(ReadFile(e.path()), e.path().filename().string(),
                                          &problems);
    EXPECT_TRUE(problems.empty()) << problems.front();
    for (const assist::KnowledgeEntry& k : entries) {
      ++rows;
      EXPECT_TRUE(tables.count(k.table)) << k.where << ": table " << k.table;
      EXPECT_TRUE(kql::Parse("T | where " + k.condition).ok) << k.where << ": " << k.condition;
      EXPECT_FALSE(k.name.empty()) << k.where;
      EXPECT_FALSE(k.words.empty()) << k.where;
      EXPECT_TRUE(seen.insert(k.table + " | " + k.condition).second)
          << k.where << ": a second row for " << k.condition;
    }
  }
  EXPECT_EQ(rows, assist::Knowledge().size()) << "the built-in table is the files";
  EXPECT_GE(rows, 200u);
}

}  // namespace
}  // namespace quarry::testing
