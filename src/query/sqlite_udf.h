// Helpers shared by the files that register the KQL lowering's SQL functions. Internal to
// src/query.
#pragma once

#include <re2/re2.h>
#include <sqlite3.h>

#include <span>
#include <string_view>

namespace quarry::query {

// The text of a value (numbers as SQLite prints them); empty for null.
std::string_view Text(sqlite3_value* v);
bool IsNull(sqlite3_value* v);
void ResultText(sqlite3_context* ctx, std::string_view text);
// The RE2 pattern in argument `arg`, compiled once per statement (kept as auxdata); null after
// reporting an error for an invalid pattern.
RE2* CachedRegex(sqlite3_context* ctx, sqlite3_value** argv, int arg);
// Sets the result to capturing group `group` of the first match of `re` in `text` (anchored as
// asked); null when there is no match or no such group. A group that took no part in a match is
// null, or "" when `absent_group_is_empty`.
void ResultGroup(sqlite3_context* ctx, const RE2& re, std::string_view text, int group,
                 RE2::Anchor anchor, bool absent_group_is_empty);

// One SQL function the KQL lowering calls: a scalar function, or an aggregate (step and final).
// `name` is the lowering's (FunctionSpec::udf, SqlDialect::EngineFunctions); the dialect gives
// its name in SQL.
struct Udf {
  std::string_view name{};
  int args = 0;
  void (*scalar)(sqlite3_context*, int, sqlite3_value**) = nullptr;
  void (*step)(sqlite3_context*, int, sqlite3_value**) = nullptr;
  void (*final)(sqlite3_context*) = nullptr;
};

// The functions of each sqlite_*functions.cpp file, registered by RegisterKqlFunctions.
std::span<const Udf> MatchAndConvertUdfs();
std::span<const Udf> TimeUdfs();
std::span<const Udf> TextUdfs();
std::span<const Udf> NetworkUdfs();
std::span<const Udf> AggregateUdfs();

}  // namespace quarry::query
