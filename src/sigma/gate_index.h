// Which rules can apply to an event, decided once per rule set instead of once per event.
//
// An event's candidate rules depend only on its (channel, EventID) — or, for sources without
// Windows channels, on its table. Every combination the rules name gets a bucket holding its
// candidate rules and the field databases worth scanning for them (those holding a test without
// which one of the candidates cannot match). Combinations no rule names share one bucket per
// channel, per EventID, or for Windows events in general.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace quarry::sigma {

struct Gate;

struct GateBucket {
  std::vector<int> rules;         // candidate rules, ascending
  std::vector<int> eager_groups;  // field databases to scan before evaluating any candidate
};

class GateIndex {
 public:
  // `gates[r]` is rule r's gate; `anchor_groups[r]` the databases holding its anchors (empty
  // when the rule is not anchored and must be evaluated on every candidate event).
  void Build(const std::vector<const Gate*>& gates,
             const std::vector<std::vector<int>>& anchor_groups);

  // `lower_channel` is the event's channel, lower-cased.
  const GateBucket& ForWindows(std::string_view lower_channel, int64_t event_id) const;
  const GateBucket& ForTable(std::string_view table) const;

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct ById {
    std::unordered_map<int64_t, int> buckets;
    int other = 0;  // ids no rule names
    int Find(int64_t id) const {
      auto it = buckets.find(id);
      return it == buckets.end() ? other : it->second;
    }
  };
  int Intern(std::vector<int> rules, const std::vector<std::vector<int>>& anchor_groups);

  std::vector<GateBucket> buckets_;
  std::unordered_map<std::string, ById, StringHash, std::equal_to<>> channels_;
  ById any_channel_;  // channels no rule names
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> tables_;
  int unknown_table_ = 0;
};

}  // namespace quarry::sigma
