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
namespace fs = std::filesystem;

TEST(KqlParse, Cases) {
  std::vector<QueryCase> cases = LoadQueryCases("kql/parse");
  ASSERT_GE(cases.size(), 40u);
  for (const QueryCase& c : cases) {
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
}

}  // namespace
}  // namespace quarry::testing
