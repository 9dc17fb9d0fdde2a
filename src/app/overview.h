// What a case holds at a glance, and how its events spread over time: the web workbench's
// overview and timeline histogram as jobs. Both are KQL over the case, run by the one query job,
// so every number can be reproduced with `quarry query`.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "app/case_info.h"
#include "core/status.h"
#include "core/time.h"

namespace quarry::app {

struct CaseOverview {
  TablesReport tables;
  int64_t min_time = 0, max_time = 0;  // ticks over every table; 0 when the case has no time
  int64_t alerts = 0;                  // 0 when no scan stored alerts
  std::vector<std::pair<std::string, int64_t>> alerts_by_level;  // most first
  std::vector<std::pair<std::string, int64_t>> alerts_by_host;   // most first, at most 20
  std::vector<std::pair<std::string, int64_t>> events_by_host;   // most first, at most 20
  Table files;  // the evidence files, the first 200
  int64_t files_total = 0;
};
Result<CaseOverview> Overview(const std::string& case_dir);
std::string OverviewJson(const CaseOverview& overview);

struct HistogramRequest {
  std::string case_dir;
  std::string from, to;  // ISO 8601; "" for the case's first or last event
  std::string host;      // WS01 also matches WS01.corp.example
  int64_t buckets = 80;  // at most this many, 2..1000; the width is a round span
};
struct TimeHistogram {
  Timestamp from, to;
  int64_t bucket_seconds = 0;
  // Bucket starts with their counts of events (every table but Alerts) and of alerts.
  std::vector<Timestamp> starts;
  std::vector<int64_t> events, alerts;
  // The KQL that counted them: one query per event table (one per line), and the alerts'.
  std::string events_query, alerts_query;
};
// A usage error for a bad time or bucket count; an error when the case cannot be read.
Result<TimeHistogram> Histogram(const HistogramRequest& request);
std::string HistogramJson(const TimeHistogram& histogram);

// The round span (1s … 30d) that cuts [from, to] into at most `buckets` buckets.
int64_t BucketSeconds(Timestamp from, Timestamp to, int64_t buckets);

}  // namespace quarry::app
