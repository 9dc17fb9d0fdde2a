// Instants in a case are UTC with Kusto's precision: 100 ns ticks since the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quarry {

struct Timestamp {
  int64_t ticks = 0;  // 100 ns units since 1970-01-01T00:00:00Z

  static constexpr int64_t kTicksPerSecond = 10'000'000;
  static constexpr int64_t kTicksPerMilli = 10'000;
  static constexpr int64_t kTicksPerMicro = 10;

  friend bool operator==(Timestamp a, Timestamp b) = default;
  friend auto operator<=>(Timestamp a, Timestamp b) = default;  // NOLINT(modernize-use-nullptr)
};

// Days since 1970-01-01 for a proleptic Gregorian date (no validation).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
// The proleptic Gregorian date of a day count since 1970-01-01 (the inverse of DaysFromCivil).
void CivilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day);
// Ticks in one of Kusto's fixed-length periods ("week", "days", "millisecond", …); 0 for the
// calendar ones (month, quarter, year) and unknown names.
int64_t TicksPerFixedUnit(std::string_view unit);

std::optional<Timestamp> FromCivil(int year, int month, int day, int hour, int minute, int second,
                                   int64_t sub_second_ticks = 0);

// ISO 8601 and the common log variants: `2024-01-31`, `2024-01-31 10:00:00`, a `T` or space
// separator, 1-9 fraction digits (kept to 100 ns), `Z`, `+hh:mm`, `+hhmm` or no zone (UTC).
std::optional<Timestamp> ParseIsoTime(std::string_view text);

// Windows FILETIME: 100 ns intervals since 1601-01-01.
Timestamp FromFileTime(uint64_t filetime);
Timestamp FromEpochSeconds(double seconds);
Timestamp FromEpochMillis(int64_t millis);
// Decimal epoch seconds as text ("1604994496.155"), exact to 100 ns (no floating point).
std::optional<Timestamp> ParseEpochSecondsText(std::string_view text);

// Guesses the unit of a bare number by its magnitude (seconds, milliseconds, microseconds,
// FILETIME, nanoseconds) for dates between 1980 and 2200; nullopt when nothing fits.
std::optional<Timestamp> FromEpochAuto(double number);

// The system clock now (for records of when something was done, never for evidence).
Timestamp WallClockNow();

// `2026-03-14T09:12:03Z`, with as many fraction digits as the value needs (3, 6 or 7).
std::string FormatIsoTime(Timestamp t);
// The UTC time of day to the second, "09:12:03".
std::string FormatTimeOfDay(Timestamp t);
// Always six fraction digits (truncated), as evtx_dump writes times: "…T10:00:00.123456Z".
void AppendIsoTimeMicros(std::string& out, Timestamp t);

}  // namespace quarry
