// What the ClickHouse dialect's files share (sql_dialect_clickhouse*.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quarry::kql {

// The value of a single-quoted ClickHouse string literal, when `sql` is exactly one.
bool LiteralValue(const std::string& sql, std::string& value);
// The same, also for a literal passed as a text argument (coalesce('…', '')).
bool LiteralText(const std::string& sql, std::string& value);
// Refuses the query: `what` has no ClickHouse lowering.
[[noreturn]] void NotOnClickHouse(const std::string& what);
// A string expression as a JSON string ("…" with \\, \", \n, \r and \t escaped, as SQLite's
// JSON text has them).
std::string ClickHouseJsonQuoted(const std::string& text);
// Kusto's time functions over ticks (100 ns since the Unix epoch, Int64) as the SQLite UDFs of
// src/query/sqlite_time_functions.cpp compute them: datetime_diff, datetime_add, todatetime,
// totimespan and format_datetime with a literal format. nullopt for other names.
std::optional<std::string> ClickHouseTimeFunction(std::string_view name,
                                                  const std::vector<std::string>& args);

// Kusto's IP functions as the SQLite UDFs of src/query/sqlite_network_functions.cpp compute them:
// parse_ipv4, ipv4_is_private, ipv4_is_in_range and ipv6_is_in_range with a literal range.
// nullopt for other names.
std::optional<std::string> ClickHouseNetworkFunction(std::string_view name,
                                                     const std::vector<std::string>& args);

}  // namespace quarry::kql
