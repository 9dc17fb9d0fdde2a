// Sigma correlation rules (spec 2.1): event_count, value_count, temporal, temporal_ordered,
// value_sum, value_avg and value_percentile over the alerts of the rules they reference, per
// group-by key, in a sliding time window. State is bounded: at most kMaxGroups keys per
// correlation (the stalest are dropped) and kMaxEntries entries per key.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/event.h"
#include "core/time.h"

namespace quarry::sigma {

struct Correlation {
  enum class Type {
    kEventCount,
    kValueCount,
    kTemporal,
    kTemporalOrdered,
    kValueSum,
    kValueAvg,
    kValuePercentile
  };
  enum class Op { kGt, kGte, kLt, kLte, kEq, kNeq };
  Type type = Type::kEventCount;
  int info = 0;                 // the correlation's own RuleInfo
  std::vector<int> rule_infos;  // referenced rules, in the order listed
  std::vector<std::string> group_by;
  // aliases: group-by name → (referenced rule info → that rule's field)
  std::map<std::string, std::map<int, std::string>> aliases;
  int64_t timespan_ticks = 0;
  Op op = Op::kGte;
  double threshold = 1;
  bool has_condition = false;
  std::string field;  // value_* types
  double percentile = 50;
  bool generate = false;  // referenced rules also alert on their own
  // lt/lte: "fewer than" can only be judged once a window is over, so such a correlation uses
  // fixed windows per group (from its first event) judged when they end.
  bool JudgedAtWindowEnd() const { return op == Op::kLt || op == Op::kLte; }
};

// What one base-rule alert contributes to one correlation, extracted from its event.
struct CorrelationFeed {
  int correlation = 0;
  int rule_info = 0;
  std::string key;    // group-by values joined
  std::string value;  // value_* types: the field's value
  Timestamp time;
  std::string event;  // identifies the event: one event counts once even if several rules match
  // Correlations judged at a window's end: what the caller wants back when that window fires
  // (the alert of the window's last event). Opaque here.
  std::shared_ptr<const void> origin;
};

// A window of a correlation judged at its end that met the condition.
struct ClosedWindow {
  int correlation = 0;
  std::string key;
  std::shared_ptr<const void> origin;  // of the window's last contribution
};

// Extracts the feeds of an event that matched `rule_info` (thread-safe, no state).
void FeedsFor(const std::vector<Correlation>& correlations, int rule_info, const Event& event,
              std::vector<CorrelationFeed>& out);

// A group key (CorrelationFeed::key) back as (group-by field, value) pairs.
std::vector<std::pair<std::string, std::string>> GroupValues(const Correlation& c,
                                                             std::string_view key);

// What a firing of correlation `fired` (for group `key`, at `time`) contributes to the
// correlations that refer to it: the group's values stand in for an event's fields.
void FeedsForFiring(const std::vector<Correlation>& correlations, int fired, const std::string& key,
                    Timestamp time, std::vector<CorrelationFeed>& out);

class CorrelationState {
 public:
  static constexpr size_t kMaxGroups = 100000;
  static constexpr size_t kMaxEntries = 10000;

  explicit CorrelationState(const std::vector<Correlation>& correlations);

  // Feeds one contribution in input order; true when the correlation fires (its state for that
  // key is then reset, so the next alert needs a fresh window). Windows of correlations judged
  // at their end that this feed closed are kept for TakeClosed.
  bool Feed(const CorrelationFeed& feed);
  // End of input: every open window of a correlation judged at its end is judged now.
  void Finish();
  // The windows judged at their end that fired since the last call, in the order they closed.
  std::vector<ClosedWindow> TakeClosed();

 private:
  struct Entry {
    Timestamp time;
    int rule_info;
    std::string value;
  };
  struct Group {
    std::deque<Entry> entries;
    Timestamp last;
    Timestamp start;                     // judged at window end: the window's first event
    std::shared_ptr<const void> origin;  // judged at window end: the last contribution's
  };
  bool Evaluate(const Correlation& c, const Group& g) const;
  void FeedJudgedAtEnd(const Correlation& c, const CorrelationFeed& feed);
  void Close(int correlation, const std::string& key, Group& g);
  bool Compare(const Correlation& c, double x) const;

  const std::vector<Correlation>& correlations_;
  std::vector<std::unordered_map<std::string, Group>> groups_;
  std::vector<std::string> last_event_;  // per correlation
  std::vector<ClosedWindow> closed_;
};

}  // namespace quarry::sigma
