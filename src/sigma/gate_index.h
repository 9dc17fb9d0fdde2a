// Which rules can apply to an event, decided once per rule set instead of once per event.
//
// An event's candidate rules depend only on its (channel, EventID) — or, for sources without
// Windows channels, on its table. Every combination the rules name gets a bucket holding its
// candidate rules; the ruleset gives each bucket field databases holding only its rules' tests.
// Combinations no rule names share one bucket per channel, per EventID, or for Windows events in
// general; combinations with the same candidates share a bucket.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace quarry::sigma {

struct Gate;

// Whether a known source (EVTX, CloudTrail, syslog, auditd) fills this table: rules for logsources
// Quarry has no mapping for ("generic") never run on its events.
bool IsKnownSourceTable(std::string_view table);

struct GateBucket {
  std::vector<int> rules;  // candidate rules, ascending
  // Per entry of `rules`: the rule's clauses (bit k: clause k, see Ruleset) each of which must
  // have a matching test, all held by `eager_groups`, before it is evaluated; 0: always.
  std::vector<uint8_t> anchored;
  std::vector<int> eager_groups;  // field databases to scan before evaluating any candidate
  // (slot * 2 + cased, database group), sorted; slot -1 stands for the keywords.
  std::vector<std::pair<int, int>> groups;
  int GroupFor(int slot, bool cased) const {
    int key = slot * 2 + (cased ? 1 : 0);
    auto it = std::lower_bound(groups.begin(), groups.end(), std::pair<int, int>(key, -1));
    return it != groups.end() && it->first == key ? it->second : -1;
  }
};

class GateIndex {
 public:
  // `gates[r]` is rule r's gate.
  void Build(const std::vector<const Gate*>& gates);
  std::vector<GateBucket>& buckets() { return buckets_; }

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
  int Intern(std::vector<int> rules);

  std::vector<GateBucket> buckets_;
  std::unordered_map<std::string, ById, StringHash, std::equal_to<>> channels_;
  ById any_channel_;  // channels no rule names
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> tables_;
  int unknown_table_ = 0;
};

}  // namespace quarry::sigma
