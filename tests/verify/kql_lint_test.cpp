// Data-driven KQL lint cases (tests/verify/kql): a query and every finding `quarry kql check`
// reports for it against the test catalog, as "SEVERITY CODE LINE:COL SUGGESTION", or "ok".
#include <gtest/gtest.h>

#include "kql/case_files.h"
#include "test_util.h"
#include "verify/kql_lint.h"

namespace quarry::testing {
namespace {

TEST(KqlLint, Cases) {
  auto catalog = kql::Catalog::LoadSchemaDir((SourceDir() / "tests" / "kql" / "schema").string());
  ASSERT_TRUE(catalog.ok()) << catalog.status().message();
  std::vector<QueryCase> cases = LoadQueryCases("verify/kql");
  ASSERT_GE(cases.size(), 10u);
  for (const QueryCase& c : cases) {
    kql::CheckResult r = verify::CheckKql(c.query, *catalog, "query");
    std::string actual;
    for (const Finding& f : r.findings) {
      if (!actual.empty()) actual += '\n';
      actual += std::string(SeverityName(f.severity)) + " " + f.code + " " +
                std::to_string(f.where.line) + ":" + std::to_string(f.where.column);
      if (!f.suggestion.empty()) actual += " " + f.suggestion;
    }
    EXPECT_EQ(actual.empty() ? "ok" : actual, c.expected) << c.where << "\n  query: " << c.query;
  }
}

}  // namespace
}  // namespace quarry::testing
