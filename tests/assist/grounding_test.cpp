// The grounding check's verdicts, case by case (tests/assist/grounding/cases.txt): which
// literals a draft's where clauses test, whether each sits under a negation, and whether it
// comes from what a person typed or wrote, or from the knowledge table.
#include <gtest/gtest.h>

#include <sstream>

#include "assist/grounding.h"
#include "test_util.h"

namespace quarry::testing {
namespace {

TEST(Grounding, EachCaseGivesItsVerdicts) {
  std::string text = ReadFile(SourceDir() / "tests" / "assist" / "grounding" / "cases.txt");
  std::istringstream in(text + "\n====\n");
  assist::GroundingSources sources;
  std::string query;
  std::vector<std::string> expected;
  int cases = 0;
  int line = 0;
  int start = 1;
  for (std::string l; std::getline(in, l);) {
    ++line;
    if (l.rfind("typed: ", 0) == 0) sources.typed.push_back(l.substr(7));
    if (l.rfind("person: ", 0) == 0) sources.person_queries.push_back(l.substr(8));
    if (l.rfind("query: ", 0) == 0) query = l.substr(7);
    if (l.rfind("grounded: ", 0) == 0 || l.rfind("ungrounded", 0) == 0) expected.push_back(l);
    if (l != "====") continue;
    kql::ParseResult parsed = kql::Parse(query);
    ASSERT_TRUE(parsed.ok) << "cases.txt:" << start << ": " << query;
    std::vector<std::string> got;
    for (const assist::FilterLiteral& f : assist::FilterLiterals(parsed.script)) {
      bool grounded = assist::IsGrounded(f, sources);
      got.push_back(std::string(grounded ? "grounded" : "ungrounded") +
                    (!grounded && f.negated ? " negated" : "") + ": " + f.value);
    }
    EXPECT_EQ(got, expected) << "cases.txt:" << start << ": " << query;
    ++cases;
    sources = {};
    query.clear();
    expected.clear();
    start = line + 1;
  }
  EXPECT_GE(cases, 9);
}

}  // namespace
}  // namespace quarry::testing
