// A timeline table of a ClickHouse case, read in pages: the tables of a timeline are merged row
// by row, and one HTTP answer cannot be paused while another is read. Each page continues after
// the last row of the previous one (by time, then _eid), and pages grow so that long timelines
// take few of them.
#include <algorithm>
#include <deque>

#include "core/clickhouse_sql.h"
#include "ir/timeline_cursor.h"
#include "store/clickhouse_events.h"

namespace quarry::ir::internal {
namespace {

constexpr size_t kFirstPage = 1024;
constexpr size_t kLargestPage = 16384;  // tens of MB of entries
// NULL times sort first, as in SQLite.
constexpr int64_t kNullTime = -9'223'372'036'854'775'807;

bool IsText(ValueType t) {
  return t == ValueType::kString || t == ValueType::kDynamic;
}
bool IsNumber(ValueType t) {
  return t == ValueType::kLong || t == ValueType::kReal;
}

// `ids` as the values of a column of this type: numbers, or their decimal text.
std::string ValuesFor(const store::ColumnInfo& column, const std::vector<int64_t>& ids) {
  if (IsNumber(column.type)) return IdList(ids);
  std::string list;
  for (int64_t id : ids) list += (list.empty() ? "" : ", ") + ClickHouseString(std::to_string(id));
  return list;
}

// One column's text test; `lowered` is the value, ASCII lowered by the plan. On a column that is
// not text only the pattern tests can pass: SQLite's LIKE reads a number as its text, but its
// `=` never finds text equal to a number.
std::string TextTestSql(TextTest::How how, const store::ColumnInfo& column,
                        const std::string& lowered) {
  bool is_text = IsText(column.type);
  std::string text = ClickHouseIdent(column.name);
  if (!is_text) text = "toString(" + text.append(")");
  std::string value = ClickHouseString(lowered);
  std::string out;
  switch (how) {
    case TextTest::How::kHost:  // WS01 is WS01.corp.example too
      if (is_text) out.append("ifNull(lower(").append(text).append(") = ").append(value);
      out.append(is_text ? ", 0) OR " : "").append("ifNull(startsWith(lower(").append(text);
      out.append("), ").append(ClickHouseString(lowered + ".")).append("), 0)");
      break;
    case TextTest::How::kContains:  // ASCII folded, as SQLite's LIKE
      out.append("ifNull(positionCaseInsensitive(").append(text).append(", ").append(value);
      out.append("), 0) > 0");
      break;
    case TextTest::How::kEquals:
      if (!is_text) return "0";
      out.append("ifNull(lower(").append(text).append(") = ").append(value).append(", 0)");
      break;
  }
  return out;
}

class ClickHouseCursor : public TimelineCursor {
 public:
  ClickHouseCursor(const store::Case& c, std::string table, std::vector<store::ColumnInfo> columns)
      : TimelineCursor(std::move(table), std::move(columns)), case_(c) {}

  Status Open(const TimelinePlan& plan) {
    std::vector<std::string> where;
    for (const TextTest& test : plan.text) {
      std::string clause;
      for (size_t i : test.columns) {
        if (!clause.empty()) clause += " OR ";
        clause += TextTestSql(test.how, columns_[i], test.value);
      }
      where.push_back("(" + clause + ")");
    }
    if (plan.event_id) {
      const store::ColumnInfo& col = columns_[*plan.event_id];
      where.push_back("ifNull(" + ClickHouseIdent(col.name) + " IN (" +
                      ValuesFor(col, plan.event_ids) + "), 0)");
    }
    std::string eid = ClickHouseIdent(store::kEidColumn);
    if (!plan.eids.empty()) where.push_back(eid + " IN (" + IdList(plan.eids) + ")");
    if (!plan.linked_eids.empty()) {
      std::string clause = eid + " IN (" + IdList(plan.linked_eids) + ")";
      // SQLite's IN of numbers finds no text: a text EventEid column matches nothing.
      if (plan.linked_column && IsNumber(columns_[*plan.linked_column].type)) {
        clause += " OR ifNull(" + ClickHouseIdent(columns_[*plan.linked_column].name) + " IN (" +
                  IdList(plan.linked_eids) + "), 0)";
      }
      where.push_back("(" + clause + ")");
    }
    // Plain comparisons on the time column: the month partitions' bounds prune with them.
    std::string time = ClickHouseIdent(store::kTimeColumn);
    if (plan.from) bounds_.push_back(time + " >= " + std::to_string(plan.from->ticks));
    // NOT (… > to): 18.16 fails `<=` on a time column whose part holds only events without one.
    if (plan.to) bounds_.push_back("NOT (" + time + " > " + std::to_string(plan.to->ticks) + ")");
    for (const std::string& w : where) filter_ += " AND " + w;
    if (plan.page_rows > 0) page_size_ = largest_page_ = plan.page_rows;
    key_ = "ifNull(" + time + ", " + std::to_string(kNullTime) + ")";
    for (size_t i = 0; i < columns_.size(); ++i) {  // both present: PlanTimeline checked
      if (columns_[i].name == store::kEidColumn) eid_index_ = i;
      if (columns_[i].name == store::kTimeColumn) time_index_ = i;
    }
    time_ = time;
    return Next();
  }

  Status Next() override {
    if (page_.empty() && !exhausted_) QUARRY_RETURN_IF_ERROR(ReadPage());
    if (page_.empty()) {
      done = true;
      return Status::Ok();
    }
    current = std::move(page_.front());
    page_.pop_front();
    return Status::Ok();
  }

 private:
  // The page's ids are chosen first, reading only the filter's columns and the order's, then the
  // rows of those ids are read: 18.16 reads every selected column of every row it sorts, and a
  // timeline's table can have a hundred columns and millions of rows.
  Status ReadPage() {
    std::string eid = ClickHouseIdent(store::kEidColumn);
    // The time bounds, and where the previous page ended.
    std::string bounds;
    for (const std::string& b : bounds_) bounds += (bounds.empty() ? "" : " AND ") + b;
    if (started_) {
      std::string last = std::to_string(last_key_);
      bounds += bounds.empty() ? "(" : " AND (";
      bounds.append(key_).append(" > ").append(last).append(" OR (").append(key_);
      bounds.append(" = ").append(last).append(" AND ").append(eid).append(" > ");
      bounds.append(std::to_string(last_eid_)).append("))");
      // Implied by the above, in a form that prunes the months before the last row's.
      if (last_key_ != kNullTime) bounds += " AND " + time_ + " >= " + last;
    }
    std::string order = " ORDER BY " + key_ + ", " + eid;
    QUARRY_ASSIGN_OR_RETURN(store::ClickHouseEvents * events, case_.remote());
    std::string ids = "SELECT " + eid + " FROM " + events->ReadTable(table_) + " WHERE 1" +
                      (bounds.empty() ? "" : " AND " + bounds) + filter_ + order + " LIMIT " +
                      std::to_string(page_size_);
    size_t rows = 0;
    // The bounds again (not the whole filter: its id lists can be long): they prune the month
    // partitions of this read too.
    std::string tail = "PREWHERE " + eid + " GLOBAL IN (" + ids + ")";
    if (!bounds.empty()) tail += " WHERE " + bounds;
    tail += order;
    QUARRY_RETURN_IF_ERROR(case_.ReadRows(table_, columns_, tail, [&](std::vector<Value>& row) {
      ++rows;
      const Value& t = row[time_index_];
      last_key_ = t.is_null() ? kNullTime : t.as_long();
      last_eid_ = row[eid_index_].as_long();
      Take(row);  // kept as entries: only the fields the row has
      page_.push_back(std::move(current));
      return true;
    }));
    started_ = true;
    exhausted_ = rows < page_size_;  // _eid is unique: every id chosen is a row read
    page_size_ = std::min(page_size_ * 4, largest_page_);
    return Status::Ok();
  }

  const store::Case& case_;
  std::string filter_;               // " AND …" for each test but the time bounds
  std::vector<std::string> bounds_;  // on the time column
  std::string key_;                  // the time as the order sorts it
  std::string time_;                 // the time column
  std::deque<TimelineEntry> page_;
  size_t page_size_ = kFirstPage, largest_page_ = kLargestPage;
  bool started_ = false, exhausted_ = false;
  int64_t last_key_ = 0, last_eid_ = 0;
  size_t eid_index_ = 0, time_index_ = 0;  // in columns_
};

}  // namespace

Result<std::unique_ptr<TimelineCursor>> OpenClickHouseCursor(const store::Case& c,
                                                             const std::string& table,
                                                             std::vector<store::ColumnInfo> columns,
                                                             const TimelinePlan& plan) {
  auto cursor = std::make_unique<ClickHouseCursor>(c, table, std::move(columns));
  QUARRY_RETURN_IF_ERROR(cursor->Open(plan));
  return std::unique_ptr<TimelineCursor>(std::move(cursor));
}

}  // namespace quarry::ir::internal
