#include "ir/timeline_cursor.h"

#include <algorithm>

#include "core/strings.h"

namespace quarry::ir::internal {
namespace {

std::optional<size_t> IndexOf(const std::vector<store::ColumnInfo>& columns,
                              const std::string& name) {
  auto it = std::find_if(columns.begin(), columns.end(),
                         [&](const store::ColumnInfo& c) { return c.name == name; });
  if (it == columns.end()) return std::nullopt;
  return static_cast<size_t>(it - columns.begin());
}

}  // namespace

std::string IdList(const std::vector<int64_t>& ids) {
  std::string list;
  for (int64_t id : ids) list += (list.empty() ? "" : ", ") + std::to_string(id);
  return list;
}

std::optional<TimelinePlan> PlanTimeline(const std::vector<store::ColumnInfo>& columns,
                                         const TimelineFilter& f) {
  if (!IndexOf(columns, store::kEidColumn) || !IndexOf(columns, store::kTimeColumn))
    return std::nullopt;
  TimelinePlan plan;
  auto any_of = [&](const std::vector<std::string>& names, const std::string& value,
                    TextTest::How how) -> bool {
    TextTest test;
    test.how = how;
    test.value = AsciiToLower(value);
    for (const std::string& name : names) {
      if (auto i = IndexOf(columns, name)) test.columns.push_back(*i);
    }
    if (test.columns.empty()) return false;
    plan.text.push_back(std::move(test));
    return true;
  };
  if (!f.host.empty() && !any_of({"Computer"}, f.host, TextTest::How::kHost)) return std::nullopt;
  if (!f.user.empty() && !any_of(UserColumns(), f.user, TextTest::How::kContains))
    return std::nullopt;
  if (!f.process.empty() && !any_of(ProcessColumns(), f.process, TextTest::How::kContains))
    return std::nullopt;
  if (!f.ip.empty() && !any_of(IpColumns(), f.ip, TextTest::How::kEquals)) return std::nullopt;
  if (!f.event_ids.empty()) {
    plan.event_id = IndexOf(columns, "EventID");
    if (plan.event_id) plan.event_ids = f.event_ids;
  }
  auto sorted = [](std::vector<int64_t> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
  };
  plan.eids = sorted(f.eids);
  plan.linked_eids = sorted(f.linked_eids);
  if (!f.linked_eids.empty()) plan.linked_column = IndexOf(columns, "EventEid");
  plan.from = f.from;
  plan.to = f.to;
  plan.page_rows = f.page_rows;
  return plan;
}

void TimelineCursor::Take(std::vector<Value>& row) {
  current.table = table_;
  current.fields.clear();
  current.host.clear();
  for (size_t i = 0; i < columns_.size() && i < row.size(); ++i) {
    const store::ColumnInfo& col = columns_[i];
    Value& v = row[i];
    if (col.name == store::kEidColumn) {
      current.eid = v.as_long();
    } else if (col.name == store::kTimeColumn) {
      current.time = v.type() == ValueType::kDateTime ? v.as_time() : Timestamp{v.as_long()};
    } else if (!v.is_null()) {
      if (col.name == "Computer") current.host = v.ToText();
      current.fields.emplace_back(col.name, std::move(v));
    }
  }
  current.message = MessageFor(table_, current.fields, &current.kind);
}

Result<std::unique_ptr<TimelineCursor>> OpenTimelineCursor(const store::Case& c,
                                                           const std::string& table,
                                                           const TimelineFilter& filter) {
  QUARRY_ASSIGN_OR_RETURN(auto columns, c.ColumnTypes(table));
  std::optional<TimelinePlan> plan = PlanTimeline(columns, filter);
  if (!plan) return std::unique_ptr<TimelineCursor>();
  if (c.is_remote()) return OpenClickHouseCursor(c, table, std::move(columns), *plan);
  return OpenSqliteCursor(c, table, std::move(columns), *plan);
}

}  // namespace quarry::ir::internal
