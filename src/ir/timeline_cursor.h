// Reading one table of a timeline in (time, _eid) order, from either store. The filter's meaning
// (which columns a host, user, process or IP is looked for in, and which tables cannot match) is
// planned once; each store only spells the plan in its SQL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/timeline.h"
#include "store/case.h"

namespace quarry::ir::internal {

// A text test on any of `columns` (ASCII case folded, as SQLite's NOCASE and LIKE fold).
struct TextTest {
  enum class How {
    kHost,      // equal, or a prefix followed by a dot
    kContains,  // a part of the value
    kEquals,
  };
  How how = How::kEquals;
  std::vector<size_t> columns;  // indices into the table's columns
  std::string value;
};

struct TimelinePlan {
  std::vector<TextTest> text;      // all must pass
  std::optional<size_t> event_id;  // the EventID column, with event_ids
  std::vector<int64_t> event_ids;
  std::vector<int64_t> eids;
  std::vector<int64_t> linked_eids;
  std::optional<size_t> linked_column;  // EventEid, when the table has it
  std::optional<Timestamp> from, to;
  size_t page_rows = 0;  // TimelineFilter::page_rows
};

// The plan for a table of these columns, or nullopt when the filter names something the table
// cannot have (a host filter on a table without hosts, say).
std::optional<TimelinePlan> PlanTimeline(const std::vector<store::ColumnInfo>& columns,
                                         const TimelineFilter& filter);

// "1, 2, 3": ids as a SQL list, in both stores' spelling.
std::string IdList(const std::vector<int64_t>& ids);

// One table's rows that pass the filter, in time order (ties by _eid).
class TimelineCursor {
 public:
  virtual ~TimelineCursor() = default;
  // Moves to the next row; `done` when there is none.
  virtual Status Next() = 0;
  TimelineEntry current;
  bool done = false;

 protected:
  TimelineCursor(std::string table, std::vector<store::ColumnInfo> columns)
      : table_(std::move(table)), columns_(std::move(columns)) {}
  // Makes `current` of one row of values in column order.
  void Take(std::vector<Value>& row);
  std::string table_;
  std::vector<store::ColumnInfo> columns_;
};

// Positioned on the first row (or done); nullptr when the table cannot match.
Result<std::unique_ptr<TimelineCursor>> OpenTimelineCursor(const store::Case& c,
                                                           const std::string& table,
                                                           const TimelineFilter& filter);

// The store-specific halves, for OpenTimelineCursor.
Result<std::unique_ptr<TimelineCursor>> OpenSqliteCursor(const store::Case& c,
                                                         const std::string& table,
                                                         std::vector<store::ColumnInfo> columns,
                                                         const TimelinePlan& plan);
Result<std::unique_ptr<TimelineCursor>> OpenClickHouseCursor(const store::Case& c,
                                                             const std::string& table,
                                                             std::vector<store::ColumnInfo> columns,
                                                             const TimelinePlan& plan);

}  // namespace quarry::ir::internal
