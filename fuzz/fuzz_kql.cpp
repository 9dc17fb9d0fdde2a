// KQL from bytes: lexer and parser (any input ends in a tree or a syntax error with a span inside
// the text), then the binder, the lint and the lowering to SQL (SQLite's and ClickHouse's
// dialects) over a small catalog: what a language model drafts reaches all of them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kql/ast.h"
#include "kql/binder.h"
#include "kql/sql_gen.h"
#include "verify/kql_lint.h"

namespace {

const quarry::kql::Catalog& TestCatalog() {
  static const quarry::kql::Catalog catalog = [] {
    quarry::kql::Catalog c;
    using quarry::kql::Type;
    c.Add({"T",
           {{"TimeGenerated", Type::kDateTime},
            {"A", Type::kString},
            {"N", Type::kLong},
            {"D", Type::kDynamic}}});
    c.Add({"U", {{"TimeGenerated", Type::kDateTime}, {"A", Type::kString}, {"R", Type::kReal}}});
    return c;
  }();
  return catalog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  quarry::kql::ParseResult parsed = quarry::kql::Parse(text);
  if (!parsed.ok) {
    if (parsed.error.span.begin > size || parsed.error.span.end > size ||
        parsed.error.span.begin > parsed.error.span.end) {
      __builtin_trap();  // a span outside the text would send messages past the query
    }
    return 0;
  }
  const auto& catalog = TestCatalog();
  quarry::kql::CheckResult check = quarry::kql::CheckParsed(parsed, text, catalog, "fuzz");
  auto lint = quarry::verify::LintKql(parsed.script, text, catalog, "fuzz");
  quarry::kql::SqliteDialect dialect;
  quarry::kql::SqlPlan plan =
      quarry::kql::ToSql(parsed, text, catalog, dialect, quarry::kql::SqlOptions{}, "fuzz");
  quarry::kql::ClickHouseDialect clickhouse;
  quarry::kql::SqlPlan on_clickhouse =
      quarry::kql::ToSql(parsed, text, catalog, clickhouse, quarry::kql::SqlOptions{}, "fuzz");
  size_t total = check.findings.size() + lint.size() + plan.sql.size() + on_clickhouse.sql.size();
  return total == static_cast<size_t>(-1) ? 1 : 0;
}
