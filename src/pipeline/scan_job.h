// `quarry scan`: Sigma rules over evidence files, streaming; alerts in file and record order.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/status.h"
#include "core/time.h"
#include "sigma/ruleset.h"

namespace quarry::pipeline {

struct Alert {
  int info = 0;  // the rule (or correlation) that fired: into Ruleset::infos()
  std::optional<Timestamp> time;
  std::string computer;
  std::string channel;
  std::string event_id;
  std::string table;
  std::string source;
  uint64_t record = 0;  // EVTX record id, or byte offset of the record for text formats
  int64_t eid = -1;     // the event's _eid when scanning a case
  std::vector<std::pair<std::string, std::string>> details;  // key fields of the event
  std::vector<sigma::CorrelationFeed> feeds;  // what the event gives the correlations
};

struct ScanOptions {
  std::vector<std::string> paths;
  // Scan a case's events instead of files; alerts are also stored in its `Alerts` table,
  // identified by `rules_digest` and the case's evidence (the same scan twice adds nothing).
  std::string case_dir;
  std::string rules_digest;
  const sigma::Ruleset* rules = nullptr;
  std::optional<Timestamp> from;  // events before are skipped
  std::optional<Timestamp> to;    // events at or after are skipped
  size_t threads = 1;  // > 1: events matched on this many threads, EVTX chunks decoded too
  std::function<void(const Alert&)> on_alert;
  std::function<void(const Finding&)> on_finding;
};

struct ScanReport {
  int64_t files = 0;
  int64_t unreadable_files = 0;
  int64_t events = 0;
  int64_t skipped_records = 0;
  int64_t alerts = 0;
  int64_t alerts_stored = 0;
  bool alerts_already_stored = false;  // this scan of this case was stored before
  double seconds = 0;
};

Result<ScanReport> RunScan(const ScanOptions& options);

}  // namespace quarry::pipeline
