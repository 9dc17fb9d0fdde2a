// ClickHouse SQL spellings shared by the store (DDL, inserts, reads) and the KQL dialect: quoting
// that 18.16 and current releases both accept, and datetimes (100 ns ticks) as the ISO 8601 text
// FormatIsoTime writes.
#pragma once

#include <string>
#include <string_view>

namespace quarry {

// "name", with backslash escapes.
std::string ClickHouseIdent(std::string_view name);
// 'value', with backslash escapes.
std::string ClickHouseString(std::string_view value);
// An expression giving the ISO 8601 text of the ticks `ticks_sql` evaluates to (fraction of 3, 6
// or 7 digits, as FormatIsoTime).
std::string ClickHouseIsoTime(const std::string& ticks_sql);

// A Float64 as ClickHouse's TabSeparated answers write it (inf, -inf, nan included).
double ClickHouseRealFromText(const std::string& text);

}  // namespace quarry
