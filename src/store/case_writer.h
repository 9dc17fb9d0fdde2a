// Writes events into a case in batches. Each batch is one SQLite transaction holding the rows,
// the catalog deltas and the file's progress, so a process killed at any point leaves a case
// that holds whole batches only and knows where each file stopped.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/event.h"
#include "core/status.h"
#include "store/case.h"

namespace quarry::store {

// What identifies an evidence file before it is read: its size and the SHA-256 of its head.
// Only a file whose size and head match a registered one is hashed in full before reading; any
// other file is new, and its SHA-256 is computed while it is read.
struct FileProbe {
  std::string path;
  int64_t size = 0;
  std::string head_sha256;  // of the first kFileHeadBytes bytes (all of a smaller file)
  // SHA-256 of the file's first `n` bytes (`n` = size: the whole file).
  std::function<Result<std::string>(uint64_t n)> hash_prefix;
};
inline constexpr uint64_t kFileHeadBytes = uint64_t{64} * 1024;

// How much of a file a committed batch has read, and the SHA-256 of those bytes: a rerun
// resumes a partial file only when its first `bytes` bytes are unchanged.
struct FilePrefix {
  uint64_t bytes = 0;
  std::string sha256;
};

struct FileStart {
  enum class State { kNew, kResume, kComplete };
  State state = State::kNew;
  int64_t file_id = 0;
  int64_t records_done = 0;  // events already committed (resume skips them)
  int64_t skipped_before = 0;
  std::string sha256;  // of the whole file, when it is already complete in the case
};

class CaseWriter {
 public:
  explicit CaseWriter(Case& c);
  ~CaseWriter();
  CaseWriter(const CaseWriter&) = delete;
  CaseWriter& operator=(const CaseWriter&) = delete;

  // Finds the file in the case (complete: skip it; partial with an unchanged prefix: resume
  // it) or registers it as new (committed at once, so a resumed run reuses the id).
  Result<FileStart> BeginFile(const FileProbe& probe, std::string_view format);
  // Adds an event of `file_id` to the open batch (opening one if needed).
  Status Append(const Event& event, int64_t file_id);
  // Commits the open batch together with the file's progress.
  Status CommitBatch(int64_t file_id, int64_t records_done, int64_t skipped,
                     const FilePrefix& read_so_far);
  // Commits the rest and marks the file complete, with the SHA-256 of all its bytes.
  Status FinishFile(int64_t file_id, int64_t records, int64_t skipped, int64_t findings,
                    std::string_view format, std::string_view sha256);
  // Builds missing indexes and trims the value samples; call once at the end of an ingest.
  Status Finalize();

  int64_t pending_rows() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry::store
