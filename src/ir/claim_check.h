// Checking one claim against the events it cites: each name it states occurs in a field of
// them, each time matches their times to the precision written, each count equals their
// count, each ATT&CK id is carried by an alert among them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/claims.h"
#include "ir/timeline.h"
#include "store/case.h"

namespace quarry::ir {

struct ClaimEvidence {
  // What the claim cites (events and alerts, with P:/S:/C: expanded): counted and timed.
  std::vector<const TimelineEntry*> cited;
  // Alerts on the cited events and the events of cited alerts: searched for names and
  // techniques too.
  std::vector<const TimelineEntry*> linked;
  std::vector<std::string> missing;  // citations that name nothing in the case, explained
  // The entries are a query's result rows, not events: any number stated may also be a cell's
  // value or a column's count of distinct values.
  bool rows = false;
};

struct ClaimCheck {
  std::string what;  // "host DC01", "time 09:45 UTC", "count 3 requests", "technique T1003"
  bool ok = false;
  std::string detail;  // when not ok: what the events say instead
};

enum class Verdict { kSupported, kUnsupported, kUncited };
const char* VerdictName(Verdict v);

struct ClaimResult {
  Verdict verdict = Verdict::kUncited;
  std::vector<ClaimCheck> checks;
  std::vector<std::string> problems;  // why unsupported, one line each
  std::vector<std::string> notes;
};

ClaimResult CheckClaim(const Claim& claim, const ClaimTerms& terms, const ClaimEvidence& evidence);

// Where a stated time puts an event: its instant (the time of day when no date is written) and
// the interval the statement allows around it (claim_check_time.cpp).
struct TimeWindow {
  const TimeTerm& t;
  int64_t tolerance, round;
  explicit TimeWindow(const TimeTerm& term);
  int64_t Instant(const TimelineEntry* e) const;
  bool Inside(int64_t v, int64_t from, int64_t to) const;
  bool At(const TimelineEntry* e) const;
};

// A stated span against the gaps between the cited events (claim_durations.cpp); nullopt when
// they are at one instant.
std::optional<ClaimCheck> CheckDuration(const DurationTerm& d,
                                        const std::vector<const TimelineEntry*>& cited);

struct Indexed;
// One stated time against the cited events (claim_check_time.cpp); `indexed` holds them in the
// same order, indexed; `several`: the sentence states more than one range, each of which spans
// a part of the cited events.
ClaimCheck CheckTime(const TimeTerm& stated, const std::vector<const TimelineEntry*>& cited,
                     std::span<const Indexed> indexed, const std::string& sentence, bool several);

// The host, user, process, service and other names the case holds (lower case).
Result<CaseVocabulary> ReadCaseVocabulary(const store::Case& c);

// One stated count against the cited events (claim_count.cpp).
ClaimCheck CheckCount(const CountTerm& count, const std::vector<const TimelineEntry*>& cited,
                      const std::vector<const TimelineEntry*>& linked);

// A value stated for a named field against that field of the cited events (claim_fields.cpp);
// nullopt when no cited event has the field.
std::optional<ClaimCheck> CheckFieldValue(const FieldValueTerm& term,
                                          const std::vector<Indexed>& all);
// A group an account was added to or removed from, against the group of the cited membership
// changes (4728, 4732, 4756: the group is their target); nullopt when none is cited.
std::optional<ClaimCheck> CheckGroup(const std::string& group,
                                     const std::vector<const TimelineEntry*>& cited);

}  // namespace quarry::ir
