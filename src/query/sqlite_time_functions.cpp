// Kusto's datetime and timespan functions over ticks (100 ns since the Unix epoch):
//   kql_todatetime(x)                 ticks of ISO 8601 text, or the ticks given; null otherwise
//   kql_totimespan(x)                 ticks of "[-][d.]hh:mm[:ss[.f…]]" or
//   "1d"/"2h"/"30m"/"5s"/"10ms" kql_format_datetime(ticks, fmt)   Kusto's format specifiers (yyyy,
//   MM, dd, HH, mm, ss, f…, tt, …) kql_datetime_diff(unit, a, b)     unit boundaries crossed from b
//   to a (calendar-aware) kql_datetime_add(unit, n, ticks)  ticks plus n units; months clamp to the
//   month's last day
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>

#include "core/strings.h"
#include "core/time.h"
#include "query/sqlite_udf.h"

namespace quarry::query {
namespace {

constexpr int64_t kTicksPerSecond = Timestamp::kTicksPerSecond;
constexpr int64_t kTicksPerMinute = 60 * kTicksPerSecond;
constexpr int64_t kTicksPerHour = 60 * kTicksPerMinute;
constexpr int64_t kTicksPerDay = 24 * kTicksPerHour;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

struct Civil {
  int64_t year = 1970;
  unsigned month = 1, day = 1;
  int64_t hour = 0, minute = 0, second = 0, fraction = 0;  // fraction: ticks within the second
};

Civil ToCivil(int64_t ticks) {
  Civil c;
  int64_t days = FloorDiv(ticks, kTicksPerDay);
  int64_t rest = ticks - days * kTicksPerDay;
  CivilFromDays(days, c.year, c.month, c.day);
  c.hour = rest / kTicksPerHour;
  c.minute = rest / kTicksPerMinute % 60;
  c.second = rest / kTicksPerSecond % 60;
  c.fraction = rest % kTicksPerSecond;
  return c;
}

std::optional<int64_t> ParseNumber(std::string_view text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

// "[-][d.]hh:mm[:ss[.fffffff]]" or a number with a unit (d, h, m, min, s, ms, microsecond, tick).
std::optional<int64_t> ParseTimespan(std::string_view text) {
  text = TrimAscii(text);
  bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  int64_t ticks = 0;
  size_t colon = text.find(':');
  if (colon != std::string_view::npos) {
    int64_t days = 0;
    size_t dot = text.find('.');
    if (dot != std::string_view::npos && dot < colon) {
      auto d = ParseNumber(text.substr(0, dot));
      if (!d) return std::nullopt;
      days = *d;
      text.remove_prefix(dot + 1);
    }
    std::string_view fraction;
    size_t fraction_dot = text.find('.');
    if (fraction_dot != std::string_view::npos) {
      fraction = text.substr(fraction_dot + 1);
      text = text.substr(0, fraction_dot);
    }
    int64_t parts[3] = {0, 0, 0};
    int count = 0;
    for (size_t start = 0; count < 3;) {
      size_t end = text.find(':', start);
      auto v = ParseNumber(text.substr(start, end == std::string_view::npos ? end : end - start));
      if (!v) return std::nullopt;
      parts[count++] = *v;
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
    if (count < 2) return std::nullopt;
    ticks = days * kTicksPerDay + parts[0] * kTicksPerHour + parts[1] * kTicksPerMinute +
            parts[2] * kTicksPerSecond;
    int64_t scale = kTicksPerSecond / 10;
    for (char c : fraction) {
      if (c < '0' || c > '9') return std::nullopt;
      ticks += (c - '0') * scale;
      scale /= 10;
    }
  } else {
    size_t unit_at = 0;
    while (unit_at < text.size() &&
           ((text[unit_at] >= '0' && text[unit_at] <= '9') || text[unit_at] == '.')) {
      ++unit_at;
    }
    double amount = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + unit_at, amount);
    if (ec != std::errc() || unit_at == 0) return std::nullopt;
    std::string unit = AsciiToLower(text.substr(unit_at));
    double scale = 0;
    if (unit == "d" || unit == "day" || unit == "days") scale = kTicksPerDay;
    if (unit == "h" || unit == "hr" || unit == "hrs" || unit == "hour" || unit == "hours")
      scale = kTicksPerHour;
    if (unit == "m" || unit == "min" || unit == "minute" || unit == "minutes")
      scale = kTicksPerMinute;
    if (unit == "s" || unit == "sec" || unit == "second" || unit == "seconds")
      scale = kTicksPerSecond;
    if (unit == "ms" || unit == "milli" || unit == "millis" || unit == "millisecond")
      scale = Timestamp::kTicksPerMilli;
    if (unit == "microsecond" || unit == "microseconds") scale = Timestamp::kTicksPerMicro;
    if (unit == "tick" || unit == "ticks") scale = 1;
    if (scale == 0) return std::nullopt;
    ticks = static_cast<int64_t>(amount * scale);
  }
  return negative ? -ticks : ticks;
}

void ToDatetime(sqlite3_context* ctx, int, sqlite3_value** argv) {
  switch (sqlite3_value_type(argv[0])) {
    case SQLITE_INTEGER:
      sqlite3_result_int64(ctx, sqlite3_value_int64(argv[0]));
      return;
    case SQLITE_TEXT:
      if (auto t = ParseIsoTime(TrimAscii(Text(argv[0])))) {
        sqlite3_result_int64(ctx, t->ticks);
        return;
      }
      break;
    default:
      break;
  }
  sqlite3_result_null(ctx);
}

void ToTimespan(sqlite3_context* ctx, int, sqlite3_value** argv) {
  switch (sqlite3_value_type(argv[0])) {
    case SQLITE_INTEGER:
      sqlite3_result_int64(ctx, sqlite3_value_int64(argv[0]));
      return;
    case SQLITE_TEXT:
      if (auto t = ParseTimespan(Text(argv[0]))) {
        sqlite3_result_int64(ctx, *t);
        return;
      }
      break;
    default:
      break;
  }
  sqlite3_result_null(ctx);
}

void AppendPadded(std::string& out, int64_t value, size_t width) {
  std::string digits = std::to_string(value);
  if (digits.size() < width) out.append(width - digits.size(), '0');
  out += digits;
}

std::string FormatDatetime(int64_t ticks, std::string_view format) {
  Civil c = ToCivil(ticks);
  std::string out;
  for (size_t i = 0; i < format.size();) {
    char letter = format[i];
    size_t run = 1;
    while (i + run < format.size() && format[i + run] == letter) ++run;
    std::string fraction = std::to_string(c.fraction + kTicksPerSecond).substr(1);  // 7 digits
    switch (letter) {
      case 'y':
        if (run >= 4) {
          AppendPadded(out, c.year, run);
        } else {
          AppendPadded(out, c.year % 100, run >= 2 ? 2 : 1);
        }
        break;
      case 'M':
        AppendPadded(out, c.month, run >= 2 ? 2 : 1);
        break;
      case 'd':
        AppendPadded(out, c.day, run >= 2 ? 2 : 1);
        break;
      case 'H':
        AppendPadded(out, c.hour, run >= 2 ? 2 : 1);
        break;
      case 'h':
        AppendPadded(out, c.hour % 12 == 0 ? 12 : c.hour % 12, run >= 2 ? 2 : 1);
        break;
      case 'm':
        AppendPadded(out, c.minute, run >= 2 ? 2 : 1);
        break;
      case 's':
        AppendPadded(out, c.second, run >= 2 ? 2 : 1);
        break;
      case 'f':
        out += fraction.substr(0, std::min<size_t>(run, 7));
        break;
      case 'F': {
        std::string digits = fraction.substr(0, std::min<size_t>(run, 7));
        while (!digits.empty() && digits.back() == '0') digits.pop_back();
        out += digits;
        break;
      }
      case 't':
        out += c.hour < 12 ? (run >= 2 ? "AM" : "A") : (run >= 2 ? "PM" : "P");
        break;
      default:
        out.append(run, letter);
        break;
    }
    i += run;
  }
  return out;
}

void FormatDatetimeWith(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) != SQLITE_INTEGER) {
    sqlite3_result_null(ctx);
    return;
  }
  ResultText(ctx, FormatDatetime(sqlite3_value_int64(argv[0]), Text(argv[1])));
}

int64_t MonthsSinceEpoch(const Civil& c) {
  return c.year * 12 + static_cast<int64_t>(c.month) - 1;
}

void DatetimeDiff(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[1]) || IsNull(argv[2])) {
    sqlite3_result_null(ctx);
    return;
  }
  std::string unit = AsciiToLower(Text(argv[0]));
  int64_t a = sqlite3_value_int64(argv[1]), b = sqlite3_value_int64(argv[2]);
  Civil ca = ToCivil(a), cb = ToCivil(b);
  int64_t result = 0;
  if (unit == "year" || unit == "years") {
    result = ca.year - cb.year;
  } else if (unit == "quarter" || unit == "quarters") {
    result = FloorDiv(MonthsSinceEpoch(ca), 3) - FloorDiv(MonthsSinceEpoch(cb), 3);
  } else if (unit == "month" || unit == "months") {
    result = MonthsSinceEpoch(ca) - MonthsSinceEpoch(cb);
  } else if (unit == "week" || unit == "weeks") {
    // Weeks start on Sunday; 1970-01-01 was a Thursday, so day 3 of the epoch is a Sunday.
    auto week = [](int64_t t) { return FloorDiv(FloorDiv(t, kTicksPerDay) + 4, 7); };
    result = week(a) - week(b);
  } else if (int64_t size = TicksPerFixedUnit(unit); size > 0) {
    result = size == 1 ? (a - b) * 100 : FloorDiv(a, size) - FloorDiv(b, size);
  } else {
    sqlite3_result_error(ctx, ("datetime_diff: unknown period '" + unit + "'").c_str(), -1);
    return;
  }
  sqlite3_result_int64(ctx, result);
}

void DatetimeAdd(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[1]) || IsNull(argv[2])) {
    sqlite3_result_null(ctx);
    return;
  }
  std::string unit = AsciiToLower(Text(argv[0]));
  int64_t amount = sqlite3_value_int64(argv[1]), t = sqlite3_value_int64(argv[2]);
  int64_t months = 0;
  if (unit == "year" || unit == "years") months = 12 * amount;
  if (unit == "quarter" || unit == "quarters") months = 3 * amount;
  if (unit == "month" || unit == "months") months = amount;
  if (months != 0 || unit.rfind("month", 0) == 0 || unit.rfind("year", 0) == 0 ||
      unit.rfind("quarter", 0) == 0) {
    Civil c = ToCivil(t);
    int64_t total = MonthsSinceEpoch(c) + months;
    int64_t year = FloorDiv(total, 12);
    auto month = static_cast<unsigned>(total - year * 12 + 1);
    unsigned next_month = month == 12 ? 1 : month + 1;
    int64_t next_year = month == 12 ? year + 1 : year;
    auto month_days = static_cast<unsigned>(DaysFromCivil(next_year, next_month, 1) -
                                            DaysFromCivil(year, month, 1));
    unsigned day = std::min(c.day, month_days);
    int64_t within_day = t - FloorDiv(t, kTicksPerDay) * kTicksPerDay;
    sqlite3_result_int64(ctx, DaysFromCivil(year, month, day) * kTicksPerDay + within_day);
    return;
  }
  int64_t size = TicksPerFixedUnit(unit);
  if (size == 0) {
    sqlite3_result_error(ctx, ("datetime_add: unknown period '" + unit + "'").c_str(), -1);
    return;
  }
  sqlite3_result_int64(ctx, size == 1 ? t + amount / 100 : t + amount * size);
}

}  // namespace

std::span<const Udf> TimeUdfs() {
  static constexpr Udf kUdfs[] = {
      {.name = "todatetime", .args = 1, .scalar = ToDatetime},
      {.name = "totimespan", .args = 1, .scalar = ToTimespan},
      {.name = "format_datetime", .args = 2, .scalar = FormatDatetimeWith},
      {.name = "datetime_diff", .args = 3, .scalar = DatetimeDiff},
      {.name = "datetime_add", .args = 3, .scalar = DatetimeAdd},
  };
  return kUdfs;
}

}  // namespace quarry::query
