// Kusto's calendar functions in ClickHouse SQL. Ticks are Int64 (100 ns since the Unix epoch);
// calendar parts come from toDateTime(seconds, 'UTC') so that the server's time zone plays no
// part; divisions floor, as the SQLite UDFs' do, so times before 1970 agree too.
#include <algorithm>
#include <cstdint>

#include "core/clickhouse_sql.h"
#include "core/strings.h"
#include "core/time.h"
#include "kql/sql_dialect_clickhouse_internal.h"

namespace quarry::kql {
namespace {

constexpr int64_t kSecond = 10'000'000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

std::string N(int64_t v) {
  return std::to_string(v);
}

std::string FloorDiv(const std::string& x, int64_t n) {
  return "(intDiv((" + x + "), " + N(n) + ") - if((" + x + ") % " + N(n) + " < 0, 1, 0))";
}

// toString(x) without ASCII white space around it (18.16 has no trimBoth).
std::string Trimmed(const std::string& x) {
  return "replaceRegexpAll(toString(" + x + "), '^[ \\t\\n\\r\\f\\v]+|[ \\t\\n\\r\\f\\v]+$', '')";
}

std::string Calendar(const std::string& ticks) {
  return "toDateTime(" + FloorDiv(ticks, kSecond) + ", 'UTC')";
}

std::string MonthsSinceEpoch(const std::string& ticks) {
  std::string d = Calendar(ticks);
  return "(toInt64(toYear(" + d + ")) * 12 + toInt64(toMonth(" + d + ")) - 1)";
}

std::string Unit(const std::string& sql, const char* function) {
  std::string unit;
  if (!LiteralValue(sql, unit)) NotOnClickHouse(std::string(function) + " with a computed period");
  return AsciiToLower(unit);
}

std::string DatetimeDiff(const std::vector<std::string>& args) {
  std::string unit = Unit(args[0], "datetime_diff");
  const std::string &a = args[1], &b = args[2];
  if (unit == "year" || unit == "years") {
    return "(toInt64(toYear(" + Calendar(a) + ")) - toInt64(toYear(" + Calendar(b) + ")))";
  }
  if (unit == "quarter" || unit == "quarters") {
    return "(" + FloorDiv(MonthsSinceEpoch(a), 3) + " - " + FloorDiv(MonthsSinceEpoch(b), 3) + ")";
  }
  if (unit == "month" || unit == "months") {
    return "(" + MonthsSinceEpoch(a) + " - " + MonthsSinceEpoch(b) + ")";
  }
  if (unit == "week" || unit == "weeks") {
    // Weeks start on Sunday; 1970-01-01 was a Thursday.
    auto week = [](const std::string& t) { return FloorDiv(FloorDiv(t, kDay) + " + 4", 7); };
    return "(" + week(a) + " - " + week(b) + ")";
  }
  int64_t size = TicksPerFixedUnit(unit);
  if (size == 0) NotOnClickHouse("datetime_diff with the period '" + unit + "'");
  if (size == 1) return "((" + a + " - " + b + ") * 100)";
  return "(" + FloorDiv(a, size) + " - " + FloorDiv(b, size) + ")";
}

std::string DatetimeAdd(const std::vector<std::string>& args) {
  std::string unit = Unit(args[0], "datetime_add");
  const std::string &amount = args[1], &t = args[2];
  int months = 0;
  if (unit == "year" || unit == "years") months = 12;
  if (unit == "quarter" || unit == "quarters") months = 3;
  if (unit == "month" || unit == "months") months = 1;
  if (months > 0) {
    // addMonths keeps the time of day and clamps the day to the month's last, as Kusto does.
    std::string moved =
        "addMonths(" + Calendar(t) + ", toInt32(" + amount + ") * " + std::to_string(months) + ")";
    return "(toInt64(toUnixTimestamp(" + moved + ")) * " + N(kSecond) + " + (" + t + " - " +
           FloorDiv(t, kSecond) + " * " + N(kSecond) + "))";
  }
  int64_t size = TicksPerFixedUnit(unit);
  if (size == 0) NotOnClickHouse("datetime_add with the period '" + unit + "'");
  if (size == 1) return "(" + t + " + intDiv(toInt64(" + amount + "), 100))";
  return "(" + t + " + toInt64(" + amount + ") * " + N(size) + ")";
}

// "[-][d.]hh:mm[:ss[.fffffff]]" or a number with a unit, as ParseTimespan reads them.
std::string ToTimespan(const std::string& x) {
  std::string text = Trimmed(x);
  const std::string clock = "^(-?)(([0-9]+)\\.)?([0-9]+):([0-9]+)(:([0-9]+))?(\\.([0-9]*))?$";
  auto part = [&](const std::string& pattern, int group) {
    return "toInt64OrZero(replaceRegexpOne(" + text + ", " + ClickHouseString(pattern) + ", '\\\\" +
           std::to_string(group) + "'))";
  };
  std::string fraction = "toInt64OrZero(substring(concat(replaceRegexpOne(" + text + ", " +
                         ClickHouseString(clock) + ", '\\\\9'), '0000000'), 1, 7))";
  std::string from_clock = "(" + part(clock, 3) + " * " + N(kDay) + " + " + part(clock, 4) + " * " +
                           N(kHour) + " + " + part(clock, 5) + " * " + N(kMinute) + " + " +
                           part(clock, 7) + " * " + N(kSecond) + " + " + fraction + ")";
  std::string signed_clock = "if(startsWith(" + text + ", '-'), -1, 1) * " + from_clock;
  // A number and a unit: the number as a real, as the SQLite UDF reads it.
  const std::string with_unit = "^(-?)([0-9][0-9.]*)([A-Za-z]+)$";
  std::string unit =
      "lower(replaceRegexpOne(" + text + ", " + ClickHouseString(with_unit) + ", '\\\\3'))";
  std::string scale = "multiIf(" + unit + " IN ('d', 'day', 'days'), " + N(kDay) + ", " + unit +
                      " IN ('h', 'hr', 'hrs', 'hour', 'hours'), " + N(kHour) + ", " + unit +
                      " IN ('m', 'min', 'minute', 'minutes'), " + N(kMinute) + ", " + unit +
                      " IN ('s', 'sec', 'second', 'seconds'), " + N(kSecond) + ", " + unit +
                      " IN ('ms', 'milli', 'millis', 'millisecond'), 10000, " + unit +
                      " IN ('microsecond', 'microseconds'), 10, " + unit +
                      " IN ('tick', 'ticks'), 1, 0)";
  std::string amount = "toFloat64OrNull(replaceRegexpOne(" + text + ", " +
                       ClickHouseString(with_unit) + ", '\\\\2'))";
  std::string from_unit =
      "if(startsWith(" + text + ", '-'), -1, 1) * toInt64(" + amount + " * " + scale + ")";
  return "multiIf(isNull(" + x + "), NULL, match(" + text + ", " + ClickHouseString(clock) + "), " +
         signed_clock + ", match(" + text + ", " + ClickHouseString(with_unit) + ") AND " + scale +
         " > 0 AND isNotNull(" + amount + "), " + from_unit + ", NULL)";
}

// ISO 8601 text: a date, then optionally a time (T or a space) with seconds and a fraction,
// and Z or an offset.
std::string ToDatetime(const std::string& x) {
  std::string text = Trimmed(x);
  // RE2 rewrites name groups 1 to 9 only: the offset is one group, split here.
  const std::string iso =
      "^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})"
      "(?:\\.([0-9]{1,7})[0-9]*)?)?)?(?:Z|([+-][0-9]{2}:?[0-9]{2}))?$";
  auto group = [&](int n) {
    return "replaceRegexpOne(" + text + ", " + ClickHouseString(iso) + ", '\\\\" +
           std::to_string(n) + "')";
  };
  auto part = [&](int n) { return "toInt64OrZero(" + group(n) + ")"; };
  std::string written = "concat(" + group(1) + ", '-', " + group(2) + ", '-', " + group(3) + ")";
  std::string date = "toDateOrNull(" + written + ")";
  std::string fraction = "toInt64OrZero(substring(concat(" + group(7) + ", '0000000'), 1, 7))";
  std::string zone = group(8);
  std::string offset = "if(substring(" + zone +
                       ", 1, 1) = '-', -1, 1) * (toInt64OrZero(substring(" + zone + ", 2, 2)) * " +
                       N(kHour) + " + toInt64OrZero(substring(replaceAll(" + zone +
                       ", ':', ''), 4, 2)) * " + N(kMinute) + ")";
  std::string ticks = "toInt64(toRelativeDayNum(assumeNotNull(" + date + "))) * " + N(kDay) +
                      " + " + part(4) + " * " + N(kHour) + " + " + part(5) + " * " + N(kMinute) +
                      " + " + part(6) + " * " + N(kSecond) + " + " + fraction + " - " + offset;
  // toDateOrNull moves 2024-02-30 to March: the date must read back as written.
  return "if(match(" + text + ", " + ClickHouseString(iso) + ") AND isNotNull(" + date +
         ") AND toString(assumeNotNull(" + date + ")) = " + written + " AND " + part(4) +
         " < 24 AND " + part(5) + " < 60 AND " + part(6) + " < 61, " + ticks + ", NULL)";
}

std::string Padded(const std::string& value, size_t width) {
  if (width <= 1) return "toString(" + value + ")";
  int64_t power = 1;
  for (size_t i = 0; i < width; ++i) power *= 10;
  return "if(" + value + " < " + N(power) + ", substring(toString(" + value + " + " + N(power) +
         "), 2), toString(" + value + "))";
}

std::string FormatDatetime(const std::vector<std::string>& args) {
  std::string format;
  if (!LiteralValue(args[1], format)) NotOnClickHouse("format_datetime with a computed format");
  const std::string& t = args[0];
  std::string d = Calendar(t);
  std::string fraction = "substring(toString(" + t + " - " + FloorDiv(t, kSecond) + " * " +
                         N(kSecond) + " + " + N(kSecond) + "), 2)";
  std::string hour = "toInt64(toHour(" + d + "))";
  std::vector<std::string> pieces;
  for (size_t i = 0; i < format.size();) {
    char letter = format[i];
    size_t run = 1;
    while (i + run < format.size() && format[i + run] == letter) ++run;
    size_t two = run >= 2 ? 2 : 1;
    switch (letter) {
      case 'y':
        pieces.push_back(run >= 4 ? Padded("toInt64(toYear(" + d + "))", run)
                                  : Padded("toInt64(toYear(" + d + ")) % 100", two));
        break;
      case 'M':
        pieces.push_back(Padded("toInt64(toMonth(" + d + "))", two));
        break;
      case 'd':
        pieces.push_back(Padded("toInt64(toDayOfMonth(" + d + "))", two));
        break;
      case 'H':
        pieces.push_back(Padded(hour, two));
        break;
      case 'h':
        pieces.push_back(Padded(
            std::string("if(").append(hour).append(" % 12 = 0, 12, ").append(hour).append(" % 12)"),
            two));
        break;
      case 'm':
        pieces.push_back(Padded("toInt64(toMinute(" + d + "))", two));
        break;
      case 's':
        pieces.push_back(Padded("toInt64(toSecond(" + d + "))", two));
        break;
      case 'f':
        pieces.push_back("substring(" + fraction + ", 1, " +
                         std::to_string(std::min<size_t>(run, 7)) + ")");
        break;
      case 'F':
        pieces.push_back("replaceRegexpOne(substring(" + fraction + ", 1, " +
                         std::to_string(std::min<size_t>(run, 7)) + "), '0+$', '')");
        break;
      case 't':
        pieces.push_back("if(" + hour + " < 12, '" + (run >= 2 ? "AM" : "A") + "', '" +
                         (run >= 2 ? "PM" : "P") + "')");
        break;
      default:
        pieces.push_back(ClickHouseString(std::string(run, letter)));
        break;
    }
    i += run;
  }
  if (pieces.empty()) return "if(isNull(" + t + "), NULL, '')";
  std::string out = "concat(";
  for (size_t i = 0; i < pieces.size(); ++i) out += (i ? ", " : "") + pieces[i];
  // concat needs two arguments.
  return out + (pieces.size() == 1 ? ", '')" : ")");
}

}  // namespace

std::optional<std::string> ClickHouseTimeFunction(std::string_view name,
                                                  const std::vector<std::string>& args) {
  if (name == "datetime_diff" && args.size() == 3) return DatetimeDiff(args);
  if (name == "datetime_add" && args.size() == 3) return DatetimeAdd(args);
  if (name == "totimespan" && args.size() == 1) return ToTimespan(args[0]);
  if (name == "todatetime" && args.size() == 1) return ToDatetime(args[0]);
  if (name == "format_datetime" && args.size() == 2) return FormatDatetime(args);
  return std::nullopt;
}

}  // namespace quarry::kql
