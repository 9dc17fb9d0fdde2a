// One timeline over every table of a case and its alerts: events merged by time, each with the
// line a responder reads first (as Timesketch shows a message), filtered by time, host, user,
// process and IP. Streams: tables are read in time order and merged, nothing is held whole.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "core/value.h"
#include "store/case.h"

namespace quarry::ir {

inline constexpr const char* kAlertsTable = "Alerts";

struct TimelineFilter {
  std::optional<Timestamp> from;  // inclusive
  std::optional<Timestamp> to;    // inclusive
  // Case-insensitive. host: Computer equal to it or starting with it and a dot (WS01 matches
  // WS01.corp.example); user, process: a part of any user / process column; ip: any IP column
  // equal to it.
  std::string host, user, process, ip;
  std::vector<std::string> tables;  // only these tables, when not empty
  std::vector<int64_t> event_ids;   // only these EventIDs (in tables that have the column)
  std::vector<int64_t> eids;        // only these _eids, when not empty
  // When not empty: only entries with these _eids and alerts on events with these _eids.
  std::vector<int64_t> linked_eids;
  bool alerts_only = false;
  bool with_alerts = true;
  int64_t limit = 0;  // entries at most; 0: all
  // Rows per read of a store that reads a table in pages (ClickHouse); 0: pages that grow from
  // 1,024 to 16,384. Tests make it small to cross many page boundaries.
  size_t page_rows = 0;
};

struct TimelineEntry {
  int64_t eid = 0;
  Timestamp time;
  std::string table;
  std::string host;     // Computer, or "" (CloudTrail has none)
  std::string kind;     // e.g. "Sysmon 1", "Security 4624", "CloudTrail ConsoleLogin", "Alert"
  std::string message;  // the line a responder reads first
  std::vector<std::pair<std::string, Value>> fields;  // every non-null column but _eid and time
};

struct TimelineStats {
  int64_t entries = 0;
  int64_t tables = 0;
  bool truncated = false;  // stopped at the limit
};

// The text of an entry's field, "" when it has none (or it is null).
std::string FieldValue(const TimelineEntry& e, std::string_view name);
// "WS01" of "WS01.corp.example".
std::string ShortHost(const std::string& host);

// The columns a filter looks in, by kind: the first of each list a table has is the one shown.
const std::vector<std::string>& UserColumns();
const std::vector<std::string>& ProcessColumns();
const std::vector<std::string>& IpColumns();

// The message line of one event of `table` from its fields (the kind's template, or the first
// few fields when the kind has none).
std::string MessageFor(const std::string& table,
                       const std::vector<std::pair<std::string, Value>>& fields,
                       std::string* kind = nullptr);

// Every entry that passes the filter, in time order (ties by _eid). `fn` returning false stops.
Result<TimelineStats> ReadTimeline(const store::Case& c, const TimelineFilter& filter,
                                   const std::function<bool(const TimelineEntry&)>& fn);

}  // namespace quarry::ir
