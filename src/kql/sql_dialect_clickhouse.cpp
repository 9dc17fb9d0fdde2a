// The ClickHouse dialect. Facts it relies on (../shared/docs/clickhouse-18.16.md): a bare (?i) is
// ignored by 18.16's regex prefilter, so case-insensitive patterns are written as (?i:…);
// positionCaseInsensitive is three times faster than lower() LIKE; there are no UDFs, no
// JSONExtract, no window functions and no recursive CTEs.
#include <re2/re2.h>

#include <cstdint>

#include "core/clickhouse_sql.h"
#include "kql/sql_dialect.h"
#include "kql/sql_dialect_clickhouse_internal.h"
#include "kql/sql_internal.h"

namespace quarry::kql {

bool LiteralValue(const std::string& sql, std::string& value) {
  if (sql.size() < 2 || sql.front() != '\'' || sql.back() != '\'') return false;
  value.clear();
  for (size_t i = 1; i + 1 < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'') return false;  // the literal ended earlier: an expression
    if (c == '\\') {
      if (i + 2 >= sql.size()) return false;
      char e = sql[++i];
      value += e == '0' ? '\0' : e;
      continue;
    }
    value += c;
  }
  return true;
}

[[noreturn]] void NotOnClickHouse(const std::string& what) {
  Lowerer::Fail(what + " is not available on a ClickHouse store yet", Span{});
}

std::string ClickHouseJsonQuoted(const std::string& text) {
  std::string out = "replaceAll(replaceAll(" + text + R"(, '\\', '\\\\'), '"', '\\"'))";
  out = "replaceAll(replaceAll(replaceAll(" + out + R"(, '\n', '\\n'), '\r', '\\r'), '\t', '\\t'))";
  return "concat('\"', " + out + ", '\"')";
}

namespace {

bool IsTermChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// A user's RE2 pattern for ClickHouse's match(): a leading flag group such as (?i) becomes a
// (?i:…) group, which 18.16's required-substring prefilter honours (it ignores a bare one).
std::string PortablePattern(const std::string& pattern) {
  if (pattern.rfind("(?", 0) == 0) {
    size_t close = pattern.find(')');
    std::string_view flags =
        std::string_view(pattern).substr(2, close == std::string::npos ? 0 : close - 2);
    if (!flags.empty() && flags.find_first_not_of("imsU") == std::string_view::npos) {
      return "(?" + std::string(flags) + ":" + pattern.substr(close + 1) + ")";
    }
  }
  return pattern;
}

// The pattern as one non-capturing group (its flags inside), so that text can be put around it
// without renumbering its groups.
std::string Grouped(const std::string& pattern) {
  std::string portable = PortablePattern(pattern);
  return portable == pattern ? "(?:" + pattern + ")" : portable;
}

// The regex of a literal argument; a pattern computed per row cannot be rewritten here.
std::string LiteralPattern(const std::string& sql, const char* what) {
  std::string value;
  if (!LiteralValue(sql, value))
    NotOnClickHouse(std::string(what) + " with a pattern computed per row");
  return value;
}

// A capturing group's number as replaceRegexpOne can name it (\1 … \9).
std::string GroupReference(const std::string& sql, const char* what) {
  if (sql.size() != 1 || sql[0] < '0' || sql[0] > '9') {
    NotOnClickHouse(std::string(what) + " of a group past the ninth or computed per row");
  }
  return "\\\\" + sql;  // \\1 in the SQL literal, \1 to the regex engine
}

}  // namespace

std::string ClickHouseDialect::Ident(std::string_view name) const {
  return ClickHouseIdent(name);
}

std::string ClickHouseDialect::String(std::string_view value) const {
  return ClickHouseString(value);
}

std::string ClickHouseDialect::Has(const std::string& hay, const std::string& needle, bool cs,
                                   std::string_view kind) const {
  std::string value;
  if (!LiteralValue(needle, value)) NotOnClickHouse("has with a needle computed per row");
  if (value.empty()) return "1";
  // A boundary matters only where the needle itself starts or ends inside a term.
  std::string re = RE2::QuoteMeta(value);
  if (kind != "hassuffix" && IsTermChar(value.front())) re = "(^|[^0-9A-Za-z])" + re;
  if (kind != "hasprefix" && IsTermChar(value.back())) re += "($|[^0-9A-Za-z])";
  if (!cs) re = "(?i:" + re + ")";
  return "match(ifNull(" + hay + ", ''), " + String(re) + ")";
}

std::string ClickHouseDialect::Contains(const std::string& hay, const std::string& needle,
                                        bool cs) const {
  // ASCII case folding, as the SQLite dialect's LIKE does.
  return std::string("(") + (cs ? "position(" : "positionCaseInsensitive(") + "ifNull(" + hay +
         ", ''), " + needle + ") > 0)";
}

std::string ClickHouseDialect::StartsWith(const std::string& hay, const std::string& needle,
                                          bool cs) const {
  std::string h = "ifNull(" + hay + ", '')";
  if (cs) return "(substring(" + h + ", 1, length(" + needle + ")) = " + needle + ")";
  return "(lower(substring(" + h + ", 1, length(" + needle + "))) = lower(" + needle + "))";
}

std::string ClickHouseDialect::EndsWith(const std::string& hay, const std::string& needle,
                                        bool cs) const {
  std::string h = "ifNull(" + hay + ", '')";
  std::string tail = "substring(" + h + ", length(" + h + ") - length(" + needle + ") + 1)";
  std::string fits = "length(" + h + ") >= length(" + needle + ") AND ";
  if (cs) return "(" + fits + tail + " = " + needle + ")";
  return "(" + fits + "lower(" + tail + ") = lower(" + needle + "))";
}

std::string ClickHouseDialect::Regex(const std::string& hay, const std::string& pattern) const {
  std::string value;
  std::string p = LiteralValue(pattern, value) ? String(PortablePattern(value)) : pattern;
  return "match(ifNull(" + hay + ", ''), " + p + ")";
}

// Not NULLIF: 18.16's coalesce over nullIf of a Nullable column crashed the server.
std::string ClickHouseDialect::NullIfEmpty(const std::string& x) const {
  return "if(ifNull(" + x + ", '') = '', NULL, " + x + ")";
}

// 18.16 fails a query whose condition bounds the time column from above ("Cannot compare long
// with DB::Null") once a part holds only events without a time: its min/max index is NULL
// there. Such a bound is written as the negation of a lower bound, which means the same for
// NULLs; `bound = bound` keeps a NaN bound false, as the comparison would be.
std::string ClickHouseDialect::CompareTimes(const std::string& a, const std::string& op,
                                            const std::string& b) const {
  std::string time = Ident("TimeGenerated");
  bool upper = (a == time && (op == "<" || op == "<=")) || (b == time && (op == ">" || op == ">="));
  if (!upper) return "(" + a + " " + op + " " + b + ")";
  const std::string& bound = a == time ? b : a;
  bool inclusive = op == "<=" || op == ">=";
  return "(NOT (" + time + (inclusive ? " > " : " >= ") + bound + ") AND " + bound + " = " + bound +
         ")";
}

std::string ClickHouseDialect::IntegerDivide(const std::string& a, const std::string& b) const {
  return "intDiv(" + a + ", " + b + ")";
}

std::string ClickHouseDialect::Position(const std::string& hay, const std::string& needle) const {
  return "positionUTF8(ifNull(" + hay + ", ''), " + needle + ")";
}

std::string ClickHouseDialect::ToLong(const std::string& x) const {
  std::string text = "toString(" + x + ")";
  return "ifNull(toInt64OrNull(" + text + "), toInt64(toFloat64OrNull(" + text + ")))";
}

std::string ClickHouseDialect::ToReal(const std::string& x) const {
  return "toFloat64OrNull(toString(" + x + "))";
}

std::string ClickHouseDialect::StartOfCalendarUnit(const std::string& ticks,
                                                   std::string_view unit) const {
  std::string day = "toDateTime(intDiv(" + ticks + ", 10000000), 'UTC')";
  std::string start = unit == "year" ? "toStartOfYear(" + day + ")" : "toStartOfMonth(" + day + ")";
  return "(toInt64(toRelativeDayNum(" + start + ")) * 864000000000)";
}

std::string ClickHouseDialect::CastToText(const std::string& x, bool real) const {
  if (!real) return "toString(" + x + ")";
  return "if(isFinite(" + x + ") AND " + x + " = floor(" + x + ") AND abs(" + x +
         ") < 1e15, concat(toString(" + x + "), '.0'), toString(" + x + "))";
}

std::string ClickHouseDialect::FormatDatetime(const std::string& ticks) const {
  return "if(isNull(" + ticks + "), NULL, " + ClickHouseIsoTime("ifNull(" + ticks + ", 0)") + ")";
}

std::string ClickHouseDialect::JsonExtract(const std::string& json,
                                           const std::vector<std::string>& keys,
                                           const std::vector<bool>& is_index) const {
  // 18.16 has only visitParam*, which finds the first key of that name at any depth.
  if (keys.size() != 1 || is_index[0]) NotOnClickHouse("a nested or indexed dynamic path");
  return "visitParamExtractRaw(ifNull(" + json + ", ''), " + String(keys[0]) + ")";
}

std::string ClickHouseDialect::JsonArrayLength(const std::string&) const {
  NotOnClickHouse("array_length of a dynamic value");
}

std::string ClickHouseDialect::CountDistinct(const std::string& x) const {
  return "uniqExact(" + x + ")";
}

std::string ClickHouseDialect::MakeArray(const std::string& x, bool distinct) const {
  std::string text = "toString(assumeNotNull(" + x + "))";
  std::string element = "if(position(toTypeName(" + x + "), 'String') > 0, concat('\"', " +
                        "replaceAll(replaceAll(" + text +
                        ", '\\\\', '\\\\\\\\'), '\"', '\\\\\"'), " + "'\"'), " + text + ")";
  std::string keep = "isNotNull(" + x + ") AND toString(" + x + ") != ''";
  return "concat('[', arrayStringConcat(" +
         std::string(distinct ? "groupUniqArrayIf(" : "groupArrayIf(") + element + ", " + keep +
         "), ','), ']')";
}

std::string ClickHouseDialect::FunctionName(std::string_view name) const {
  return std::string(name);
}

std::vector<std::string> ClickHouseDialect::EngineFunctions() const {
  return {};  // ClickHouse has no user functions: Function spells each in its own.
}

std::string ClickHouseDialect::Function(std::string_view name,
                                        const std::vector<std::string>& args) const {
  if ((name == "has" || name == "hasprefix" || name == "hassuffix") && args.size() == 3) {
    return Has(args[0], args[1], args[2] == "1", name);
  }
  if (name == "regex" && args.size() == 2) return Regex(args[0], args[1]);
  if (name == "tolong" && args.size() == 1) return ToLong(args[0]);
  if (name == "toreal" && args.size() == 1) return ToReal(args[0]);
  if (name == "format_datetime" && args.size() == 1) return FormatDatetime(args[0]);
  if (name == "parse" && args.size() == 3) {
    // A whole-text match's group, null when the text does not match.
    std::string re = "^" + Grouped(LiteralPattern(args[1], "parse")) + "$";
    std::string text = "ifNull(" + args[0] + ", '')";
    std::string test = "match(" + text + ", " + String(re) + ")";
    if (args[2] == "0") return "if(" + test + ", " + text + ", NULL)";
    return "if(" + test + ", replaceRegexpOne(" + text + ", " + String("(?s)" + re) + ", '" +
           GroupReference(args[2], "parse") + "'), NULL)";
  }
  if (name == "extract" && args.size() == 3) {
    // The first match's group, null when nothing matches.
    std::string re = LiteralPattern(args[0], "extract");
    std::string text = "ifNull(" + args[2] + ", '')";
    std::string group = GroupReference(args[1], "extract");
    return "if(match(" + text + ", " + String(PortablePattern(re)) + "), replaceRegexpOne(" + text +
           ", " + String("(?s)^.*?" + Grouped(re) + ".*$") + ", '" + group + "'), NULL)";
  }
  if (name == "replace_regex" && args.size() == 3) {
    return "replaceRegexpAll(" + args[0] + ", " +
           String(PortablePattern(LiteralPattern(args[1], "replace_regex"))) + ", " + args[2] + ")";
  }
  if (name == "trim" && args.size() == 3) {
    // Repeated matches at the start (side 1), the end (2) or both (0).
    std::string re = Grouped(LiteralPattern(args[0], "trim"));
    std::string out = args[1];
    if (args[2] != "2") out = "replaceRegexpOne(" + out + ", " + String("^" + re + "+") + ", '')";
    if (args[2] != "1") out = "replaceRegexpOne(" + out + ", " + String(re + "+$") + ", '')";
    return out;
  }
  if (name == "tobool" && args.size() == 1) {
    std::string t = "lower(toString(" + args[0] + "))";
    return "multiIf(" + t + " = 'true', 1, " + t + " = 'false', 0, isNotNull(toFloat64OrNull(" + t +
           ")), toFloat64OrNull(" + t + ") != 0, NULL)";
  }
  if (name == "percentile" && args.size() == 2) {
    // Nearest rank, an actual value of the group, as the SQLite dialect's aggregate.
    std::string n = "count(" + args[0] + ")";
    // 18.16's least and greatest take arguments of one type only.
    std::string nf = "toFloat64(" + n + ")";
    std::string percent =
        "least(greatest(toFloat64(" + args[1] + "), toFloat64(0)), toFloat64(100))";
    std::string rank = "toUInt64(least(greatest(ceil(" + percent + " / 100 * " + nf +
                       "), toFloat64(1)), " + nf + "))";
    return "if(" + n + " = 0, NULL, arrayElement(arraySort(groupArray(" + args[0] + ")), " + rank +
           "))";
  }
  if (name == "split" && (args.size() == 2 || args.size() == 3)) {
    // A JSON array of the pieces; an empty delimiter keeps the text whole.
    std::string pieces = "if(" + args[1] + " = '', [assumeNotNull(" + args[0] +
                         ")], splitByString(" + args[1] + ", assumeNotNull(" + args[0] + ")))";
    std::string json = "concat('[', arrayStringConcat(arrayMap(p -> " + ClickHouseJsonQuoted("p") +
                       ", " + pieces + "), ','), ']')";
    if (args.size() == 3) {
      // Only piece `index` (from 0), or [null] past the end, as SQLite's json_extract gives.
      std::string i = "toInt64(" + args[2] + ")";
      json = "if(" + i + " >= 0 AND " + i + " < length(" + pieces + "), concat('[', " +
             // 18.16 returned '' for a constant index into an array of assumeNotNull(coalesce(…))
             // pieces: materialize() avoids it.
             ClickHouseJsonQuoted("arrayElement(" + pieces + ", materialize(" + i + " + 1))") +
             ", ']'), '[null]')";
    }
    return "if(isNull(" + args[0] + "), '[]', " + json + ")";
  }
  if (name == "countof" && args.size() == 3) {
    std::string text = "ifNull(" + args[0] + ", '')", search = "ifNull(" + args[1] + ", '')";
    if (args[2] == "1") {
      // Non-overlapping matches of a literal pattern, as RE2 finds them one after another.
      return "if(" + search + " = '', 0, toInt64(length(extractAll(" + text + ", " +
             String(PortablePattern(LiteralPattern(args[1], "countof"))) + "))))";
    }
    // Every position the search text starts at, overlapping ones too (as the SQLite UDF).
    return "if(" + search + " = '', 0, toInt64(length(arrayFilter(i -> substring(" + text +
           ", i + 1, length(" + search + ")) = " + search + ", range(length(" + text + "))))))";
  }
  if (auto time = ClickHouseTimeFunction(name, args)) return *time;
  if (auto network = ClickHouseNetworkFunction(name, args)) return *network;
  NotOnClickHouse(std::string(name) + "()");
}

std::string ClickHouseDialect::Values(const std::vector<std::string>& names,
                                      const std::vector<std::vector<std::string>>& rows) const {
  std::string sql;
  if (rows.empty() || names.empty()) {
    sql = "SELECT ";
    for (size_t i = 0; i < names.size(); ++i)
      sql += (i ? ", " : "") + ("NULL AS " + Ident(names[i]));
    if (names.empty()) sql += "NULL AS _empty";
    return sql + " FROM system.one WHERE 0";
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    sql += r ? " UNION ALL SELECT " : "SELECT ";
    for (size_t i = 0; i < names.size(); ++i) {
      sql +=
          (i ? ", " : "") + (i < rows[r].size() ? rows[r][i] : "NULL") + " AS " + Ident(names[i]);
    }
  }
  return "SELECT * FROM (" + sql + ")";
}

std::string ClickHouseDialect::Series(const std::string& name, const std::string& start,
                                      const std::string& stop, const std::string& step) const {
  std::string count =
      "toUInt64(greatest(floor(((" + stop + ") - (" + start + ")) / (" + step + ")) + 1, 0))";
  return "SELECT arrayJoin(arrayMap(i -> (" + start + ") + i * (" + step + "), range(" + count +
         "))) AS " + Ident(name);
}

}  // namespace quarry::kql
