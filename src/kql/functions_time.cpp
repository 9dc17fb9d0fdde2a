// Time functions. Datetimes are 100 ns ticks since 1970 in SQL, timespans ticks.
#include <string>

#include "kql/sql_internal.h"

namespace quarry::kql {
namespace {

constexpr const char* kTicksPerDay = "864000000000";

// Floor to a multiple of `size`, toward −∞ for negative values too (SQL's % truncates).
std::string FloorTo(const std::string& x, const std::string& size, Type type) {
  if (type == Type::kReal) {
    std::string q = "(" + x + ") / (" + size + ")";
    return "((CAST(" + q + " AS INTEGER) - (" + q + " < CAST(" + q + " AS INTEGER))) * (" + size +
           "))";
  }
  return "((" + x + ") - ((((" + x + ") % (" + size + ")) + (" + size + ")) % (" + size + ")))";
}

std::string Now(CallLowering& c) {
  return std::to_string(c.lowerer().now_ticks());
}

E Bin(CallLowering& c) {
  const E& x = c.Arg(0);
  return c.Result(FloorTo(x.sql, c.Sql(1), x.type));
}

// Days since the epoch (1970-01-01 was a Thursday): weeks start on Sunday, as in Kusto.
std::string Days(CallLowering& c) {
  return c.dialect().IntegerDivide(FloorTo(c.Sql(0), kTicksPerDay, Type::kLong), kTicksPerDay);
}
std::string Weekday(CallLowering& c) {
  return "(((" + Days(c) + " + 4) % 7 + 7) % 7)";
}

E StartOfCalendarUnit(CallLowering& c, std::string_view unit) {
  return c.Result(
      c.dialect().StartOfCalendarUnit(FloorTo(c.Sql(0), "10000000", Type::kLong), unit));
}

// datetime_add and datetime_diff name their period as a word, not as a value.
E WithPeriod(CallLowering& c) {
  const Node& period = c.Written(0);
  if (period.kind != NodeKind::kString && period.kind != NodeKind::kName)
    c.Fail("the first argument of '" + c.call().text + "' is a period name such as 'day'");
  return c.Result(c.Udf({c.dialect().String(period.text), c.Sql(1), c.Sql(2)}));
}

E ConvertUnless(CallLowering& c, Type already) {
  const E& x = c.Arg(0);
  // Integers are taken as ticks, as they are (the SQLite UDFs return them unchanged).
  bool ticks = x.type == Type::kLong || x.type == Type::kInt;
  return c.Result(x.type == already || ticks ? x.sql : c.Udf({x.sql}));
}

constexpr FunctionSpec kFunctions[] = {
    {.name = "ago",
     .signature = "span: timespan",
     .result = Returns(Type::kDateTime),
     .lower = [](CallLowering& c) { return c.Result("(" + Now(c) + " - " + c.Sql(0) + ")"); },
     .doc = "The time `span` before now",
     .example = "ago(1h)"},
    {.name = "now",
     .signature = "[offset: timespan]",
     .result = Returns(Type::kDateTime),
     .lower =
         [](CallLowering& c) {
           return c.Result(c.size() == 0 ? Now(c) : "(" + Now(c) + " + " + c.Sql(0) + ")");
         },
     .doc = "The current time, fixed for the whole query, plus `offset`",
     .example = "now(-1d)"},
    {.name = "todatetime",
     .signature = "value: any",
     .result = Returns(Type::kDateTime),
     .lower = [](CallLowering& c) { return ConvertUnless(c, Type::kDateTime); },
     .udf = "todatetime",
     .doc = "A datetime from text or a number of ticks; null when it is not one",
     .example = R"(todatetime("2024-05-01T10:00:00Z"))"},
    {.name = "datetime_add",
     .signature = "period: string, amount: long, datetime: datetime",
     .result = Returns(Type::kDateTime),
     .lower = WithPeriod,
     .udf = "datetime_add",
     .doc = "The datetime moved by `amount` periods (year, month, …; a month clamps to its end)",
     .example = "datetime_add('month', 1, datetime(2024-01-31))"},
    {.name = "datetime_diff",
     .signature = "period: string, datetime1: datetime, datetime2: datetime",
     .result = Returns(Type::kLong),
     .lower = WithPeriod,
     .udf = "datetime_diff",
     .doc = "Period boundaries crossed from the second datetime to the first (calendar months, "
            "quarters and years)",
     .example = "datetime_diff('day', datetime(2024-05-03), datetime(2024-05-01))"},
    {.name = "startofday",
     .signature = "date: datetime, [offset: long]",
     .result = Returns(Type::kDateTime),
     .lower =
         [](CallLowering& c) { return c.Result(FloorTo(c.Sql(0), kTicksPerDay, Type::kLong)); },
     .doc = "Midnight (UTC) of the datetime's day",
     .example = "startofday(datetime(2024-05-01 10:30))"},
    {.name = "endofday",
     .signature = "date: datetime, [offset: long]",
     .result = Returns(Type::kDateTime),
     .lower =
         [](CallLowering& c) {
           return c.Result("(" + FloorTo(c.Sql(0), kTicksPerDay, Type::kLong) + " + 863999999999)");
         },
     .doc = "The last tick of the datetime's day",
     .example = "endofday(datetime(2024-05-01 10:30))"},
    {.name = "startofweek",
     .signature = "date: datetime, [offset: long]",
     .result = Returns(Type::kDateTime),
     .lower =
         [](CallLowering& c) {
           return c.Result("((" + Days(c) + " - " + Weekday(c) + ") * " + kTicksPerDay + ")");
         },
     .doc = "Midnight of the Sunday starting the datetime's week",
     .example = "startofweek(datetime(2024-05-01))"},
    {.name = "dayofweek",
     .signature = "date: datetime",
     .result = Returns(Type::kTimespan),
     .lower =
         [](CallLowering& c) { return c.Result("(" + Weekday(c) + " * " + kTicksPerDay + ")"); },
     .doc = "Days since the last Sunday, as a timespan (0d for a Sunday)",
     .example = "dayofweek(datetime(2024-05-01))"},
    {.name = "startofmonth",
     .signature = "date: datetime, [offset: long]",
     .result = Returns(Type::kDateTime),
     .lower = [](CallLowering& c) { return StartOfCalendarUnit(c, "month"); },
     .doc = "Midnight of the first day of the datetime's month",
     .example = "startofmonth(datetime(2024-05-17))"},
    {.name = "startofyear",
     .signature = "date: datetime, [offset: long]",
     .result = Returns(Type::kDateTime),
     .lower = [](CallLowering& c) { return StartOfCalendarUnit(c, "year"); },
     .doc = "Midnight of January 1st of the datetime's year",
     .example = "startofyear(datetime(2024-05-17))"},
    {.name = "endofweek",
     .signature = "date: datetime, [offset: long]",
     .result = Returns(Type::kDateTime),
     .doc = "The last tick of the datetime's week",
     .example = "endofweek(datetime(2024-05-01))"},
    {.name = "endofmonth",
     .signature = "date: datetime, [offset: long]",
     .result = Returns(Type::kDateTime),
     .doc = "The last tick of the datetime's month",
     .example = "endofmonth(datetime(2024-05-01))"},
    {.name = "endofyear",
     .signature = "date: datetime, [offset: long]",
     .result = Returns(Type::kDateTime),
     .doc = "The last tick of the datetime's year",
     .example = "endofyear(datetime(2024-05-01))"},
    {.name = "hourofday",
     .signature = "date: datetime",
     .result = Returns(Type::kInt),
     .lower =
         [](CallLowering& c) {
           return c.Result("((" + c.Sql(0) + " / 36000000000) % 24 + 24) % 24");
         },
     .doc = "The hour of the day, 0 to 23",
     .example = "hourofday(datetime(2024-05-01 10:30))"},
    {.name = "totimespan",
     .signature = "value: any",
     .result = Returns(Type::kTimespan),
     .lower = [](CallLowering& c) { return ConvertUnless(c, Type::kTimespan); },
     .udf = "totimespan",
     .doc = "A timespan from text (1.02:03:04, 00:10:00) or ticks; null when it is not one",
     .example = R"(totimespan("00:10:00"))"},
    {.name = "format_datetime",
     .signature = "date: datetime, format: string",
     .result = Returns(Type::kString),
     .lower =
         [](CallLowering& c) {
           return c.Result("coalesce(" + c.Udf({c.Sql(0), c.Sql(1)}) + ", '')");
         },
     .udf = "format_datetime",
     .doc = "The datetime as text in Kusto's format (yyyy MM dd HH hh mm ss f… F… tt)",
     .example = "format_datetime(datetime(2024-05-01 10:30), 'yyyy-MM-dd HH:mm')"},
    {.name = "format_timespan",
     .signature = "span: timespan, format: string",
     .result = Returns(Type::kString),
     .doc = "The timespan as text in Kusto's format (d.hh:mm:ss, …)",
     .example = "format_timespan(90m, 'hh:mm')"},
    {.name = "bin",
     .signature = "value: any, size: any",
     .result = SameAsArgument(0),
     .lower = Bin,
     .doc = "The value rounded down to a multiple of `size` (time buckets: bin(t, 1h))",
     .example = "bin(datetime(2024-05-01 10:30), 1h)"},
    {.name = "floor", .alias_of = "bin"},
    {.name = "bin_at",
     .signature = "value: any, size: any, fixed_point: any",
     .result = SameAsArgument(0),
     .doc = "bin() with buckets aligned on `fixed_point` instead of zero",
     .example = "bin_at(datetime(2024-05-01 10:30), 1h, datetime(2024-05-01 00:15))"},
    {.name = "make_datetime",
     .signature = "year: int, month: int, day: int, [hour: int], [minute: int], [second: real]",
     .result = Returns(Type::kDateTime),
     .doc = "The datetime of the given date and time of day",
     .example = "make_datetime(2024, 5, 1, 10, 30)"},
    {.name = "make_timespan",
     .signature = "hours_or_days: int, hours_or_minutes: int, [minutes_or_seconds: real], "
                  "[seconds: real]",
     .result = Returns(Type::kTimespan),
     .doc = "A timespan from hours and minutes (and seconds), or days to seconds",
     .example = "make_timespan(1, 30)"},
    {.name = "unixtime_seconds_todatetime",
     .signature = "seconds: real",
     .result = Returns(Type::kDateTime),
     .doc = "The datetime of a Unix time in seconds",
     .example = "unixtime_seconds_todatetime(1714557600)"},
    {.name = "unixtime_milliseconds_todatetime",
     .signature = "milliseconds: real",
     .result = Returns(Type::kDateTime),
     .doc = "The datetime of a Unix time in milliseconds",
     .example = "unixtime_milliseconds_todatetime(1714557600000)"},
    {.name = "datetime_utc_to_local",
     .signature = "date: datetime, timezone: string",
     .result = Returns(Type::kDateTime),
     .doc = "A UTC datetime as local time in the IANA time zone",
     .example = "datetime_utc_to_local(datetime(2024-05-01 10:00), 'Europe/Paris')"},
    {.name = "datetime_local_to_utc",
     .signature = "date: datetime, timezone: string",
     .result = Returns(Type::kDateTime),
     .doc = "A local time in the IANA time zone as a UTC datetime",
     .example = "datetime_local_to_utc(datetime(2024-05-01 12:00), 'Europe/Paris')"},
    {.name = "ingestion_time",
     .result = Returns(Type::kDateTime),
     .doc = "When the row was ingested (a hidden column in Kusto)",
     .example = "ingestion_time()"},
    {.name = "datetime_part",
     .signature = "part: string, date: datetime",
     .result = Returns(Type::kInt),
     .doc = "One part of the datetime (Year, Month, Day, Hour, …) as a number",
     .example = "datetime_part('month', datetime(2024-05-01))"},
    {.name = "dayofmonth",
     .signature = "date: datetime",
     .result = Returns(Type::kInt),
     .doc = "The day of the month, 1 to 31",
     .example = "dayofmonth(datetime(2024-05-17))"},
    {.name = "dayofyear",
     .signature = "date: datetime",
     .result = Returns(Type::kInt),
     .doc = "The day of the year, 1 to 366",
     .example = "dayofyear(datetime(2024-05-17))"},
    {.name = "getmonth", .alias_of = "monthofyear"},
    {.name = "monthofyear",
     .signature = "date: datetime",
     .result = Returns(Type::kInt),
     .doc = "The month, 1 to 12",
     .example = "monthofyear(datetime(2024-05-17))"},
    {.name = "getyear",
     .signature = "date: datetime",
     .result = Returns(Type::kInt),
     .doc = "The year",
     .example = "getyear(datetime(2024-05-17))"},
    {.name = "weekofyear",
     .signature = "date: datetime",
     .result = Returns(Type::kInt),
     .doc = "The ISO 8601 week number",
     .example = "weekofyear(datetime(2024-05-17))"},
};

}  // namespace

std::span<const FunctionSpec> TimeFunctions() {
  return kFunctions;
}

}  // namespace quarry::kql
