// Data-driven binder cases over a small catalog of our own (tests/kql/schema): each case under
// tests/kql/bind is a query and its findings, one per line as "SEVERITY CODE LINE:COL" with the
// suggestion after it when there is one, or "ok" for none.
#include <gtest/gtest.h>

#include "kql/binder.h"
#include "kql/case_files.h"
#include "test_util.h"

namespace quarry::testing {
namespace {

std::string Describe(const kql::CheckResult& r) {
  std::string out;
  for (const Finding& f : r.findings) {
    if (!out.empty()) out += '\n';
    out += std::string(SeverityName(f.severity)) + " " + f.code + " " +
           std::to_string(f.where.line) + ":" + std::to_string(f.where.column);
    if (!f.suggestion.empty()) out += " " + f.suggestion;
  }
  return out.empty() ? "ok" : out;
}

// The catalog of tests/kql/schema, read once for all cases.
const Result<kql::Catalog>& SchemaCatalog() {
  static const Result<kql::Catalog> catalog =
      kql::Catalog::LoadSchemaDir((SourceDir() / "tests" / "kql" / "schema").string());
  return catalog;
}

class KqlBindCase : public ::testing::TestWithParam<QueryCase> {};

TEST_P(KqlBindCase, Binds) {
  const Result<kql::Catalog>& catalog = SchemaCatalog();
  ASSERT_TRUE(catalog.ok()) << catalog.status().message();
  const QueryCase& c = GetParam();
  kql::CheckResult r = kql::Check(c.query, *catalog, "query");
  EXPECT_EQ(Describe(r), c.expected) << c.where << "\n  query: " << c.query;
  bool errors = c.expected.find("error ") != std::string::npos;
  EXPECT_EQ(r.bound, !errors) << c.where;
}

INSTANTIATE_TEST_SUITE_P(CaseFiles, KqlBindCase, ::testing::ValuesIn(LoadQueryCases("kql/bind")),
                         CaseTestName);

// Guards against cases lost to a renamed folder or a broken separator.
TEST(KqlBind, CaseFilesHoldTheCases) {
  EXPECT_GE(LoadQueryCases("kql/bind").size(), 40u);
}

TEST(KqlBind, SuggestionsPreferCaseThenSynonymThenSpelling) {
  std::vector<std::string> columns = {"Computer", "Account", "AccountName", "IPAddress"};
  EXPECT_EQ(kql::Suggest("computer", columns).front(), "Computer");
  EXPECT_EQ(kql::Suggest("Hostname", columns).front(), "Computer");
  EXPECT_EQ(kql::Suggest("Acount", columns).front(), "Account");
  EXPECT_TRUE(kql::Suggest("Zebra", columns).empty());
}

}  // namespace
}  // namespace quarry::testing
