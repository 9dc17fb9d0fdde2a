#include "store/file_registry.h"

#include <optional>
#include <vector>

#include "store/sqlite_util.h"

namespace quarry::store {
namespace {

// SHA-256 of no bytes: the prefix of a file registered before its first batch.
constexpr const char* kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

struct Candidate {
  int64_t file_id = 0;
  bool complete = false;
  std::string sha256;
  int64_t records = 0;
  int64_t skipped = 0;
  uint64_t prefix_bytes = 0;
  std::string prefix_sha256;
};

}  // namespace

Result<FileStart> FindRegisteredFile(sqlite3* db, const FileProbe& probe) {
  Statement q(db,
              "SELECT file_id, status, sha256, records, skipped, prefix_bytes, prefix_sha256 "
              "FROM _quarry_files WHERE size = ? AND head_sha256 = ? ORDER BY file_id");
  q.BindInt(1, probe.size);
  q.BindTextCopy(2, probe.head_sha256);
  std::vector<Candidate> candidates;
  for (;;) {
    auto row = q.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Candidate c;
    c.file_id = q.ColumnInt(0);
    c.complete = q.ColumnText(1) == "complete";
    c.sha256 = q.ColumnText(2);
    c.records = q.ColumnInt(3);
    c.skipped = q.ColumnInt(4);
    c.prefix_bytes = static_cast<uint64_t>(q.ColumnInt(5));
    c.prefix_sha256 = q.ColumnText(6);
    candidates.push_back(std::move(c));
  }
  FileStart start;
  if (candidates.empty()) return start;
  // Same size and head as a registered file: only the full content can tell them apart.
  std::optional<std::string> whole;
  auto prefix_hash = [&](uint64_t n) -> Result<std::string> {
    if (n == static_cast<uint64_t>(probe.size) && whole) return *whole;
    QUARRY_ASSIGN_OR_RETURN(std::string h, probe.hash_prefix(n));
    if (n == static_cast<uint64_t>(probe.size)) whole = h;
    return h;
  };
  for (const Candidate& c : candidates) {
    if (!c.complete) continue;
    QUARRY_ASSIGN_OR_RETURN(std::string h, prefix_hash(static_cast<uint64_t>(probe.size)));
    if (h == c.sha256) {
      start.state = FileStart::State::kComplete;
      start.file_id = c.file_id;
      start.records_done = c.records;
      start.skipped_before = c.skipped;
      start.sha256 = h;
      return start;
    }
  }
  for (const Candidate& c : candidates) {
    if (c.complete || c.prefix_bytes > static_cast<uint64_t>(probe.size)) continue;
    QUARRY_ASSIGN_OR_RETURN(std::string h, prefix_hash(c.prefix_bytes));
    if (h == c.prefix_sha256) {
      start.state = FileStart::State::kResume;
      start.file_id = c.file_id;
      start.records_done = c.records;
      start.skipped_before = c.skipped;
      return start;
    }
  }
  return start;
}

Result<int64_t> RegisterFile(sqlite3* db, const FileProbe& probe, std::string_view format,
                             std::string_view started) {
  Statement insert(db,
                   "INSERT INTO _quarry_files(path, size, head_sha256, prefix_sha256, format, "
                   "status, started) VALUES(?,?,?,?,?,'partial',?)");
  insert.BindTextCopy(1, probe.path);
  insert.BindInt(2, probe.size);
  insert.BindTextCopy(3, probe.head_sha256);
  insert.BindTextCopy(4, kEmptySha256);
  insert.BindTextCopy(5, format);
  insert.BindTextCopy(6, started);
  QUARRY_RETURN_IF_ERROR(insert.Run());
  return sqlite3_last_insert_rowid(db);
}

}  // namespace quarry::store
