// What a case holds per log source: events counted by table, channel and event id. Rule
// coverage, lint and baselines ask it whether a rule's logsource has any data in the case.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "sigma/logsource.h"

namespace quarry::store {
class Case;
}

namespace quarry::detect {

struct SourceCount {
  std::string table;
  std::string channel;  // lower-cased; "" for tables without channels
  int64_t event_id = -1;
  bool windows = false;  // the events carry a Channel and an EventID
  int64_t events = 0;
};

class CaseSources {
 public:
  // Every event table of the case but `skip_tables` (the Alerts table).
  static Result<CaseSources> Read(const store::Case& c,
                                  const std::vector<std::string>& skip_tables);

  const std::vector<SourceCount>& counts() const { return counts_; }
  // Events some variant of the mapping applies to, by their table, channel and event id (a
  // gate's extra field tests are not counted: this is an upper bound).
  int64_t EventsFor(const sigma::Mapping& mapping) const;
  int64_t EventsFor(const sigma::Gate& gate) const;

 private:
  std::vector<SourceCount> counts_;
};

}  // namespace quarry::detect
