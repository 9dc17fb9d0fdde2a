// Stated times against the cited events: an instant at the precision written, a range, a bound;
// a date without its year in the cited events' year; a time a named field holds.
#include <algorithm>
#include <string>
#include <vector>

#include "core/strings.h"
#include "core/time.h"
#include "ir/claim_check.h"
#include "ir/claim_presence.h"

namespace quarry::ir {
namespace {

constexpr int64_t kMinute = 60 * Timestamp::kTicksPerSecond;
constexpr int64_t kDay = 1440 * kMinute;

std::string TimeText(Timestamp t) {
  return FormatIsoTime(t);
}

// Whether a sentence names a field whose time it may state: a date by the stem of the name
// ("created" for CreationUtcTime), a time of day by the whole name ("its UtcTime field reads"),
// since the clock a field was written by may be off (Sysmon's UtcTime on OTRF data) and writers
// take "the file was created at" to mean the event's own time.
bool EchoesField(const std::string& sentence, const std::string& field, bool date_only) {
  std::string name = AsciiToLower(field);
  std::string echo = date_only ? name.substr(0, 5) : name;
  if (echo.size() >= 5 && sentence.find(echo) != std::string::npos) return true;
  // "the creation time … to 22:43:38.892" for CreationUtcTime: the name without its "utc".
  size_t utc = name.find("utc");
  if (!date_only && utc != std::string::npos && name.size() >= 11) {
    std::string plain = name.substr(0, utc) + name.substr(utc + 3), joined;
    for (char c : sentence) {
      if (c != ' ') joined += c;
    }
    if (joined.find(plain) != std::string::npos) return true;
  }
  // A long name written as words: "the session creation date" for SessionCreationDate (not
  // "UTC time" for UtcTime, which any sentence may say).
  if (date_only || name.size() < 12) return false;
  std::string joined;
  for (char c : sentence) {
    if (c != ' ') joined += c;
  }
  return joined.find(name) != std::string::npos;
}

// A date written without its year ("2 August") in the year of the first cited event.
TimeTerm InCitedYear(TimeTerm t, const std::vector<const TimelineEntry*>& cited) {
  if (!t.year_unknown || cited.empty()) return t;
  int64_t first = cited.front()->time.ticks;
  for (const TimelineEntry* e : cited) first = std::min(first, e->time.ticks);
  int64_t year = 0, read_year = 0;
  unsigned month = 0, day = 0;
  CivilFromDays(first / kDay, year, month, day);  // instants after 1970
  CivilFromDays(t.start / kDay, read_year, month, day);
  if (month == 2 && day == 29 && DaysFromCivil(year, 3, 1) - DaysFromCivil(year, 2, 28) == 1)
    return t;
  int64_t shift = (DaysFromCivil(year, month, day) - DaysFromCivil(read_year, month, day)) * kDay;
  t.start += shift;
  t.end += shift;
  return t;
}

}  // namespace

TimeWindow::TimeWindow(const TimeTerm& term)
    : t(term),
      tolerance(term.approximate ? std::max<int64_t>(5 * kMinute, term.precision) : 0),
      // A writer may round to the precision written rather than cut.
      round(term.relation == TimeTerm::Relation::kAt
                ? std::min<int64_t>(term.precision / 2, kMinute / 2)
                : 0) {}

int64_t TimeWindow::Instant(const TimelineEntry* e) const {
  return t.has_date ? e->time.ticks : ((e->time.ticks % kDay) + kDay) % kDay;
}

bool TimeWindow::Inside(int64_t v, int64_t from, int64_t to) const {
  if (t.has_date) return v >= from && v < to;
  for (int64_t shift : {-kDay, int64_t{0}, kDay}) {
    if (v + shift >= from && v + shift < to) return true;
  }
  return false;
}

bool TimeWindow::At(const TimelineEntry* e) const {
  return Inside(Instant(e), t.start - tolerance - round, t.end + tolerance);
}

// "two bursts, one from A to B and one from C to D": with several ranges, each spans a part.
ClaimCheck CheckTime(const TimeTerm& stated, const std::vector<const TimelineEntry*>& cited,
                     std::span<const Indexed> indexed, const std::string& sentence, bool several) {
  ClaimCheck check{"time " + stated.text, false, ""};
  TimeTerm t = InCitedYear(stated, cited);
  TimeWindow window(t);
  int64_t tolerance = window.tolerance, round = window.round;
  auto instant = [&](const TimelineEntry* e) { return window.Instant(e); };
  auto inside = [&](int64_t v, int64_t from, int64_t to) { return window.Inside(v, from, to); };
  bool ok = false;
  switch (t.relation) {
    case TimeTerm::Relation::kAt: {
      auto at = [&](const TimelineEntry* e) { return window.At(e); };
      // "all five … at 07:20:05" holds for every cited event, else for one of them.
      ok = t.every ? std::all_of(cited.begin(), cited.end(), at)
                   : std::any_of(cited.begin(), cited.end(), at);
      break;
    }
    case TimeTerm::Relation::kRange: {
      auto near = [&](int64_t from, int64_t to) {
        return std::any_of(cited.begin(), cited.end(), [&](const TimelineEntry* e) {
          return inside(instant(e), from - tolerance - round, to + tolerance);
        });
      };
      int64_t end_precision = t.end_precision > 0 ? t.end_precision : t.precision;
      if (several) {
        // A part: cited events at its first and at its last instant.
        ok = near(t.start, t.start + t.precision) && near(t.end - end_precision, t.end);
        break;
      }
      ok = std::all_of(cited.begin(), cited.end(), [&](const TimelineEntry* e) {
        return inside(instant(e), t.start - tolerance - round, t.end + tolerance);
      });
      // "spans 13:29:57 to 14:52:02 UTC": an end stated to the second is when a cited event is;
      // "falls between 10:56:14 and 10:56:15" states bounds only.
      size_t stated_at = sentence.find(AsciiToLower(stated.text));
      bool bounds =
          stated_at != std::string::npos &&
          sentence.substr(stated_at - std::min<size_t>(stated_at, 12), 12).find("between") !=
              std::string::npos;
      constexpr int64_t kSecondTicks = Timestamp::kTicksPerSecond;
      if (ok && !bounds && t.precision <= kSecondTicks) ok = near(t.start, t.start + t.precision);
      if (ok && !bounds && end_precision <= kSecondTicks) ok = near(t.end - end_precision, t.end);
      break;
    }
    case TimeTerm::Relation::kAfter:
      ok = std::all_of(cited.begin(), cited.end(), [&](const TimelineEntry* e) {
        return inside(instant(e), t.start - tolerance - round,
                      t.start + kDay * (t.has_date ? 36500 : 1) / 2);
      });
      break;
    case TimeTerm::Relation::kBefore:
      ok = std::all_of(cited.begin(), cited.end(), [&](const TimelineEntry* e) {
        return inside(instant(e), t.end - kDay * (t.has_date ? 36500 : 1) / 2, t.end + tolerance);
      });
      break;
  }
  // "a file first created on 8 October 2020", "its CreationUtcTime of 2020-10-08 06:34:24.476":
  // a time a cited event holds in a field whose name the sentence echoes, to the precision
  // written.
  // Without a date ("its UtcTime field reads 07:52:04.342") the time of day is compared.
  if (!ok && t.relation == TimeTerm::Relation::kAt && (t.has_date || t.precision < kDay)) {
    std::string iso = FormatIsoTime(Timestamp{t.start});  // 2020-10-08T06:34:24.476Z
    // A whole second is written without its fraction; "21:57:15.000" states one.
    if (!iso.empty() && iso.back() == 'Z') iso.pop_back();
    if (iso.size() == 19) iso += '.';
    if (iso.size() < 29) iso.append(29 - iso.size(), '0');
    size_t digits = t.precision >= kDay                         ? 10
                    : t.precision >= kMinute                    ? 16
                    : t.precision >= Timestamp::kTicksPerSecond ? 19
                                                                : 23;
    size_t from = t.has_date ? 0 : 11;
    std::string want = iso.substr(from, std::min(digits, iso.size()) - from);
    ok = std::any_of(cited.begin(), cited.end(), [&](const TimelineEntry* e) {
      return std::any_of(e->fields.begin(), e->fields.end(), [&](const auto& field) {
        if (!EchoesField(sentence, field.first, t.precision >= kDay) ||
            (field.second.type() != ValueType::kString &&
             field.second.type() != ValueType::kDateTime))
          return false;
        std::string value = field.second.ToText();
        if (value.size() > 10 && value[10] == ' ') value[10] = 'T';
        return value.size() > from && value.compare(from, want.size(), want) == 0;
      });
    });
    // A member of a JSON field ("`lastModified` 2024-07-30T21:57:15.000+0000" in a response).
    std::string lower_want = AsciiToLower(want);
    for (size_t n = 0; !ok && n < indexed.size(); ++n) {
      const Indexed& ix = indexed[n];
      ok = std::any_of(ix.fields.begin(), ix.fields.end(), [&](const Field& f) {
        size_t dot = f.name.rfind('.');
        if (dot == std::string::npos ||
            !EchoesField(sentence, f.name.substr(dot + 1), t.precision >= kDay))
          return false;
        std::string value = f.text;
        if (value.size() > 10 && value[10] == ' ') value[10] = 't';
        return value.size() > from && value.compare(from, lower_want.size(), lower_want) == 0;
      });
    }
  }
  check.ok = ok;
  if (!ok && !cited.empty()) {
    Timestamp first = cited.front()->time, last = cited.front()->time;
    for (const TimelineEntry* e : cited) {
      first = std::min(first, e->time);
      last = std::max(last, e->time);
    }
    check.detail = "the cited events are at " + TimeText(first) +
                   (last == first ? "" : " to " + TimeText(last));
  }
  return check;
}

}  // namespace quarry::ir
