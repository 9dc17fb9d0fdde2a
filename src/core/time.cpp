#include "core/time.h"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace quarry {
namespace {

constexpr int64_t kTicksPerDay = Timestamp::kTicksPerSecond * 86400;
// FILETIME of the Unix epoch.
constexpr uint64_t kFileTimeUnixEpoch = 116444736000000000ULL;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// Reads exactly `n` digits at `pos`.
bool ReadDigits(std::string_view s, size_t& pos, int n, int& out) {
  if (pos + static_cast<size_t>(n) > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[pos + static_cast<size_t>(i)];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  pos += static_cast<size_t>(n);
  out = v;
  return true;
}

}  // namespace

void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += (m <= 2);
}

int64_t TicksPerFixedUnit(std::string_view unit) {
  constexpr int64_t kDay = 864'000'000'000;
  if (unit == "week" || unit == "weeks") return 7 * kDay;
  if (unit == "day" || unit == "days") return kDay;
  if (unit == "hour" || unit == "hours") return kDay / 24;
  if (unit == "minute" || unit == "minutes") return 600'000'000;
  if (unit == "second" || unit == "seconds") return Timestamp::kTicksPerSecond;
  if (unit == "millisecond" || unit == "milliseconds") return Timestamp::kTicksPerMilli;
  if (unit == "microsecond" || unit == "microseconds") return Timestamp::kTicksPerMicro;
  if (unit == "nanosecond" || unit == "nanoseconds") return 1;
  return 0;
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<Timestamp> FromCivil(int year, int month, int day, int hour, int minute, int second,
                                   int64_t sub_second_ticks) {
  static constexpr int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDaysInMonth[month - 1]) return std::nullopt;
  if (hour > 24 || minute > 59 || second > 60) return std::nullopt;
  if (hour < 0 || minute < 0 || second < 0) return std::nullopt;
  if (year < 1 || year > 9999) return std::nullopt;
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  int64_t secs = static_cast<int64_t>(hour) * 3600 + int64_t{minute} * 60 + second;
  return Timestamp{days * kTicksPerDay + secs * Timestamp::kTicksPerSecond + sub_second_ticks};
}

std::optional<Timestamp> ParseIsoTime(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(s, pos, 4, year)) return std::nullopt;
  if (pos >= s.size() || s[pos] != '-') return std::nullopt;
  ++pos;
  if (!ReadDigits(s, pos, 2, month)) return std::nullopt;
  if (pos >= s.size() || s[pos] != '-') return std::nullopt;
  ++pos;
  if (!ReadDigits(s, pos, 2, day)) return std::nullopt;
  int64_t fraction = 0;
  int64_t offset_seconds = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
    ++pos;
    if (!ReadDigits(s, pos, 2, hour)) return std::nullopt;
    if (pos >= s.size() || s[pos] != ':') return std::nullopt;
    ++pos;
    if (!ReadDigits(s, pos, 2, minute)) return std::nullopt;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!ReadDigits(s, pos, 2, second)) return std::nullopt;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        int digits = 0;
        while (pos < s.size() && IsDigit(s[pos])) {
          if (digits < 7) fraction = fraction * 10 + (s[pos] - '0');
          ++digits;
          ++pos;
        }
        if (digits == 0) return std::nullopt;
        for (int i = digits; i < 7; ++i) fraction *= 10;
      }
    }
    if (pos < s.size() && s[pos] == ' ') ++pos;  // "10:00:00 +02:00", "10:00:00 Z"
    if (pos < s.size()) {
      char z = s[pos];
      if (z == 'Z' || z == 'z') {
        ++pos;
      } else if (z == '+' || z == '-') {
        ++pos;
        int oh = 0, om = 0;
        if (!ReadDigits(s, pos, 2, oh)) return std::nullopt;
        if (pos < s.size() && s[pos] == ':') ++pos;
        if (pos < s.size() && !ReadDigits(s, pos, 2, om)) return std::nullopt;
        if (oh > 23 || om > 59) return std::nullopt;
        offset_seconds = (z == '+' ? 1 : -1) * (int64_t{oh} * 3600 + int64_t{om} * 60);
      } else if (s.substr(pos) == "UTC") {
        pos += 3;
      }
    }
    if (pos != s.size()) return std::nullopt;
  }
  auto t = FromCivil(year, month, day, hour, minute, second, fraction);
  if (!t) return std::nullopt;
  t->ticks -= offset_seconds * Timestamp::kTicksPerSecond;
  return t;
}

Timestamp FromFileTime(uint64_t filetime) {
  // Unsigned subtraction wraps instead of overflowing for garbage stamps (damaged or carved
  // records); the two's-complement result is the same for every valid one.
  return Timestamp{static_cast<int64_t>(filetime - kFileTimeUnixEpoch)};
}

Timestamp FromEpochSeconds(double seconds) {
  return Timestamp{static_cast<int64_t>(std::llround(seconds * Timestamp::kTicksPerSecond))};
}

Timestamp FromEpochMillis(int64_t millis) {
  return Timestamp{millis * Timestamp::kTicksPerMilli};
}

std::optional<Timestamp> ParseEpochSecondsText(std::string_view text) {
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  if (whole.empty() || whole.size() > 11) return std::nullopt;
  int64_t seconds = 0;
  for (char c : whole) {
    if (!IsDigit(c)) return std::nullopt;
    seconds = seconds * 10 + (c - '0');
  }
  int64_t fraction = 0;
  if (dot != std::string_view::npos) {
    std::string_view digits = text.substr(dot + 1);
    if (digits.empty()) return std::nullopt;
    for (size_t i = 0; i < digits.size(); ++i) {
      if (!IsDigit(digits[i])) return std::nullopt;
      if (i < 7) fraction = fraction * 10 + (digits[i] - '0');
    }
    for (size_t i = digits.size(); i < 7; ++i) fraction *= 10;
  }
  return Timestamp{seconds * Timestamp::kTicksPerSecond + fraction};
}

std::optional<Timestamp> FromEpochAuto(double n) {
  if (!std::isfinite(n) || n <= 0) return std::nullopt;
  // Plausible evidence years 1980..2200 in each unit.
  constexpr double kLoS = 315532800.0, kHiS = 7258118400.0;
  if (n >= kLoS && n < kHiS) return FromEpochSeconds(n);
  if (n >= kLoS * 1e3 && n < kHiS * 1e3) return FromEpochSeconds(n / 1e3);
  if (n >= kLoS * 1e6 && n < kHiS * 1e6) return FromEpochSeconds(n / 1e6);
  double filetime_lo = static_cast<double>(kFileTimeUnixEpoch) + kLoS * 1e7;
  double filetime_hi = static_cast<double>(kFileTimeUnixEpoch) + kHiS * 1e7;
  if (n >= filetime_lo && n < filetime_hi) return FromFileTime(static_cast<uint64_t>(n));
  if (n >= kLoS * 1e9 && n < kHiS * 1e9) {
    return Timestamp{static_cast<int64_t>(n / 100.0)};
  }
  return std::nullopt;
}

namespace {

void AppendDigits(std::string& out, uint64_t v, int width) {
  char buf[20];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0 && n < 20);
  for (int i = n; i < width; ++i) out += '0';
  while (n > 0) out += buf[--n];
}

// "YYYY-MM-DDTHH:MM:SS" of a time; the ticks into its second go to `frac`.
void AppendIsoSeconds(std::string& out, Timestamp t, int64_t& frac) {
  int64_t days =
      t.ticks >= 0 ? t.ticks / kTicksPerDay : -((-t.ticks + kTicksPerDay - 1) / kTicksPerDay);
  int64_t rem = t.ticks - days * kTicksPerDay;
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(days, y, m, d);
  int64_t secs = rem / Timestamp::kTicksPerSecond;
  frac = rem % Timestamp::kTicksPerSecond;
  // Written by hand: this runs for every EVTX record, and snprintf cost more than decoding.
  if (y < 0) {
    out += '-';
    y = -y;
  }
  AppendDigits(out, static_cast<uint64_t>(y), 4);
  out += '-';
  AppendDigits(out, m, 2);
  out += '-';
  AppendDigits(out, d, 2);
  out += 'T';
  AppendDigits(out, static_cast<uint64_t>(secs / 3600), 2);
  out += ':';
  AppendDigits(out, static_cast<uint64_t>(secs / 60 % 60), 2);
  out += ':';
  AppendDigits(out, static_cast<uint64_t>(secs % 60), 2);
}

}  // namespace

std::string FormatIsoTime(Timestamp t) {
  std::string out;
  int64_t frac = 0;
  AppendIsoSeconds(out, t, frac);
  if (frac != 0) {
    out += '.';
    if (frac % Timestamp::kTicksPerMilli == 0) {
      AppendDigits(out, static_cast<uint64_t>(frac / Timestamp::kTicksPerMilli), 3);
    } else if (frac % Timestamp::kTicksPerMicro == 0) {
      AppendDigits(out, static_cast<uint64_t>(frac / Timestamp::kTicksPerMicro), 6);
    } else {
      AppendDigits(out, static_cast<uint64_t>(frac), 7);
    }
  }
  out += 'Z';
  return out;
}

std::string FormatTimeOfDay(Timestamp t) {
  constexpr int64_t kSecondsPerDay = 86400;
  int64_t seconds = t.ticks / Timestamp::kTicksPerSecond;
  if (t.ticks % Timestamp::kTicksPerSecond < 0) --seconds;  // floor, for instants before 1970
  int64_t of_day = ((seconds % kSecondsPerDay) + kSecondsPerDay) % kSecondsPerDay;
  std::string out;
  AppendDigits(out, static_cast<uint64_t>(of_day / 3600), 2);
  out += ':';
  AppendDigits(out, static_cast<uint64_t>(of_day / 60 % 60), 2);
  out += ':';
  AppendDigits(out, static_cast<uint64_t>(of_day % 60), 2);
  return out;
}

void AppendIsoTimeMicros(std::string& out, Timestamp t) {
  int64_t frac = 0;
  AppendIsoSeconds(out, t, frac);
  out += '.';
  AppendDigits(out, static_cast<uint64_t>(frac / Timestamp::kTicksPerMicro), 6);
  out += 'Z';
}

Timestamp WallClockNow() {
  auto since = std::chrono::system_clock::now().time_since_epoch();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(since).count();
  return Timestamp{micros * Timestamp::kTicksPerMicro};
}

}  // namespace quarry
