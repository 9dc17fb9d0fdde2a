// The SQL functions the SQLite dialect of the KQL lowering relies on (see kql/sql_dialect.h),
// registered on a case's connection before a lowered query runs.
#pragma once

#include <sqlite3.h>

#include <string_view>

namespace quarry::query {

void RegisterKqlFunctions(sqlite3* db);

// Kusto's `has`: `needle` occurs in `hay` starting and ending on term boundaries (a term is a
// maximal run of ASCII letters and digits), case-insensitive unless `case_sensitive`. `kind`
// "hasprefix"/"hassuffix" relax the end or the start boundary.
bool KqlHas(std::string_view hay, std::string_view needle, bool case_sensitive,
            std::string_view kind);

}  // namespace quarry::query
