// What differs between the SQL engines a KQL query is lowered to: quoting, literals, and the
// spelling of Kusto's operators and functions. The SQLite dialect relies on functions the query
// module registers on the connection (src/query/sqlite_functions.cpp): those the function table
// names (FunctionSpec::udf, see function_table.h) and those its own spellings and the operators
// call (EngineFunctions). ClickHouse implements the same interface later.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quarry::kql {

class SqlDialect {
 public:
  virtual ~SqlDialect() = default;
  virtual std::string Name() const = 0;
  // GROUP BY 1, 2 (SQLite), or the key expressions themselves (ClickHouse reads a number there
  // as a constant).
  virtual bool GroupsByPosition() const = 0;
  // ROW_NUMBER() OVER (…): SQLite has them, ClickHouse 18.16 has none.
  virtual bool HasWindowFunctions() const = 0;
  // SQLite's aliases name the output only; ClickHouse's can be read anywhere in the SELECT.
  virtual bool AliasesAreLocal() const = 0;
  // Whether a filter must sit in the SELECT that reads the table to narrow the read: 18.16 does
  // not push a WHERE into a subquery (its setting for it breaks IN subqueries), so a one-day
  // question read every row of a Distributed table.
  virtual bool FiltersOnlyPlainScans() const = 0;
  virtual std::string Ident(std::string_view name) const = 0;
  virtual std::string String(std::string_view value) const = 0;
  // Kusto's has family on already lowered operands.
  virtual std::string Has(const std::string& hay, const std::string& needle, bool cs,
                          std::string_view kind) const = 0;  // kind: has, hasprefix, hassuffix
  virtual std::string Contains(const std::string& hay, const std::string& needle,
                               bool cs) const = 0;
  virtual std::string StartsWith(const std::string& hay, const std::string& needle,
                                 bool cs) const = 0;
  virtual std::string EndsWith(const std::string& hay, const std::string& needle,
                               bool cs) const = 0;
  virtual std::string Regex(const std::string& hay, const std::string& pattern) const = 0;
  // a / b of two integers, truncated toward zero as Kusto and SQLite do.
  virtual std::string IntegerDivide(const std::string& a, const std::string& b) const = 0;
  // `a op b` of two times, op one of < <= > >=, and `x between (lo .. hi)` of times.
  virtual std::string CompareTimes(const std::string& a, const std::string& op,
                                   const std::string& b) const {
    return "(" + a + " " + op + " " + b + ")";
  }
  virtual std::string TimesBetween(const std::string& x, const std::string& lo,
                                   const std::string& hi) const {
    return "(" + x + " BETWEEN " + lo + " AND " + hi + ")";
  }
  // Where `needle` first starts in `hay`, counting characters from 1; 0 when it does not.
  virtual std::string Position(const std::string& hay, const std::string& needle) const = 0;
  // A string, or null when it is empty (coalesce skips both).
  virtual std::string NullIfEmpty(const std::string& x) const = 0;
  virtual std::string ToLong(const std::string& x) const = 0;
  virtual std::string ToReal(const std::string& x) const = 0;
  virtual std::string FormatDatetime(const std::string& ticks) const = 0;
  // A value as text, as SQLite's CAST(x AS TEXT) writes it (a real with ".0" when whole); null
  // stays null.
  virtual std::string CastToText(const std::string& x, bool real) const = 0;
  // Ticks of midnight on the first day of the month or the year ("month", "year") of `ticks`,
  // which are whole seconds.
  virtual std::string StartOfCalendarUnit(const std::string& ticks,
                                          std::string_view unit) const = 0;
  // A JSON path lookup into a dynamic value; path segments are keys or array indexes.
  virtual std::string JsonExtract(const std::string& json, const std::vector<std::string>& keys,
                                  const std::vector<bool>& is_index) const = 0;
  virtual std::string JsonArrayLength(const std::string& json) const = 0;
  virtual std::string CountDistinct(const std::string& x) const = 0;
  // make_set / make_list: a JSON array of the non-null, non-empty values.
  virtual std::string MakeArray(const std::string& x, bool distinct) const = 0;
  // A call of an engine function named by the function table (FunctionSpec::udf) or listed by
  // EngineFunctions, by its name without the engine's prefix.
  virtual std::string Function(std::string_view name,
                               const std::vector<std::string>& args) const = 0;
  // The engine's name of such a function.
  virtual std::string FunctionName(std::string_view name) const = 0;
  // The engine functions called beyond those the function table names: by this dialect's own
  // spellings (Has, Regex, ToLong, …) and by operators (parse, datatable); names as Function takes.
  virtual std::vector<std::string> EngineFunctions() const = 0;
  // A relation of literal rows (each as wide as `names`), columns named `names`.
  virtual std::string Values(const std::vector<std::string>& names,
                             const std::vector<std::vector<std::string>>& rows) const = 0;
  // A one-column relation: start, start + step, … while not past stop (step may be negative).
  virtual std::string Series(const std::string& name, const std::string& start,
                             const std::string& stop, const std::string& step) const = 0;
};

class SqliteDialect final : public SqlDialect {
 public:
  std::string Name() const override { return "sqlite"; }
  bool GroupsByPosition() const override { return true; }
  bool HasWindowFunctions() const override { return true; }
  bool AliasesAreLocal() const override { return true; }
  bool FiltersOnlyPlainScans() const override { return false; }
  std::string Ident(std::string_view name) const override;
  std::string String(std::string_view value) const override;
  std::string Has(const std::string& hay, const std::string& needle, bool cs,
                  std::string_view kind) const override;
  std::string Contains(const std::string& hay, const std::string& needle, bool cs) const override;
  std::string StartsWith(const std::string& hay, const std::string& needle, bool cs) const override;
  std::string EndsWith(const std::string& hay, const std::string& needle, bool cs) const override;
  std::string Regex(const std::string& hay, const std::string& pattern) const override;
  std::string NullIfEmpty(const std::string& x) const override;
  std::string IntegerDivide(const std::string& a, const std::string& b) const override;
  std::string Position(const std::string& hay, const std::string& needle) const override;
  std::string ToLong(const std::string& x) const override;
  std::string ToReal(const std::string& x) const override;
  std::string FormatDatetime(const std::string& ticks) const override;
  std::string CastToText(const std::string& x, bool real) const override;
  std::string StartOfCalendarUnit(const std::string& ticks, std::string_view unit) const override;
  std::string JsonExtract(const std::string& json, const std::vector<std::string>& keys,
                          const std::vector<bool>& is_index) const override;
  std::string JsonArrayLength(const std::string& json) const override;
  std::string CountDistinct(const std::string& x) const override;
  std::string MakeArray(const std::string& x, bool distinct) const override;
  std::string Function(std::string_view name, const std::vector<std::string>& args) const override;
  std::string FunctionName(std::string_view name) const override;
  std::vector<std::string> EngineFunctions() const override;
  std::string Values(const std::vector<std::string>& names,
                     const std::vector<std::vector<std::string>>& rows) const override;
  std::string Series(const std::string& name, const std::string& start, const std::string& stop,
                     const std::string& step) const override;
};

// ClickHouse SQL that runs on Debian 12's 18.16 and on current releases
// (../shared/docs/clickhouse-18.16.md): no UDFs, so each engine function is spelled in
// ClickHouse's own functions, and what cannot be is refused with a kql.unsupported finding.
class ClickHouseDialect final : public SqlDialect {
 public:
  std::string Name() const override { return "clickhouse"; }
  bool GroupsByPosition() const override { return false; }
  bool HasWindowFunctions() const override { return false; }
  bool AliasesAreLocal() const override { return false; }
  bool FiltersOnlyPlainScans() const override { return true; }
  std::string Ident(std::string_view name) const override;
  std::string String(std::string_view value) const override;
  std::string Has(const std::string& hay, const std::string& needle, bool cs,
                  std::string_view kind) const override;
  std::string Contains(const std::string& hay, const std::string& needle, bool cs) const override;
  std::string StartsWith(const std::string& hay, const std::string& needle, bool cs) const override;
  std::string EndsWith(const std::string& hay, const std::string& needle, bool cs) const override;
  std::string Regex(const std::string& hay, const std::string& pattern) const override;
  std::string NullIfEmpty(const std::string& x) const override;
  std::string IntegerDivide(const std::string& a, const std::string& b) const override;
  std::string CompareTimes(const std::string& a, const std::string& op,
                           const std::string& b) const override;
  std::string TimesBetween(const std::string& x, const std::string& lo,
                           const std::string& hi) const override {
    return "(" + CompareTimes(x, ">=", lo) + " AND " + CompareTimes(x, "<=", hi) + ")";
  }
  std::string Position(const std::string& hay, const std::string& needle) const override;
  std::string ToLong(const std::string& x) const override;
  std::string ToReal(const std::string& x) const override;
  std::string FormatDatetime(const std::string& ticks) const override;
  std::string CastToText(const std::string& x, bool real) const override;
  std::string StartOfCalendarUnit(const std::string& ticks, std::string_view unit) const override;
  std::string JsonExtract(const std::string& json, const std::vector<std::string>& keys,
                          const std::vector<bool>& is_index) const override;
  std::string JsonArrayLength(const std::string& json) const override;
  std::string CountDistinct(const std::string& x) const override;
  std::string MakeArray(const std::string& x, bool distinct) const override;
  std::string Function(std::string_view name, const std::vector<std::string>& args) const override;
  std::string FunctionName(std::string_view name) const override;
  std::vector<std::string> EngineFunctions() const override;
  std::string Values(const std::vector<std::string>& names,
                     const std::vector<std::vector<std::string>>& rows) const override;
  std::string Series(const std::string& name, const std::string& start, const std::string& stop,
                     const std::string& step) const override;
};

}  // namespace quarry::kql
