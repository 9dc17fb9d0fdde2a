#include "ir/timeline.h"

#include <algorithm>
#include <memory>

#include "ir/timeline_cursor.h"

namespace quarry::ir {

std::string FieldValue(const TimelineEntry& e, std::string_view name) {
  for (const auto& [k, v] : e.fields) {
    if (k == name) return v.is_null() ? "" : v.ToText();
  }
  return "";
}

std::string ShortHost(const std::string& host) {
  return host.substr(0, host.find('.'));
}

const std::vector<std::string>& UserColumns() {
  static const std::vector<std::string> kColumns = {"TargetUserName",
                                                    "SubjectUserName",
                                                    "User",
                                                    "UserIdentityUserName",
                                                    "UserIdentityArn",
                                                    "SessionIssuerUserName",
                                                    "AccountName",
                                                    "ParentUser",
                                                    "SourceUser",
                                                    "TargetUser",
                                                    "UserName",
                                                    "uid_name",
                                                    "acct"};
  return kColumns;
}

const std::vector<std::string>& ProcessColumns() {
  static const std::vector<std::string> kColumns = {"Image",
                                                    "NewProcessName",
                                                    "ParentImage",
                                                    "ParentProcessName",
                                                    "ProcessName",
                                                    "SourceImage",
                                                    "TargetImage",
                                                    "CommandLine",
                                                    "ParentCommandLine",
                                                    "ImagePath",
                                                    "ServiceFileName",
                                                    "exe",
                                                    "comm",
                                                    "proctitle"};
  return kColumns;
}

const std::vector<std::string>& IpColumns() {
  static const std::vector<std::string> kColumns = {
      "IpAddress",       "SourceIp",      "DestinationIp", "SourceIpAddress",
      "ClientIPAddress", "SourceAddress", "DestAddress",   "RemoteIP",
      "HostIP",          "src_ip",        "dst_ip",        "addr"};
  return kColumns;
}

Result<TimelineStats> ReadTimeline(const store::Case& c, const TimelineFilter& filter,
                                   const std::function<bool(const TimelineEntry&)>& fn) {
  QUARRY_ASSIGN_OR_RETURN(auto tables, c.Tables());
  std::vector<std::unique_ptr<internal::TimelineCursor>> cursors;
  TimelineStats stats;
  for (const auto& t : tables) {
    bool alerts = t.name == kAlertsTable;
    if (!filter.tables.empty() &&
        std::find(filter.tables.begin(), filter.tables.end(), t.name) == filter.tables.end()) {
      continue;
    }
    if ((filter.alerts_only && !alerts) || (alerts && !filter.with_alerts && !filter.alerts_only)) {
      continue;
    }
    QUARRY_ASSIGN_OR_RETURN(auto cursor, internal::OpenTimelineCursor(c, t.name, filter));
    if (!cursor) continue;
    ++stats.tables;
    if (!cursor->done) cursors.push_back(std::move(cursor));
  }
  // Merge by (time, _eid): a handful of tables, so a scan for the smallest beats a heap.
  while (!cursors.empty()) {
    size_t best = 0;
    for (size_t i = 1; i < cursors.size(); ++i) {
      const TimelineEntry& a = cursors[i]->current;
      const TimelineEntry& b = cursors[best]->current;
      if (a.time < b.time || (a.time == b.time && a.eid < b.eid)) best = i;
    }
    if (filter.limit > 0 && stats.entries == filter.limit) {
      stats.truncated = true;
      break;
    }
    ++stats.entries;
    if (!fn(cursors[best]->current)) break;
    QUARRY_RETURN_IF_ERROR(cursors[best]->Next());
    if (cursors[best]->done) cursors.erase(cursors.begin() + static_cast<std::ptrdiff_t>(best));
  }
  return stats;
}

}  // namespace quarry::ir
