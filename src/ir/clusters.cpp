#include "ir/clusters.h"

#include <algorithm>
#include <unordered_map>

#include "core/json.h"

namespace quarry::ir {
namespace {

// Whose activity an entry is: its host, else the cloud identity that acted, else its table.
std::string EntityOf(const TimelineEntry& e) {
  if (!e.host.empty()) return "host " + e.host;
  for (const char* name : {"UserIdentityArn", "UserIdentityInvokedBy", "UserIdentityUserName"}) {
    std::string v = FieldValue(e, name);
    if (!v.empty() && v != "-") return "identity " + v;
  }
  return "table " + e.table;
}

}  // namespace

Result<std::vector<ActivityCluster>> BuildClusters(const store::Case& c,
                                                   const TimelineFilter& filter, int64_t gap_ticks,
                                                   int64_t min_events) {
  std::vector<ActivityCluster> done;
  std::unordered_map<std::string, ActivityCluster> open;
  auto close = [&](ActivityCluster&& cluster) {
    if (cluster.events + cluster.alerts >= min_events) done.push_back(std::move(cluster));
  };
  QUARRY_ASSIGN_OR_RETURN(
      auto stats, ReadTimeline(c, filter, [&](const TimelineEntry& e) {
        std::string entity = EntityOf(e);
        auto it = open.find(entity);
        if (it != open.end() && e.time.ticks - it->second.end.ticks > gap_ticks) {
          close(std::move(it->second));
          open.erase(it);
          it = open.end();
        }
        if (it == open.end()) {
          ActivityCluster fresh;
          fresh.id = "C:" + std::to_string(e.eid);
          fresh.entity = entity;
          fresh.start = e.time;
          fresh.first_eid = e.eid;
          it = open.emplace(entity, std::move(fresh)).first;
        }
        ActivityCluster& cl = it->second;
        cl.end = e.time;
        cl.last_eid = e.eid;
        if (e.table == kAlertsTable) {
          ++cl.alerts;
        } else {
          ++cl.events;
          ++cl.kinds[e.kind];
        }
        return true;
      }));
  (void)stats;
  for (auto& [entity, cluster] : open) close(std::move(cluster));
  std::sort(done.begin(), done.end(), [](const ActivityCluster& a, const ActivityCluster& b) {
    return a.start < b.start || (a.start == b.start && a.first_eid < b.first_eid);
  });
  return done;
}

namespace {
// The most frequent kinds, most first.
std::vector<std::pair<std::string, int64_t>> TopKinds(const ActivityCluster& c, size_t n) {
  std::vector<std::pair<std::string, int64_t>> kinds(c.kinds.begin(), c.kinds.end());
  std::sort(kinds.begin(), kinds.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  if (kinds.size() > n) kinds.resize(n);
  return kinds;
}
}  // namespace

std::string ClustersText(const std::vector<ActivityCluster>& clusters) {
  std::string out;
  for (const ActivityCluster& c : clusters) {
    out += c.id + "  " + FormatIsoTime(c.start) + " -> " + FormatIsoTime(c.end) + "  " + c.entity +
           "  " + std::to_string(c.events) + " event(s)";
    if (c.alerts > 0) out += ", " + std::to_string(c.alerts) + " alert(s)";
    std::string kinds;
    for (const auto& [kind, n] : TopKinds(c, 3)) {
      kinds += (kinds.empty() ? "" : ", ") + kind + " x" + std::to_string(n);
    }
    if (!kinds.empty()) out += ": " + kinds;
    out += "\n";
  }
  return out;
}

std::string ClustersJson(const std::vector<ActivityCluster>& clusters) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("clusters").BeginArray();
  for (const ActivityCluster& c : clusters) {
    w.BeginObject().Field("id", c.id).Field("entity", c.entity);
    w.Field("start", FormatIsoTime(c.start)).Field("end", FormatIsoTime(c.end));
    w.Field("first_eid", c.first_eid).Field("last_eid", c.last_eid);
    w.Field("events", c.events).Field("alerts", c.alerts).Key("kinds").BeginObject();
    for (const auto& [kind, n] : c.kinds) w.Field(kind, n);
    w.EndObject().EndObject();
  }
  w.EndArray().EndObject();
  return out;
}

}  // namespace quarry::ir
