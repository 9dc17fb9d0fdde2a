// Data-driven parser cases: each file under tests/kql/parse holds cases separated by lines of
// "====". A case is a query, a line "----", then either the tree (ast.h's Dump), "error: TEXT"
// (the syntax error's message contains TEXT, and "at LINE:COL" names where it starts) or
// "warning: TEXT" followed by the tree on the next line.
#include <gtest/gtest.h>

#include "kql/ast.h"
#include "kql/case_files.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
class KqlParseCase : public ::testing::TestWithParam<QueryCase> {};

TEST_P(KqlParseCase, Parses) {
  const QueryCase& c = GetParam();
  kql::ParseResult result = kql::Parse(c.query);
  std::string actual;
  if (!result.ok) {
    auto [line, column] = kql::LineColumn(c.query, result.error.span.begin);
    actual = "error: " + result.error.message + " at " + std::to_string(line) + ":" +
             std::to_string(column);
  } else {
    for (const auto& w : result.warnings) actual += "warning: " + w.message + "\n";
    actual += kql::Dump(result.script);
  }
  if (c.expected.rfind("error: ", 0) == 0) {
    EXPECT_FALSE(result.ok) << c.where << ": parsed, expected " << c.expected;
    // The expected text is contained in the message (with its position when given).
    EXPECT_NE(actual.find(c.expected.substr(7)), std::string::npos)
        << c.where << "\n  want: " << c.expected << "\n  got:  " << actual;
  } else {
    EXPECT_EQ(actual, c.expected) << c.where << "\n  query: " << c.query;
  }
}

INSTANTIATE_TEST_SUITE_P(CaseFiles, KqlParseCase, ::testing::ValuesIn(LoadQueryCases("kql/parse")),
                         CaseTestName);

// Guards against cases lost to a renamed folder or a broken separator.
TEST(KqlParse, CaseFilesHoldTheCases) {
  EXPECT_GE(LoadQueryCases("kql/parse").size(), 40u);
}

}  // namespace
}  // namespace quarry::testing
