// Times stated in a sentence: ISO instants, dates in words, times of day with their zone,
// ranges ("between 09:40 and 09:50 UTC") and bounds ("after 10:00 UTC").
#include <algorithm>
#include <optional>
#include <set>

#include "core/strings.h"
#include "core/time.h"
#include "ir/claim_scan.h"

namespace quarry::ir {
namespace {

constexpr int64_t kSecond = Timestamp::kTicksPerSecond;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kDay = 86400 * kSecond;

bool IsAlnum(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

struct Item {
  size_t begin = 0, end = 0;
  std::optional<int64_t> day;  // days since 1970-01-01
  std::optional<int64_t> tod;  // ticks into the day, as written
  int64_t precision = kDay;
  std::optional<int> offset_minutes;  // the stated zone
  bool year_unknown = false;
  int date_offset_minutes = 0;  // a date stated in the zone of the sentence's times
};

// The year a date without one ("2 August") is read in: a leap year, so 29 February is a day.
constexpr int kYearRead = 2000;

// Reads `count` digits at `i`.
std::optional<int> Digits(std::string_view s, size_t i, size_t count) {
  if (i + count > s.size()) return std::nullopt;
  int v = 0;
  for (size_t k = 0; k < count; ++k) {
    if (!IsDigit(s[i + k])) return std::nullopt;
    v = v * 10 + (s[i + k] - '0');
  }
  return v;
}

std::optional<int64_t> Day(int year, int month, int day) {
  if (year < 1970 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31)
    return std::nullopt;
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

// A zone right after a time: "Z", " UTC", " GMT", "+02:00", " UTC+2", "(UTC)".
size_t ReadZone(std::string_view s, size_t i, std::optional<int>& offset) {
  size_t j = i;
  if (j < s.size() && (s[j] == 'z') && (j + 1 == s.size() || !IsAlnum(s[j + 1]))) {
    offset = 0;
    return j + 1;
  }
  while (j < s.size() && (s[j] == ' ' || s[j] == '(')) ++j;
  struct Named {
    const char* name;
    int minutes;
  };
  static const Named kZones[] = {{"cest", 120}, {"cet", 60},   {"bst", 60},   {"eest", 180},
                                 {"eet", 120},  {"msk", 180},  {"est", -300}, {"edt", -240},
                                 {"cst", -360}, {"cdt", -300}, {"mst", -420}, {"mdt", -360},
                                 {"pst", -480}, {"pdt", -420}, {"jst", 540},  {"kst", 540},
                                 {"aest", 600}, {"aedt", 660}, {"sgt", 480},  {"hkt", 480}};
  for (const Named& z : kZones) {
    size_t len = std::string_view(z.name).size();
    if (s.compare(j, len, z.name) == 0 && (j + len == s.size() || !IsAlnum(s[j + len]))) {
      offset = z.minutes;
      j += len;
      if (j < s.size() && s[j] == ')') ++j;
      return j;
    }
  }
  if (s.compare(j, 3, "utc") == 0 || s.compare(j, 3, "gmt") == 0) {
    if (j + 3 < s.size() && IsAlnum(s[j + 3])) return i;
    offset = 0;
    j += 3;
    if (j < s.size() && s[j] == ')') ++j;
  } else if (j < s.size() && (s[j] == '+' || s[j] == '-') && j + 3 < s.size() &&
             IsDigit(s[j + 1]) && IsDigit(s[j + 2]) && (j == i || s[j + 3] == ':')) {
    // a numeric offset: "+02:00" after the time, with or without a space
  } else {
    return i;
  }
  if (j < s.size() && (s[j] == '+' || s[j] == '-')) {
    int sign = s[j] == '-' ? -1 : 1;
    auto h2 = Digits(s, j + 1, 2);
    auto h1 = Digits(s, j + 1, 1);
    if (h2) {
      size_t k = j + 3;
      int minutes = 0;
      if (k < s.size() && s[k] == ':') ++k;
      if (auto m = Digits(s, k, 2)) {
        minutes = *m;
        k += 2;
      }
      offset = sign * (*h2 * 60 + minutes);
      return k;
    }
    if (h1 && offset) {
      offset = sign * *h1 * 60;
      return j + 2;
    }
  }
  return offset ? j : i;
}

// "09:45", "9:45:10.123", "09:45 pm", with a zone; at `i`.
std::optional<Item> ReadTime(std::string_view s, size_t i) {
  size_t hd = IsDigit(s[i]) && i + 1 < s.size() && IsDigit(s[i + 1]) ? 2 : 1;
  auto hour = Digits(s, i, hd);
  if (!hour || i + hd >= s.size() || s[i + hd] != ':') return std::nullopt;
  auto minute = Digits(s, i + hd + 1, 2);
  if (!minute || *hour > 23 || *minute > 59) return std::nullopt;
  size_t j = i + hd + 3;
  int64_t tod = *hour * 3600LL * kSecond + *minute * kMinute;
  int64_t precision = kMinute;
  if (j + 2 < s.size() + 0 && s[j] == ':' && Digits(s, j + 1, 2)) {
    int sec = *Digits(s, j + 1, 2);
    if (sec > 60) return std::nullopt;
    tod += sec * kSecond;
    precision = kSecond;
    j += 3;
    if (j + 1 < s.size() && s[j] == '.' && IsDigit(s[j + 1])) {
      ++j;
      int64_t frac = 0, scale = kSecond;
      while (j < s.size() && IsDigit(s[j])) {
        if (scale > 1) {
          scale /= 10;
          frac += (s[j] - '0') * scale;
        }
        ++j;
      }
      tod += frac;
      precision = std::max<int64_t>(scale, 1);
    }
  }
  if (j < s.size() && IsAlnum(s[j]) && s[j] != 'z') {
    if (s[j] != 'a' && s[j] != 'p') return std::nullopt;
  }
  size_t k = j;
  while (k < s.size() && s[k] == ' ') ++k;
  bool pm = s.compare(k, 2, "pm") == 0 || s.compare(k, 4, "p.m.") == 0;
  bool am = s.compare(k, 2, "am") == 0 || s.compare(k, 4, "a.m.") == 0;
  if ((pm || am) && *hour <= 12) {
    size_t len = s.compare(k + 1, 1, ".") == 0 ? 4 : 2;
    if (k + len == s.size() || !IsAlnum(s[k + len])) {
      if (pm && *hour < 12) tod += 12 * 3600LL * kSecond;
      if (am && *hour == 12) tod -= 12 * 3600LL * kSecond;
      j = k + len;
    }
  }
  Item item;
  item.begin = i;
  item.tod = tod;
  item.precision = precision;
  item.end = ReadZone(s, j, item.offset_minutes);
  return item;
}

// "2026-03-14", with a time after 'T' or a space; "14 March 2026"; "March 14, 2026".
std::optional<Item> ReadDate(std::string_view s, size_t i) {
  auto year = Digits(s, i, 4);
  if (year && i + 10 <= s.size() && s[i + 4] == '-' && s[i + 7] == '-') {
    auto month = Digits(s, i + 5, 2);
    auto day = Digits(s, i + 8, 2);
    if (!month || !day) return std::nullopt;
    auto d = Day(*year, *month, *day);
    if (!d) return std::nullopt;
    Item item;
    item.begin = i;
    item.end = i + 10;
    item.day = d;
    if (i + 11 < s.size() && (s[i + 10] == 't' || s[i + 10] == ' ') && IsDigit(s[i + 11])) {
      if (auto t = ReadTime(s, i + 11)) {
        item.tod = t->tod;
        item.precision = t->precision;
        item.offset_minutes = t->offset_minutes;
        item.end = t->end;
      }
    }
    return item;
  }
  // Words: day month [year] or month day[,] [year].
  size_t j = i;
  auto word_at = [&](size_t k, size_t& after) {
    size_t e = k;
    while (e < s.size() && s[e] >= 'a' && s[e] <= 'z') ++e;
    after = e;
    return s.substr(k, e - k);
  };
  auto number_at = [&](size_t k, size_t& after) -> std::optional<int> {
    size_t e = k;
    while (e < s.size() && IsDigit(s[e]) && e - k < 4) ++e;
    if (e == k || (e < s.size() && IsDigit(s[e]))) return std::nullopt;
    int v = std::stoi(std::string(s.substr(k, e - k)));
    for (const char* suffix : {"st", "nd", "rd", "th"}) {
      if (s.compare(e, 2, suffix) == 0) e += 2;
    }
    after = e;
    return v;
  };
  int day = 0, month = 0, yr = 0;
  size_t after = 0;
  if (IsDigit(s[j])) {
    auto n = number_at(j, after);
    if (!n || *n > 31 || after >= s.size() || s[after] != ' ') return std::nullopt;
    day = *n;
    month = MonthNumber(word_at(after + 1, after));
    if (month == 0) return std::nullopt;
  } else {
    month = MonthNumber(word_at(j, after));
    if (month == 0 || after >= s.size() || s[after] != ' ') return std::nullopt;
    auto n = number_at(after + 1, after);
    if (!n || *n > 31) return std::nullopt;
    day = *n;
  }
  size_t k = after;
  if (k < s.size() && s[k] == ',') ++k;
  if (k + 1 < s.size() && s[k] == ' ') {
    size_t a2 = 0;
    if (auto y = number_at(k + 1, a2); y && *y >= 1970) {
      yr = *y;
      after = a2;
    }
  }
  bool year_unknown = yr == 0;
  auto d = Day(year_unknown ? kYearRead : yr, month, day);
  if (!d) return std::nullopt;
  Item item;
  item.begin = i;
  item.end = after;
  item.day = d;
  item.year_unknown = year_unknown;
  return item;
}

// Whether the sentence's one date is the date of `time`: it comes before it ("On 18 October,
// … at 02:17") or right after it ("at 02:17 UTC on 18 October 2020"), not in a later clause
// ("at 09:40 UTC …, a file first created on 8 October 2020").
bool LendsDay(const std::vector<Item>& items, const Item& time, std::string_view s) {
  return std::any_of(items.begin(), items.end(), [&](const Item& date) {
    if (!date.day || date.tod) return false;
    if (date.begin < time.begin) return true;
    // Between them, only other times and the words that join them ("09:40 and 09:50 UTC on").
    std::string gap;
    for (size_t i = time.end; i < date.begin; ++i) {
      bool in_time = std::any_of(items.begin(), items.end(), [&](const Item& other) {
        return other.tod && i >= other.begin && i < other.end;
      });
      gap += in_time ? ' ' : s[i];
    }
    static const std::set<std::string_view> kJoining = {
        "on", "and", "to", "until", "till", "through", "of", "-", ",", "\xe2\x80\x93", "from"};
    for (size_t i = 0; i < gap.size();) {
      while (i < gap.size() && gap[i] == ' ') ++i;
      size_t end = i;
      while (end < gap.size() && gap[end] != ' ' && gap[end] != ',') ++end;
      if (end == i && i < gap.size()) end = i + 1;  // a lone comma
      if (end > i && !kJoining.count(std::string_view(gap).substr(i, end - i))) return false;
      i = end;
    }
    return true;
  });
}

}  // namespace

void ExtractTimes(MaskedText& m, ClaimTerms& out) {
  const std::string& s = m.lower;
  std::vector<Item> items;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!m.used[i] && (i == 0 || !IsAlnum(s[i - 1])) && s[i] != ' ') {
      std::optional<Item> item;
      // Not the offset of a zone: "(UTC+02:00)", "UTC-04:00".
      bool offset =
          i > 0 && (s[i - 1] == '+' ||
                    (s[i - 1] == '-' && i >= 4 &&
                     (s.compare(i - 4, 3, "utc") == 0 || s.compare(i - 4, 3, "gmt") == 0)));
      if (i == 0 || (s[i - 1] != ':' && s[i - 1] != '.' && s[i - 1] != '/' && !offset)) {
        item = ReadDate(s, i);
        if (!item && IsDigit(s[i])) item = ReadTime(s, i);
      }
      if (item && m.Free(item->begin, item->end)) {
        items.push_back(*item);
        i = item->end - 1;
      }
    }
  }
  if (items.empty()) return;
  // A zone written apart from any time ("the collector's local clock (UTC-4) read 14:10"): the
  // zone of the times that state none.
  std::optional<int> apart_zone;
  for (size_t i = 0; i + 4 < s.size(); ++i) {
    bool named = s.compare(i, 3, "utc") == 0 || s.compare(i, 3, "gmt") == 0;
    bool in_item = std::any_of(items.begin(), items.end(),
                               [&](const Item& item) { return i >= item.begin && i < item.end; });
    if (!named || in_item || m.used[i] || (i > 0 && IsAlnum(s[i - 1]))) continue;
    size_t j = i + 3;
    int sign = 0;
    if (s[j] == '+' || s[j] == '-') {
      sign = s[j] == '-' ? -1 : 1;
      ++j;
    } else if (s.compare(j, 3, "\xe2\x88\x92") == 0) {  // U+2212 minus
      sign = -1;
      j += 3;
    }
    auto hours = Digits(s, j, 2) ? Digits(s, j, 2) : Digits(s, j, 1);
    if (sign == 0 || !hours) continue;
    j += *hours >= 10 || (j + 1 < s.size() && IsDigit(s[j + 1])) ? 2 : 1;
    int minutes = 0;
    if (j + 2 < s.size() && s[j] == ':' && Digits(s, j + 1, 2)) {
      minutes = *Digits(s, j + 1, 2);
      j += 3;
    }
    if (j < s.size() && IsAlnum(s[j])) continue;
    // "(18:48:58 EDT, UTC-04:00)": the zone of the time before it, again.
    bool restated = std::any_of(items.begin(), items.end(), [&](const Item& item) {
      return item.end <= i && TrimAscii(std::string_view(s).substr(item.end, i - item.end)) == ",";
    });
    if (!restated) apart_zone = sign * (*hours * 60 + minutes);
    m.Take(i, j);
    i = j;
  }
  // A date followed by its time ("14 March 2026 at 09:45 UTC") is one instant.
  std::vector<Item> merged;
  for (const Item& item : items) {
    if (!merged.empty() && merged.back().day && !merged.back().tod && item.tod && !item.day) {
      std::string_view gap =
          TrimAscii(std::string_view(s).substr(merged.back().end, item.begin - merged.back().end));
      if (gap.empty() || gap == "at" || gap == "," || gap == ", at" || gap == "from" ||
          gap == "between") {
        Item& d = merged.back();
        d.tod = item.tod;
        d.precision = item.precision;
        d.offset_minutes = item.offset_minutes;
        d.end = item.end;
        continue;
      }
    }
    merged.push_back(item);
  }
  // The one date and the one zone a sentence states apply to its other times.
  std::optional<int64_t> only_day;
  bool only_day_year_unknown = false;
  std::optional<int> only_zone;
  std::set<int> zones;
  int days = 0;
  for (const Item& item : merged) {
    if (item.day && (!only_day || *only_day != *item.day)) {
      only_day = item.day;
      only_day_year_unknown = item.year_unknown;
      ++days;
    }
    if (item.offset_minutes) zones.insert(*item.offset_minutes);
  }
  if (days != 1) only_day.reset();
  // Of several zones UTC is the sentence's, the others conversions ("22:48 UTC (18:48 EDT)").
  if (zones.size() == 1 || zones.count(0)) only_zone = zones.size() == 1 ? *zones.begin() : 0;
  bool any_time = std::any_of(merged.begin(), merged.end(), [](const Item& i) { return i.tod; });
  bool zone_missing = false;
  for (size_t k = 0; k < merged.size(); ++k) {
    Item& item = merged[k];
    if (item.tod && !item.day && only_day && LendsDay(merged, item, s)) {
      item.day = only_day;
      item.year_unknown = only_day_year_unknown;
    }
    // "at 20:41:58 and 20:41:59 UTC (22:41:58 and 22:41:59 UTC+02:00)": the zone of the time it
    // is joined to.
    std::string_view joint =
        k + 1 < merged.size()
            ? TrimAscii(std::string_view(s).substr(item.end, merged[k + 1].begin - item.end))
            : std::string_view("-");
    if (item.tod && !item.offset_minutes && merged.size() > k + 1 && merged[k + 1].offset_minutes &&
        (joint == "and" || RangeConnector(joint))) {
      item.offset_minutes = merged[k + 1].offset_minutes;
    }
    // A date alone in a sentence whose times are local is a local date ("01:33:01 CEST on 8
    // August").
    if (item.day && !item.tod && (only_zone || apart_zone))
      item.date_offset_minutes = only_zone ? *only_zone : *apart_zone;
    if (item.tod && !item.offset_minutes) {
      if (apart_zone) {
        item.offset_minutes = apart_zone;
      } else if (only_zone) {
        item.offset_minutes = only_zone;
      } else {
        zone_missing = true;
      }
    }
  }
  if (zone_missing) out.notes.push_back("a time without a zone, read as UTC");
  // "all five … at 07:20:05 UTC": a quantifier before the time (not "at 01:54, and both …").
  size_t quantifier = std::string::npos;
  for (const char* word : {"all ", "each ", "every ", "both "}) {
    size_t at = s.rfind(word, 0) == 0 ? 0 : s.find(std::string(" ") + word);
    quantifier = std::min(quantifier, at);
  }
  auto to_term = [&](const Item& item) {
    TimeTerm t;
    t.has_date = item.day.has_value();
    t.year_unknown = t.has_date && item.year_unknown;
    t.zone_stated = item.offset_minutes.has_value();
    int64_t offset = static_cast<int64_t>(item.offset_minutes.value_or(0)) * kMinute;
    int64_t tod = item.tod.value_or(0);
    if (t.has_date) {
      t.start = *item.day * kDay + tod - (item.tod ? offset : 0) -
                static_cast<int64_t>(item.date_offset_minutes) * kMinute;
    } else {
      t.start = ((tod - offset) % kDay + kDay) % kDay;
    }
    t.end = t.start + item.precision;
    t.precision = item.precision;
    // Near the time, in its clause ("both under the local account IEUser: … on 11 May" is not).
    t.every =
        quantifier < item.begin && item.begin - quantifier < 80 &&
        s.substr(quantifier, item.begin - quantifier).find_first_of(":;") == std::string::npos;
    t.text = m.text.substr(item.begin, item.end - item.begin);
    return t;
  };
  size_t instants_stated = std::count_if(merged.begin(), merged.end(),
                                         [](const Item& item) { return item.tod.has_value(); });
  bool in_list = false;  // the item before was an instant of "at A and B"
  for (size_t k = 0; k < merged.size(); ++k) {
    const Item& a = merged[k];
    bool lent = std::any_of(merged.begin(), merged.end(), [&](const Item& b) {
      return b.tod && b.day && *b.day == *a.day && &b != &a;
    });
    if (a.day && !a.tod && any_time && only_day && *a.day == *only_day && lent) {
      m.Take(a.begin, a.end);
      continue;  // the date lent to the sentence's times
    }
    TimeTerm t = to_term(a);
    std::string w1 = m.WordBefore(a.begin), w2 = m.WordBefore(a.begin, 1);
    size_t end = a.end;
    // "at 08:28:25, 08:28:30 and 08:28:35": the last "and" of a list joins no range.
    bool listed = k > 0 && TrimAscii(std::string_view(s).substr(
                               merged[k - 1].end, a.begin - merged[k - 1].end)) == ",";
    std::string_view connector =
        k + 1 < merged.size()
            ? TrimAscii(std::string_view(s).substr(a.end, merged[k + 1].begin - a.end))
            : std::string_view();
    // "at 02:36:40.718 and 02:36:40.733 UTC" are two instants; "between A and B" a range.
    // "(22:41:58 and 22:41:59 UTC+02:00)" too: only "between" makes "A and B" a range.
    bool instants = connector == "and" && w1 != "between" && w2 != "between";
    if (instants) in_list = true;
    if (k + 1 < merged.size() && RangeConnector(connector) && !(listed && connector == "and") &&
        !instants && (a.tod.has_value() == merged[k + 1].tod.has_value())) {
      TimeTerm b = to_term(merged[k + 1]);
      // "on 12 August 2020 between 13:04:27 and 13:06:08 UTC": the range's end is on its day.
      if (t.has_date && !b.has_date) b.end += t.start - ((t.start % kDay) + kDay) % kDay;
      t.relation = TimeTerm::Relation::kRange;
      t.end = b.end;
      t.end_precision = b.precision;
      if (t.end <= t.start) t.end += kDay;  // across midnight
      end = merged[k + 1].end;
      t.text = m.text.substr(a.begin, end - a.begin);
      ++k;
    } else {
      ReadTimeBound(t, w1, w2);
    }
    ReadTimeHedge(t, w1, w2);
    if (a.begin > 0 && s[a.begin - 1] == '~') t.approximate = true;
    // "both … at A and B": each of the instants is one of the events'; and "both exited, one at
    // A and the other at B" quantifies the things, not the instants.
    if (in_list || listed || instants_stated > 1) t.every = false;
    if (!instants) in_list = false;
    m.Take(a.begin, end);
    out.times.push_back(std::move(t));
  }
}

}  // namespace quarry::ir
