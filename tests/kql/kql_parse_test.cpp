// Data-driven parser cases: each file under tests/kql/parse holds cases separated by lines of
// "====". A case is a query, a line "----", then either the tree (ast.h's Dump), "error: TEXT"
// (the syntax error's message contains TEXT, and "at LINE:COL" names where it starts) or
// "warning: TEXT" followed by the tree on the next line.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "kql/ast.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

struct ParseCase {
  std::string where;  // file:line
  std::string query;
  std::string expected;
};

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  size_t start = s.find_first_not_of('\n');
  return start == std::string::npos ? std::string() : s.substr(start);
}

std::vector<ParseCase> LoadCases() {
  std::vector<ParseCase> cases;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(SourceDir() / "tests" / "kql" / "parse")) {
    files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file);
    std::string line, query, expected;
    bool in_expected = false;
    int number = 0, start = 1;
    auto flush = [&] {
      if (!Trim(query).empty()) {
        cases.push_back(
            {file.filename().string() + ":" + std::to_string(start), Trim(query), Trim(expected)});
      }
      query.clear();
      expected.clear();
      in_expected = false;
    };
    while (std::getline(in, line)) {
      ++number;
      if (line == "====") {
        flush();
        start = number + 1;
      } else if (line == "----") {
        in_expected = true;
      } else {
        (in_expected ? expected : query) += line + "\n";
      }
    }
    flush();
  }
  return cases;
}

TEST(KqlParse, Cases) {
  std::vector<ParseCase> cases = LoadCases();
  ASSERT_GE(cases.size(), 40u);
  for (const ParseCase& c : cases) {
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
