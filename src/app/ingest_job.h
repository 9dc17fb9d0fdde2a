// `quarry ingest`: evidence files and folders into a case, resumable after any interruption.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "app/render.h"
#include "core/finding.h"
#include "core/status.h"

namespace quarry::app {

struct IngestProgress {
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;
  uint64_t events = 0;
  size_t file_index = 0;
  size_t file_count = 0;
  std::string current_file;
  const char* phase = "reading";  // "hashing" while the file's SHA-256 is computed
};

struct IngestOptions {
  std::vector<std::string> paths;
  std::string case_dir;
  // Events per committed batch; 0 chooses: 25,000 for a SQLite case, 250,000 for a ClickHouse
  // one (each commit sends every table's rows so far: bigger blocks make fewer parts to merge).
  size_t batch_size = 0;
  size_t max_record_bytes = 16u << 20;
  size_t findings_shown_per_file = 10;
  // 1 reads and stores on one thread; 2 parses on a second thread while the store writes (on
  // the 2-vCPU machines measured, cross-core hand-over cost more than it saved: see bench/).
  size_t threads = 1;
  // EVTX: also recover records left in the slack space of chunks.
  bool evtx_carve = false;
  // clickhouse://HOST:PORT/DATABASE for a new case's events; empty: the case's own SQLite.
  std::string store;
  std::function<void(const Finding&)> on_finding;
  std::function<void(const IngestProgress&)> on_progress;
};

struct FileOutcome {
  enum class State { kIngested, kResumed, kAlreadyInCase, kUnreadable };
  std::string path;
  State state = State::kIngested;
  std::string format;
  std::string sha256;
  int64_t events = 0;        // events now in the case from this file
  int64_t events_added = 0;  // added by this run
  int64_t skipped = 0;       // records lost
  int64_t repaired = 0;      // records kept with replaced bytes
  int64_t findings = 0;
  bool damaged = false;                   // read/decompression error cut the file short
  std::string error;                      // why an unreadable file was not ingested
  std::map<std::string, int64_t> tables;  // events added per table
};

const char* FileStateName(FileOutcome::State s);

struct IngestReport {
  std::vector<FileOutcome> files;
  std::vector<Finding> path_errors;  // paths or folders that could not be listed
  int64_t events_added = 0;
  double seconds = 0;
  // True when anything was not read whole: the exit code is then 3.
  bool anything_skipped() const;
};

// Expands folders (recursively, sorted) into files; unreadable entries become findings.
std::vector<std::string> ExpandPaths(const std::vector<std::string>& paths,
                                     const std::string& exclude_dir, std::vector<Finding>& errors);

Result<IngestReport> RunIngest(const IngestOptions& options);

// The evidence formats, from the reader table (for `quarry ingest --help`).
std::string IngestFormatsHelp();

// Renderings of a report: per-file lines and a summary for people, one row per file, and one
// JSON object (case, events_added, seconds, complete, files, path_errors).
std::string IngestReportText(const IngestReport& report, const std::string& case_dir);
Table IngestFilesTable(const IngestReport& report);
std::string IngestReportJson(const IngestReport& report, const std::string& case_dir);

}  // namespace quarry::app
