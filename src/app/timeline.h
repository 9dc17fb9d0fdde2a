// quarry timeline: the case's events and alerts in time order, with pivots, as a table for
// people, JSON lines, CSV, or Timesketch's JSONL import format.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/status.h"
#include "ir/clusters.h"
#include "ir/logon_sessions.h"
#include "ir/process_tree.h"
#include "ir/timeline.h"

namespace quarry::app {

struct TimelineRequest {
  std::string case_dir;
  std::string from, to;  // ISO 8601, "" for open
  std::string host, user, process, ip;
  int64_t around = 0;          // an _eid: the window on both sides of its time
  std::string window = "10m";  // with around
  bool alerts_only = false;
  bool no_alerts = false;
  int64_t limit = 0;
  // Only entries holding a credential (the rules of `quarry secrets`), each marked with the
  // rules that found one (message prefix and a `_secrets` field).
  bool secrets = false;
};

enum class TimelineFormat { kTable, kJsonl, kCsv, kTimesketch };
Result<TimelineFormat> ParseTimelineFormat(const std::string& name);

// Checks the request, then streams the entries to `fn`.
Result<ir::TimelineStats> Timeline(const TimelineRequest& request,
                                   const std::function<bool(const ir::TimelineEntry&)>& fn);

// The process trees of the processes started in the request's time range and host (the other
// pivots do not cut trees).
Result<ir::ProcessForest> ProcessTrees(const TimelineRequest& request);
// Bursts of activity per host or identity, cut at quiet gaps longer than `gap` (a timespan),
// over the entries the request selects; clusters smaller than `min_events` are left out.
Result<std::vector<ir::ActivityCluster>> Clusters(const TimelineRequest& request,
                                                  const std::string& gap, int64_t min_events);
// The logon sessions in the request's time range and host, with their processes; --user keeps
// the sessions whose user contains it.
Result<std::vector<ir::LogonSession>> LogonSessions(const TimelineRequest& request);

// One entry as a JSON line: _eid, TimeGenerated, table, Computer, kind, message, fields.
std::string TimelineJsonLine(const ir::TimelineEntry& e);
// One entry as Timesketch imports it: message, datetime, timestamp (µs), timestamp_desc, and
// the fields as attributes.
std::string TimesketchLine(const ir::TimelineEntry& e);
std::string TimelineCsvHeader();
std::string TimelineCsvLine(const ir::TimelineEntry& e);
std::string TimelineTextHeader();
// Time, _eid, host, kind and message, cut to `width` columns; "" width for no cut.
std::string TimelineTextLine(const ir::TimelineEntry& e, size_t width);

}  // namespace quarry::app
