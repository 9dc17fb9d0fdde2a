// The words around a stated time: month names, the connectors of a range, bounds ("after",
// "until") and hedges ("about", "shortly after").
#include <string>
#include <string_view>

#include "core/strings.h"
#include "core/time.h"
#include "ir/claim_scan.h"

namespace quarry::ir {

int MonthNumber(std::string_view word) {
  static const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
  static const char* const kFull[] = {"january",   "february", "march",    "april",
                                      "may",       "june",     "july",     "august",
                                      "september", "october",  "november", "december"};
  for (int m = 0; m < 12; ++m) {
    if (word == kMonths[m] || word == kFull[m] || (m == 8 && word == "sept")) return m + 1;
  }
  return 0;
}

bool RangeConnector(std::string_view between) {
  between = TrimAscii(between);
  return between == "and" || between == "to" || between == "-" || between == "\xe2\x80\x93" ||
         between == "\xe2\x80\x94" || between == "until" || between == "through" ||
         between == "till" || between == "and about" || between == "to about";
}

void ReadTimeBound(TimeTerm& t, const std::string& w1, const std::string& w2) {
  if (w1 == "after" || w1 == "since" || (w1 == "from" && w2 != "between")) {
    t.relation = TimeTerm::Relation::kAfter;
  } else if (w1 == "before" || w1 == "until" || w1 == "by" || (w1 == "to" && w2 == "prior")) {
    t.relation = TimeTerm::Relation::kBefore;
  }
}

void ReadTimeHedge(TimeTerm& t, const std::string& w1, const std::string& w2) {
  for (const std::string& w : {w1, w2}) {
    if (w == "around" || w == "about" || w == "approximately" || w == "approx" || w == "circa" ||
        w == "roughly" || w == "~" || w == "shortly" || w == "nearly")
      t.approximate = true;
  }
  // "shortly after 12:19Z", "just before 09:00": within the hour, not any time after or before.
  if ((t.relation == TimeTerm::Relation::kAfter || t.relation == TimeTerm::Relation::kBefore) &&
      (w2 == "shortly" || w2 == "just" || w2 == "soon" || w2 == "right" || w2 == "immediately")) {
    constexpr int64_t kHour = int64_t{3600} * Timestamp::kTicksPerSecond;
    if (t.relation == TimeTerm::Relation::kAfter) {
      t.end = t.start + t.precision + kHour;
    } else {
      t.start -= kHour;
    }
    t.relation = TimeTerm::Relation::kRange;
  }
}

}  // namespace quarry::ir
