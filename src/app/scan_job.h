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
#include "sigma/engine.h"

namespace quarry::app {

using Alert = sigma::Alert;

struct ScanOptions {
  std::vector<std::string> paths;
  // Scan a case's events instead of files; alerts are also stored in its `Alerts` table,
  // identified by the engine's digest and the case's evidence (the same scan twice adds nothing).
  std::string case_dir;
  const sigma::Engine* engine = nullptr;  // loaded (Finish called)
  std::optional<Timestamp> from;          // events before are skipped
  std::optional<Timestamp> to;            // events at or after are skipped
  size_t threads = 1;        // > 1: events matched on this many threads, EVTX chunks decoded too
  bool store_alerts = true;  // with case_dir: false scans the case without writing to it
  // A ClickHouse case: the rules' conditions filter in the store only up to this many tests, and
  // only for tables of at least `rows_per_test` rows per test (else their gates alone filter).
  struct StoreFilterLimits {
    size_t max_tests = 1024;
    int64_t rows_per_test = 1000;
  } store_filter;
  std::function<void(const Alert&)> on_alert;
  std::function<void(const Finding&)> on_finding;
  // Asked between events (one thread) and between files: true stops the scan (kCancelled).
  std::function<bool()> cancelled;
};

struct ScanCounts {
  int64_t files = 0;
  int64_t unreadable_files = 0;
  int64_t events = 0;
  // Of `events`, those a ClickHouse case's store ruled out with the rules' SQL filter: no rule
  // could match them, so they were never sent (the matcher judged the rest).
  int64_t events_left_in_store = 0;
  int64_t skipped_records = 0;
  int64_t alerts = 0;
  int64_t alerts_stored = 0;
  bool alerts_already_stored = false;  // this scan of this case was stored before
  double seconds = 0;
};

Result<ScanCounts> RunScan(const ScanOptions& options);

}  // namespace quarry::app
