// Writes events into a case in batches. Each batch is one SQLite transaction holding the rows,
// the catalog deltas and the file's progress, so a process killed at any point leaves a case
// that holds whole batches only and knows where each file stopped.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/event.h"
#include "core/status.h"
#include "store/case.h"

namespace quarry::store {

struct FileStart {
  enum class State { kNew, kResume, kComplete };
  State state = State::kNew;
  int64_t file_id = 0;
  int64_t records_done = 0;  // events already committed (resume skips them)
  int64_t skipped_before = 0;
};

class CaseWriter {
 public:
  explicit CaseWriter(Case& c);
  ~CaseWriter();
  CaseWriter(const CaseWriter&) = delete;
  CaseWriter& operator=(const CaseWriter&) = delete;

  // Registers a file by content hash (committed at once, so a resumed run reuses the id).
  Result<FileStart> BeginFile(std::string_view sha256, std::string_view path, int64_t size,
                              std::string_view format);
  // Adds an event of `file_id` to the open batch (opening one if needed).
  Status Append(const Event& event, int64_t file_id);
  // Commits the open batch together with the file's progress.
  Status CommitBatch(int64_t file_id, int64_t records_done, int64_t skipped);
  // Commits the rest and marks the file complete.
  Status FinishFile(int64_t file_id, int64_t records, int64_t skipped, int64_t findings,
                    std::string_view format);
  // Builds missing indexes and trims the value samples; call once at the end of an ingest.
  Status Finalize();

  int64_t pending_rows() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry::store
