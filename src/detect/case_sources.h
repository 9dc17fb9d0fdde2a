// What a case holds per log source: events counted by table, channel and event id, and the
// columns those events fill. Rule coverage, lint and baselines ask it whether a rule's
// logsource has data in the case and which fields that data has. Reading it costs one pass
// over each table.
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
  std::string provider;  // lower-cased; "" when the table has none
  bool windows = false;  // the events carry a Channel and an EventID
  int64_t events = 0;
  std::vector<std::string> columns;  // the table's columns some of these events fill
};

class CaseSources {
 public:
  // Every event table of the case but `skip_tables` (the Alerts table).
  static Result<CaseSources> Read(const store::Case& c,
                                  const std::vector<std::string>& skip_tables);

  const std::vector<SourceCount>& counts() const { return counts_; }
  // Events some variant of the mapping applies to, by their table, channel, event id and
  // provider (a gate's other field tests are not counted: this is an upper bound).
  int64_t EventsFor(const sigma::Mapping& mapping) const;
  int64_t EventsFor(const sigma::Gate& gate) const;
  // The sources (with events) a gate applies to.
  std::vector<const SourceCount*> SourcesFor(const sigma::Gate& gate) const;

 private:
  std::vector<SourceCount> counts_;
};

}  // namespace quarry::detect
