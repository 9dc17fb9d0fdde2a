// The SQL functions the query module registers against what the KQL lowering calls: every one
// the function table or the SQLite dialect names is registered, nothing else is, and the example
// of every function that runs runs in SQLite.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <set>
#include <string>

#include "kql/binder.h"
#include "kql/function_examples.h"
#include "kql/function_table.h"
#include "kql/sql_gen.h"
#include "query/sqlite_functions.h"

namespace quarry::testing {
namespace {

using Connection = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

Connection Open() {
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  query::RegisterKqlFunctions(db);
  return {db, &sqlite3_close};
}

TEST(KqlFunctions, RegisteredAreThoseTheLoweringCalls) {
  kql::SqliteDialect dialect;
  std::set<std::string> called;
  for (const std::string& udf : kql::FunctionUdfs()) called.insert(dialect.FunctionName(udf));
  for (const std::string& f : dialect.EngineFunctions()) called.insert(dialect.FunctionName(f));
  std::string prefix = dialect.FunctionName("");
  std::set<std::string> registered;
  Connection db = Open();
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db.get(), "SELECT DISTINCT name FROM pragma_function_list", -1,
                               &stmt, nullptr),
            SQLITE_OK);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::string name(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    if (name.rfind(prefix, 0) == 0) registered.insert(name);
  }
  sqlite3_finalize(stmt);
  EXPECT_EQ(registered, called);
}

std::vector<const kql::FunctionSpec*> RunnableFunctions() {
  std::vector<const kql::FunctionSpec*> out;
  for (const kql::FunctionSpec* f : kql::AllFunctions()) {
    if (f->lower != nullptr) out.push_back(f);
  }
  return out;
}

class RunnableFunction : public ::testing::TestWithParam<const kql::FunctionSpec*> {};

// The example's SQL compiles and runs on the registered functions: their names and argument
// counts are the ones the lowering calls.
TEST_P(RunnableFunction, ExampleRunsInSqlite) {
  std::string query = ExampleQuery(*GetParam());
  kql::SqliteDialect dialect;
  kql::SqlPlan plan =
      kql::ToSql(kql::Parse(query), query, kql::Catalog{}, dialect, kql::SqlOptions{}, "example");
  ASSERT_TRUE(plan.ok) << query;
  Connection db = Open();
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db.get(), plan.sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db.get()) << "\n  " << plan.sql;
  int rc = SQLITE_ROW;
  while (rc == SQLITE_ROW) rc = sqlite3_step(stmt);
  EXPECT_EQ(rc, SQLITE_DONE) << sqlite3_errmsg(db.get()) << "\n  " << plan.sql;
  sqlite3_finalize(stmt);
}

INSTANTIATE_TEST_SUITE_P(Table, RunnableFunction, ::testing::ValuesIn(RunnableFunctions()),
                         FunctionTestName);

}  // namespace
}  // namespace quarry::testing
