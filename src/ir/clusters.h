// Activity clusters: each host's (or, for sources without hosts, each identity's) events cut
// into bursts wherever the quiet gap between two events exceeds `gap`. A cluster's id is
// C:<_eid of its first event>.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/timeline.h"

namespace quarry::ir {

struct ActivityCluster {
  std::string id;
  std::string entity;  // "host WS01.corp.example", "identity arn:aws:…"
  Timestamp start, end;
  int64_t first_eid = 0, last_eid = 0;
  int64_t events = 0, alerts = 0;
  std::map<std::string, int64_t> kinds;  // event kind → count
};

// Clusters with at least `min_events` entries (alerts count as entries of their host), in
// start order.
Result<std::vector<ActivityCluster>> BuildClusters(const store::Case& c,
                                                   const TimelineFilter& filter, int64_t gap_ticks,
                                                   int64_t min_events);

std::string ClustersText(const std::vector<ActivityCluster>& clusters);
std::string ClustersJson(const std::vector<ActivityCluster>& clusters);

}  // namespace quarry::ir
