#include "kql/sql_dialect.h"

namespace quarry::kql {

std::string SqliteDialect::Ident(std::string_view name) const {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string SqliteDialect::String(std::string_view value) const {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string SqliteDialect::Has(const std::string& hay, const std::string& needle, bool cs,
                               std::string_view kind) const {
  return FunctionName(kind) + "(" + hay + ", " + needle + ", " + (cs ? "1" : "0") + ")";
}

namespace {

// The value of a single-quoted SQL string literal, when `sql` is exactly one.
bool LiteralValue(const std::string& sql, std::string& value) {
  if (sql.size() < 2 || sql.front() != '\'' || sql.back() != '\'') return false;
  value.clear();
  for (size_t i = 1; i + 1 < sql.size(); ++i) {
    if (sql[i] == '\'') {
      if (sql[i + 1] != '\'' || i + 2 >= sql.size()) return false;
      ++i;
    }
    value += sql[i];
  }
  return true;
}

std::string AsciiLowered(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// A LIKE pattern matching `value` literally (ESCAPE '\\'); LIKE folds ASCII case, as lower()
// does.
std::string LikePattern(const std::string& prefix, const std::string& value,
                        const std::string& suffix) {
  std::string out = "'" + prefix;
  for (char c : value) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + suffix + "' ESCAPE '\\'";
}

size_t Utf8Length(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

// With a literal needle (the usual case) the needle's length and lowercase form are computed
// here rather than per row.
std::string SqliteDialect::Contains(const std::string& hay, const std::string& needle,
                                    bool cs) const {
  std::string value;
  if (!cs && LiteralValue(needle, value) && value.size() < 1000) {
    return "(" + hay + " LIKE " + LikePattern("%", value, "%") + ")";
  }
  // instr, not LIKE: % and _ in the needle are ordinary characters in Kusto.
  if (cs) return "(instr(" + hay + ", " + needle + ") > 0)";
  return "(instr(lower(" + hay + "), lower(" + needle + ")) > 0)";
}

std::string SqliteDialect::StartsWith(const std::string& hay, const std::string& needle,
                                      bool cs) const {
  std::string value;
  if (LiteralValue(needle, value)) {
    std::string n = std::to_string(Utf8Length(value));
    if (cs) return "(substr(" + hay + ", 1, " + n + ") = " + needle + ")";
    return "(lower(substr(" + hay + ", 1, " + n + ")) = " + String(AsciiLowered(value)) + ")";
  }
  if (cs) return "(substr(" + hay + ", 1, length(" + needle + ")) = " + needle + ")";
  return "(lower(substr(" + hay + ", 1, length(" + needle + "))) = lower(" + needle + "))";
}

std::string SqliteDialect::EndsWith(const std::string& hay, const std::string& needle,
                                    bool cs) const {
  std::string value;
  if (LiteralValue(needle, value)) {
    if (value.empty()) return "1";
    std::string tail = "substr(" + hay + ", -" + std::to_string(Utf8Length(value)) + ")";
    if (cs) return "(" + tail + " = " + needle + ")";
    return "(lower(" + tail + ") = " + String(AsciiLowered(value)) + ")";
  }
  std::string tail = "substr(" + hay + ", -length(" + needle + "))";
  std::string empty = "length(" + needle + ") = 0 OR ";
  if (cs) return "(" + empty + tail + " = " + needle + ")";
  return "(" + empty + "lower(" + tail + ") = lower(" + needle + "))";
}

std::string SqliteDialect::Regex(const std::string& hay, const std::string& pattern) const {
  return Function("regex", {hay, pattern});
}

std::string SqliteDialect::NullIfEmpty(const std::string& x) const {
  return "NULLIF(" + x + ", '')";
}

std::string SqliteDialect::IntegerDivide(const std::string& a, const std::string& b) const {
  return "(" + a + " / " + b + ")";
}

std::string SqliteDialect::Position(const std::string& hay, const std::string& needle) const {
  return "instr(" + hay + ", " + needle + ")";
}

std::string SqliteDialect::ToLong(const std::string& x) const {
  return Function("tolong", {x});
}

std::string SqliteDialect::ToReal(const std::string& x) const {
  return Function("toreal", {x});
}

std::string SqliteDialect::StartOfCalendarUnit(const std::string& ticks,
                                               std::string_view unit) const {
  return "(CAST(strftime('%s', datetime(" + ticks + " / 10000000, 'unixepoch', 'start of " +
         std::string(unit) + "')) AS INTEGER) * 10000000)";
}

std::string SqliteDialect::CastToText(const std::string& x, bool) const {
  return "CAST(" + x + " AS TEXT)";
}

std::string SqliteDialect::FormatDatetime(const std::string& ticks) const {
  return Function("format_datetime", {ticks});
}

std::string SqliteDialect::JsonExtract(const std::string& json,
                                       const std::vector<std::string>& keys,
                                       const std::vector<bool>& is_index) const {
  std::string path = "$";
  for (size_t i = 0; i < keys.size(); ++i) {
    if (is_index[i]) {
      path += "[" + keys[i] + "]";
    } else {
      path += ".\"";
      for (char c : keys[i]) {
        if (c == '"' || c == '\\') path += '\\';
        path += c;
      }
      path += "\"";
    }
  }
  // Invalid JSON gives null rather than an error, as Kusto's dynamic access does.
  return "(CASE WHEN json_valid(" + json + ") THEN json_extract(" + json + ", " + String(path) +
         ") END)";
}

std::string SqliteDialect::JsonArrayLength(const std::string& json) const {
  return "(CASE WHEN json_valid(" + json + ") AND json_type(" + json +
         ") = 'array' THEN json_array_length(" + json + ") END)";
}

std::string SqliteDialect::CountDistinct(const std::string& x) const {
  return "COUNT(DISTINCT " + x + ")";
}

std::string SqliteDialect::MakeArray(const std::string& x, bool distinct) const {
  return "json_group_array(" + std::string(distinct ? "DISTINCT " : "") + x + ") FILTER (WHERE " +
         x + " IS NOT NULL AND " + x + " <> '')";
}

std::string SqliteDialect::FunctionName(std::string_view name) const {
  return "kql_" + std::string(name);
}

std::vector<std::string> SqliteDialect::EngineFunctions() const {
  // has/hasprefix/hassuffix, regex, tolong, toreal and format_datetime spell operators and
  // conversions above; parse, todatetime, totimespan and tobool are called by the parse operator
  // and by datatable.
  return {"has",   "hasprefix",  "hassuffix",  "regex", "tolong", "toreal", "format_datetime",
          "parse", "todatetime", "totimespan", "tobool"};
}

std::string SqliteDialect::Function(std::string_view name,
                                    const std::vector<std::string>& args) const {
  std::string sql = FunctionName(name) + "(";
  for (size_t i = 0; i < args.size(); ++i) sql += (i ? ", " : "") + args[i];
  return sql + ")";
}

std::string SqliteDialect::Values(const std::vector<std::string>& names,
                                  const std::vector<std::vector<std::string>>& rows) const {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < names.size(); ++i) {
    sql += (i ? ", " : "") +
           (rows.empty() ? std::string("NULL") : "column" + std::to_string(i + 1)) + " AS " +
           Ident(names[i]);
  }
  if (names.empty()) sql += "NULL AS _empty";
  if (rows.empty()) return sql + " WHERE 0";
  // VALUES, unlike a chain of UNION ALL, has no limit on its number of rows.
  sql += " FROM (VALUES ";
  for (size_t r = 0; r < rows.size(); ++r) {
    sql += r ? ", (" : "(";
    for (size_t i = 0; i < rows[r].size(); ++i) sql += (i ? ", " : "") + rows[r][i];
    sql += ")";
  }
  return sql + ")";
}

std::string SqliteDialect::Series(const std::string& name, const std::string& start,
                                  const std::string& stop, const std::string& step) const {
  // The bounds are evaluated once, in the anchor row, so that now() or a subquery in them
  // is not re-run per generated row.
  return "WITH RECURSIVE _series(v, stop, step) AS (SELECT " + start + ", " + stop + ", " + step +
         " UNION ALL SELECT v + step, stop, step FROM _series WHERE (step > 0 AND v + step <= "
         "stop) OR (step < 0 AND v + step >= stop)) SELECT v AS " +
         Ident(name) +
         " FROM _series WHERE v IS NOT NULL AND ((step >= 0 AND v <= stop) OR (step < 0 AND v >= "
         "stop))";
}

}  // namespace quarry::kql
