// Spans a sentence states between what it cites: "58 seconds after the stop request", "about
// twenty minutes apart", "under 2 ms later". Read from the text, then checked against the gaps
// between the cited events' times.
#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/strings.h"
#include "ir/claim_check.h"
#include "ir/claim_scan.h"

namespace quarry::ir {

void ReadDurations(MaskedText& m, ClaimTerms& out) {
  // A number word needs a space or hyphen before its unit ("as before" is no span of "a s").
  static const RE2 span(
      R"((?i)(?:\b(about|roughly|around|approximately|approx\.?|some|nearly|almost|just over|just under|under|less than|within|over|more than)\s+|(~)\s*)?\b(?:(\d+(?:\.\d+)?)[ -]?|(an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty)[ -])(ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?)\s+(after|later|before|earlier|apart)\b)");
  re2::StringPiece input(m.text), hedge, tilde, figures, word, unit, relation;
  while (RE2::FindAndConsume(&input, span, &hedge, &tilde, &figures, &word, &unit, &relation)) {
    re2::StringPiece number = figures.empty() ? word : figures;
    size_t begin = static_cast<size_t>(number.data() - m.text.data());
    size_t end = static_cast<size_t>(relation.data() - m.text.data());
    if (!hedge.empty()) begin = static_cast<size_t>(hedge.data() - m.text.data());
    if (!tilde.empty()) begin = static_cast<size_t>(tilde.data() - m.text.data());
    if (!m.Free(begin, end)) continue;
    // "a fraction of a second", "a tenth of a second", "Thirty-one milliseconds", "four minutes
    // and forty seconds": more than this reader reads; "Five minutes later, …" opening a
    // sentence: after something an earlier sentence said.
    // Only the last words before the number matter to `compound`, and `opening` fails at the
    // first other word, so neither reads the whole prefix for every match.
    std::string_view before = TrimAscii(std::string_view(m.text).substr(0, begin));
    std::string tail =
        AsciiToLower(before.substr(before.size() - std::min<size_t>(before.size(), 24)));
    static const RE2 compound(
        R"((?:\bof|\band|\bhalf|-|\d,?|\b(?:hours?|hrs?|minutes?|mins?|seconds?|secs?))$)");
    // "Then, 58 seconds later": still the opening of the sentence.
    static const RE2 opening(
        R"((?i)^[^a-z0-9]*(?:(?:then|only|just|and|but|so|some)[^a-z0-9]*)*$)");
    if (RE2::PartialMatch(tail, compound) ||
        RE2::FullMatch(re2::StringPiece(before.data(), before.size()), opening))
      continue;
    std::string digits = AsciiToLower(std::string(number.data(), number.size()));
    double value = 0;
    double step = 1;  // the last digit written
    if (IsDigit(digits[0])) {
      value = std::strtod(digits.c_str(), nullptr);
      size_t dot = digits.find('.');
      if (dot != std::string::npos)
        step = std::pow(10.0, -static_cast<double>(digits.size() - dot - 1));
    } else if (digits == "a" || digits == "an") {
      value = 1;
    } else if (auto n = Number(digits, nullptr)) {
      value = static_cast<double>(*n);
    } else {
      continue;
    }
    std::string u = AsciiToLower(std::string(unit.data(), unit.size()));
    double scale = u.starts_with("ms") || u.starts_with("milli") ? 0.001
                   : u.starts_with("m")                          ? 60
                   : u.starts_with("h")                          ? 3600
                                                                 : 1;
    DurationTerm d;
    d.seconds = value * scale;
    d.step = step * scale;
    std::string h = AsciiToLower(std::string(hedge.data(), hedge.size()));
    d.approximate = !tilde.empty() ||
                    (!h.empty() && h != "under" && h != "less than" && h != "within" &&
                     h != "over" && h != "more than" && h != "just over" && h != "just under");
    if (h == "under" || h == "less than" || h == "within" || h == "just under")
      d.bound = DurationTerm::Bound::kAtMost;
    if (h == "over" || h == "more than" || h == "just over")
      d.bound = DurationTerm::Bound::kAtLeast;
    d.text = m.text.substr(begin, end - begin);
    while (!d.text.empty() && d.text.back() == ' ') d.text.pop_back();
    m.Take(begin, end);
    out.durations.push_back(std::move(d));
  }
}

std::optional<ClaimCheck> CheckDuration(const DurationTerm& d,
                                        const std::vector<const TimelineEntry*>& cited) {
  std::vector<int64_t> times;
  times.reserve(cited.size());
  for (const TimelineEntry* e : cited) times.push_back(e->time.ticks);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  // One instant cited: the span runs to something the sentence does not cite.
  if (times.size() < 2) return std::nullopt;
  double slack =
      d.approximate ? std::max(d.step, 0.25 * d.seconds) : std::max(d.step / 2, 0.1 * d.seconds);
  double closest = -1;
  for (size_t a = 0; a < times.size(); ++a) {
    for (size_t b = a + 1; b < times.size(); ++b) {
      double gap = static_cast<double>(times[b] - times[a]) / Timestamp::kTicksPerSecond;
      bool fits = d.bound == DurationTerm::Bound::kAtMost    ? gap <= d.seconds + slack
                  : d.bound == DurationTerm::Bound::kAtLeast ? gap >= d.seconds - slack
                                                             : std::fabs(gap - d.seconds) <= slack;
      if (fits) return ClaimCheck{"span " + d.text, true, ""};
      if (closest < 0 || std::fabs(gap - d.seconds) < std::fabs(closest - d.seconds)) closest = gap;
    }
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.3f", closest);
  return ClaimCheck{"span " + d.text, false,
                    std::string("the nearest gap between cited events is ") + buffer + " s"};
}

}  // namespace quarry::ir
