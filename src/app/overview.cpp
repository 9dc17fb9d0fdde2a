#include "app/overview.h"

#include <algorithm>
#include <map>

#include "app/kql.h"
#include "core/json.h"
#include "core/strings.h"

namespace quarry::app {
namespace {

std::string KqlString(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

std::string TableName(const std::string& name) {
  return "['" + name + "']";
}

// The rows of a KQL query as (text, count) pairs, or an error naming the query.
Result<std::vector<std::pair<std::string, int64_t>>> Counts(const std::string& case_dir,
                                                            const std::string& kql) {
  QueryRequest request;
  request.case_dir = case_dir;
  request.text = kql;
  request.text_may_name_file = false;
  QUARRY_ASSIGN_OR_RETURN(query::QueryResult result, RunQuery(request));
  if (!result.ran) {
    std::string why = result.findings.empty() ? "" : ": " + result.findings.front().message;
    return Internal("the query '" + kql + "' did not run" + why);
  }
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& row : result.rows) {
    if (row.size() < 2) continue;
    out.emplace_back(row[0].is_null() ? "" : row[0].ToText(), row[1].as_long());
  }
  return out;
}

// The host filter of the timeline: the name itself, or it as the first label of a longer name.
std::string HostFilter(const std::string& host) {
  if (host.empty()) return "";
  return " | where Computer =~ " + KqlString(host) + " or Computer startswith " +
         KqlString(host + ".");
}

void WriteCounts(JsonWriter& w, std::string_view key,
                 const std::vector<std::pair<std::string, int64_t>>& counts) {
  w.Key(key).BeginArray();
  for (const auto& [name, n] : counts)
    w.BeginObject().Field("name", name).Field("count", n).EndObject();
  w.EndArray();
}

}  // namespace

Result<CaseOverview> Overview(const std::string& case_dir) {
  CaseOverview out;
  QUARRY_ASSIGN_OR_RETURN(out.tables, CaseTables(case_dir));
  QUARRY_ASSIGN_OR_RETURN(out.files, CaseFiles(case_dir));
  out.files_total = static_cast<int64_t>(out.files.rows.size());
  if (out.files.rows.size() > 200) out.files.rows.resize(200);
  std::vector<std::string> event_tables;
  bool has_alerts = false;
  for (const auto& row : out.tables.table.rows) {
    const std::string& name = row[0].as_string();
    if (!row[2].is_null() && (out.min_time == 0 || row[2].as_time().ticks < out.min_time)) {
      out.min_time = row[2].as_time().ticks;
    }
    if (!row[3].is_null() && row[3].as_time().ticks > out.max_time)
      out.max_time = row[3].as_time().ticks;
    if (name == "Alerts") {
      has_alerts = true;
      continue;
    }
    event_tables.push_back(TableName(name));
  }
  if (has_alerts) {
    QUARRY_ASSIGN_OR_RETURN(
        out.alerts_by_level,
        Counts(case_dir, "Alerts | summarize n = count() by Level | sort by n desc"));
    QUARRY_ASSIGN_OR_RETURN(
        out.alerts_by_host,
        Counts(case_dir, "Alerts | summarize n = count() by Computer | top 20 by n desc"));
    for (const auto& [level, n] : out.alerts_by_level) out.alerts += n;
  }
  // Table by table: a union would carry every table's columns through SQLite for a count. A
  // table without a Computer column (CloudTrail) has no hosts to count.
  std::map<std::string, int64_t> hosts;
  for (const std::string& table : event_tables) {
    auto counts = Counts(case_dir, table +
                                       " | where isnotempty(Computer) | summarize n = count() "
                                       "by Computer");
    if (!counts.ok()) continue;
    for (const auto& [host, n] : *counts) hosts[host] += n;
  }
  out.events_by_host.assign(hosts.begin(), hosts.end());
  std::stable_sort(out.events_by_host.begin(), out.events_by_host.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (out.events_by_host.size() > 20) out.events_by_host.resize(20);
  return out;
}

std::string OverviewJson(const CaseOverview& o) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("tables").BeginArray();
  for (const auto& row : o.tables.table.rows) {
    w.BeginObject();
    for (size_t i = 0; i < o.tables.table.columns.size() && i < row.size(); ++i) {
      w.Key(o.tables.table.columns[i]).Cell(row[i]);
    }
    w.EndObject();
  }
  w.EndArray().Field("total_rows", o.tables.total_rows);
  w.Key("time").BeginObject();
  if (o.max_time != 0) {
    w.Field("from", FormatIsoTime(Timestamp{o.min_time}))
        .Field("to", FormatIsoTime(Timestamp{o.max_time}));
  }
  w.EndObject().Field("alerts", o.alerts);
  WriteCounts(w, "alerts_by_level", o.alerts_by_level);
  WriteCounts(w, "alerts_by_host", o.alerts_by_host);
  WriteCounts(w, "events_by_host", o.events_by_host);
  w.Key("files").BeginArray();
  for (const auto& row : o.files.rows) {
    w.BeginObject();
    for (size_t i = 0; i < o.files.columns.size() && i < row.size(); ++i) {
      w.Key(o.files.columns[i]).Cell(row[i]);
    }
    w.EndObject();
  }
  w.EndArray().Field("files_total", o.files_total).EndObject();
  return out;
}

namespace {

// Buckets of `span` seconds, aligned to the epoch, that [from, to] touches.
int64_t AlignedBuckets(Timestamp from, Timestamp to, int64_t span) {
  const int64_t width = span * Timestamp::kTicksPerSecond;
  const int64_t first = from.ticks - ((from.ticks % width) + width) % width;
  return (to.ticks - first) / width + 1;
}

}  // namespace

int64_t BucketSeconds(Timestamp from, Timestamp to, int64_t buckets) {
  static constexpr int64_t kSpans[] = {1,     2,     5,      10,     15,      30,     60,    120,
                                       300,   600,   900,    1800,   3600,    7200,   10800, 21600,
                                       43200, 86400, 172800, 604800, 1209600, 2592000};
  // Two at least: a range that crosses a bucket boundary touches two buckets, whatever the span.
  buckets = std::clamp<int64_t>(buckets, 2, 1000);
  for (int64_t span : kSpans) {
    if (AlignedBuckets(from, to, span) <= buckets) return span;
  }
  // Spans of width w with (buckets - 1) * w > to - from: aligned, the range touches at most
  // `buckets` of them.
  const int64_t range = to.ticks - from.ticks;
  const int64_t per = (buckets - 1) * Timestamp::kTicksPerSecond;
  return range / per + 1;
}

Result<TimeHistogram> Histogram(const HistogramRequest& request) {
  if (request.buckets < 2 || request.buckets > 1000) {
    return UsageError("buckets must be between 2 and 1000");
  }
  QUARRY_ASSIGN_OR_RETURN(TablesReport tables, CaseTables(request.case_dir));
  TimeHistogram out;
  int64_t min_time = 0, max_time = 0;
  std::vector<std::string> event_tables;
  bool has_alerts = false;
  for (const auto& row : tables.table.rows) {
    const std::string& name = row[0].as_string();
    if (name == "Alerts") {
      has_alerts = true;
    } else if (!row[2].is_null()) {
      event_tables.push_back(TableName(name));
    }
    if (!row[2].is_null() && (min_time == 0 || row[2].as_time().ticks < min_time)) {
      min_time = row[2].as_time().ticks;
    }
    if (!row[3].is_null()) max_time = std::max(max_time, row[3].as_time().ticks);
  }
  for (const auto& [text, bound, fallback] : {std::tuple{&request.from, &out.from, min_time},
                                              std::tuple{&request.to, &out.to, max_time}}) {
    if (text->empty()) {
      bound->ticks = fallback;
      continue;
    }
    auto t = ParseIsoTime(*text);
    if (!t)
      return UsageError("'" + *text + "' is not a time (ISO 8601, e.g. 2026-03-14T09:00:00Z)");
    *bound = *t;
  }
  if (out.to < out.from) return UsageError("the end of the range is before its start");
  out.bucket_seconds = BucketSeconds(out.from, out.to, request.buckets);
  const int64_t width = out.bucket_seconds * Timestamp::kTicksPerSecond;
  const int64_t first = out.from.ticks - ((out.from.ticks % width) + width) % width;
  const size_t n = static_cast<size_t>((out.to.ticks - first) / width + 1);
  for (size_t i = 0; i < n; ++i)
    out.starts.push_back(Timestamp{first + static_cast<int64_t>(i) * width});
  out.events.assign(n, 0);
  out.alerts.assign(n, 0);
  if (max_time == 0) return out;
  std::string range = " | where TimeGenerated between (datetime(" + FormatIsoTime(out.from) +
                      ") .. datetime(" + FormatIsoTime(out.to) + "))" + HostFilter(request.host) +
                      " | summarize count() by bin(TimeGenerated, " +
                      std::to_string(out.bucket_seconds) + "s)";
  // Table by table, as in Overview. With a host, a table without a Computer column is skipped.
  auto add = [&](const std::string& kql, std::vector<int64_t>& into) -> Status {
    QueryRequest q;
    q.case_dir = request.case_dir;
    q.text = kql;
    q.text_may_name_file = false;
    q.max_rows = n + 1;
    QUARRY_ASSIGN_OR_RETURN(query::QueryResult result, RunQuery(q));
    if (!result.ran) {
      if (!request.host.empty()) return Status::Ok();
      std::string why = result.findings.empty() ? "" : ": " + result.findings.front().message;
      return UsageError("the histogram's query '" + kql + "' did not run" + why);
    }
    for (const auto& row : result.rows) {
      if (row.size() < 2 || row[0].is_null()) continue;
      int64_t i = (row[0].as_time().ticks - first) / width;
      if (i >= 0 && static_cast<size_t>(i) < n) into[static_cast<size_t>(i)] += row[1].as_long();
    }
    return Status::Ok();
  };
  for (const std::string& table : event_tables) {
    const std::string kql = table + range;
    if (!out.events_query.empty()) out.events_query += '\n';
    out.events_query += kql;
    QUARRY_RETURN_IF_ERROR(add(kql, out.events));
  }
  if (has_alerts) {
    out.alerts_query = "Alerts" + range;
    QUARRY_RETURN_IF_ERROR(add(out.alerts_query, out.alerts));
  }
  return out;
}

std::string HistogramJson(const TimeHistogram& h) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject()
      .Field("from", FormatIsoTime(h.from))
      .Field("to", FormatIsoTime(h.to))
      .Field("bucket_seconds", h.bucket_seconds)
      .Key("buckets")
      .BeginArray();
  int64_t events = 0, alerts = 0;
  for (size_t i = 0; i < h.starts.size(); ++i) {
    w.BeginObject().Field("start", FormatIsoTime(h.starts[i])).Field("events", h.events[i]);
    w.Field("alerts", h.alerts[i]).EndObject();
    events += h.events[i];
    alerts += h.alerts[i];
  }
  w.EndArray().Field("events", events).Field("alerts", alerts);
  w.Field("events_query", h.events_query).Field("alerts_query", h.alerts_query).EndObject();
  return out;
}

}  // namespace quarry::app
