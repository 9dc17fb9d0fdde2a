#include "core/clickhouse_sql.h"

#include <cmath>
#include <cstdlib>

namespace quarry {

std::string ClickHouseIdent(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string ClickHouseString(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\0') {
      out += "\\0";
      continue;
    }
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string ClickHouseIsoTime(const std::string& ticks_sql) {
  std::string v = "toInt64(" + ticks_sql + ")";
  std::string frac = "(" + v + " % 10000000)";
  return "concat(formatDateTime(toDateTime(intDiv(" + v +
         ", 10000000)), '%Y-%m-%dT%H:%M:%S', 'UTC'), multiIf(" + frac + " = 0, '', " + frac +
         " % 10000 = 0, concat('.', substring(toString(intDiv(" + frac + ", 10000) + 1000), 2)), " +
         frac + " % 10 = 0, concat('.', substring(toString(intDiv(" + frac +
         ", 10) + 1000000), 2)), concat('.', substring(toString(" + frac +
         " + 10000000), 2))), 'Z')";
}

double ClickHouseRealFromText(const std::string& text) {
  if (text == "inf" || text == "+inf") return HUGE_VAL;
  if (text == "-inf") return -HUGE_VAL;
  if (text == "nan" || text == "-nan") return std::nan("");
  return std::strtod(text.c_str(), nullptr);
}

}  // namespace quarry
