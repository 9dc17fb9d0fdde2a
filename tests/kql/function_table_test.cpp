// The function table (kql/function_table.h) against itself and its readers: every entry is well
// formed, its example is a call of it that binds (and lowers, when the function runs), and
// docs/kql-functions.md is what the table renders.
#include <gtest/gtest.h>

#include <cstdlib>

#include "kql/binder.h"
#include "kql/function_examples.h"
#include "kql/function_table.h"
#include "kql/sql_gen.h"
#include "test_util.h"

namespace quarry::testing {
namespace {

class FunctionEntry : public ::testing::TestWithParam<const kql::FunctionSpec*> {};

TEST_P(FunctionEntry, IsWellFormed) {
  const kql::FunctionSpec& f = *GetParam();
  kql::Signature signature = kql::SignatureOf(f);
  EXPECT_TRUE(signature.ok) << f.signature;
  EXPECT_LT(f.result.same_as_argument, static_cast<int>(signature.parameters.size()));
  EXPECT_FALSE(f.doc.empty());
  EXPECT_EQ(f.doc.find('\n'), std::string_view::npos);
  EXPECT_EQ(f.example.substr(0, f.name.size() + 1), std::string(f.name) + "(") << f.example;
  EXPECT_TRUE(f.udf.empty() || f.lower != nullptr) << "only a lowering calls a SQL function";
  const kql::FunctionSpec* original = f.alias_of.empty() ? &f : kql::FindFunction(f.alias_of);
  EXPECT_TRUE(original != nullptr && original->alias_of.empty()) << "an alias of an alias";
  EXPECT_TRUE(f.column_name.empty() || f.kind == kql::FunctionKind::kAggregate);
}

TEST_P(FunctionEntry, ExampleBinds) {
  const kql::FunctionSpec& f = *GetParam();
  std::string query = ExampleQuery(f);
  kql::CheckResult r = kql::Check(query, kql::Catalog{}, "example");
  for (const Finding& finding : r.findings) ADD_FAILURE() << finding.ToString() << "\n  " << query;
  EXPECT_TRUE(r.bound);
}

TEST_P(FunctionEntry, ExampleLowersWhenTheFunctionRuns) {
  const kql::FunctionSpec& f = *GetParam();
  std::string query = ExampleQuery(f);
  kql::SqliteDialect dialect;
  kql::SqlPlan plan =
      kql::ToSql(kql::Parse(query), query, kql::Catalog{}, dialect, kql::SqlOptions{}, "example");
  if (f.lower == nullptr) {
    ASSERT_EQ(plan.findings.size(), 1u) << query;
    EXPECT_EQ(plan.findings[0].code, "kql.unsupported");
    // At the call, so that a person sees which function stops the query.
    EXPECT_EQ(plan.findings[0].where.offset, query.find(f.example, kExampleRows.size()));
    return;
  }
  for (const Finding& finding : plan.findings) ADD_FAILURE() << finding.ToString();
  EXPECT_TRUE(plan.ok) << query;
}

INSTANTIATE_TEST_SUITE_P(Table, FunctionEntry, ::testing::ValuesIn(kql::AllFunctions()),
                         FunctionTestName);

TEST(FunctionTable, NamesAreUniqueAndFound) {
  const auto& all = kql::AllFunctions();
  ASSERT_GE(all.size(), 200u);
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1]->name, all[i]->name);
  for (const kql::FunctionSpec* f : all) EXPECT_EQ(kql::FindFunction(f->name), f);
  EXPECT_EQ(kql::FindFunction("no_such_function"), nullptr);
  EXPECT_EQ(kql::FindFunction("ToLower"), nullptr);  // names are case-sensitive, as in Kusto
}

TEST(FunctionTable, SignaturesGiveArgumentCounts) {
  struct Case {
    std::string_view name;
    size_t min, max;
    std::string text;
  };
  const Case cases[] = {
      {"now", 0, 1, "0 to 1 arguments"},
      {"tolower", 1, 1, "1 argument"},
      {"substring", 2, 3, "2 to 3 arguments"},
      {"strcat", 1, kql::Signature::kUnbounded, "at least 1 argument"},
      {"case", 3, kql::Signature::kUnbounded, "at least 3 arguments"},
      {"new_guid", 0, 0, "no arguments"},
  };
  for (const Case& c : cases) {
    kql::Signature s = kql::SignatureOf(*kql::FindFunction(c.name));
    EXPECT_EQ(s.min_args, c.min) << c.name;
    EXPECT_EQ(s.max_args, c.max) << c.name;
    EXPECT_EQ(kql::ArgumentCountText(s), c.text) << c.name;
  }
}

// Rewritten by QUARRY_UPDATE_DOCS=1 kql_tests (the kql_function_docs target) after a change to
// the table.
TEST(FunctionTable, DocsAreCurrent) {
  std::filesystem::path docs = SourceDir() / "docs" / "kql-functions.md";
  std::string rendered = kql::FunctionReferenceMarkdown();
  if (const char* update = std::getenv("QUARRY_UPDATE_DOCS"); update && *update == '1') {
    WriteFile(docs, rendered);
  }
  EXPECT_TRUE(ReadFile(docs) == rendered)
      << docs << " is not what the function table renders: run "
      << "cmake --build build/release --target kql_function_docs";
}

}  // namespace
}  // namespace quarry::testing
