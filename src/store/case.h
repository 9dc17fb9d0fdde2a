// A case: a directory holding events.db (SQLite, WAL) with one table per evidence source
// type, a catalog of what is in them, and a registry of ingested files.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/event.h"
#include "core/status.h"
#include "core/time.h"
#include "core/value.h"
#include "store/store_location.h"

namespace quarry::store {

class ClickHouseEvents;

using TextRow = std::vector<std::optional<std::string>>;

// Columns every event table has.
inline constexpr const char* kEidColumn = "_eid";
inline constexpr const char* kTimeColumn = "TimeGenerated";
inline constexpr const char* kSourceColumn = "_source";
inline constexpr const char* kRecordColumn = "_record";
// Events of one file get _eid = file_id * kEidFileStride + record ordinal.
inline constexpr int64_t kEidFileStride = 1'000'000'000;

struct TableInfo {
  std::string name;
  int64_t rows = 0;
  std::optional<Timestamp> min_time;
  std::optional<Timestamp> max_time;
  int64_t columns = 0;
};

struct ColumnInfo {
  std::string name;
  ValueType type = ValueType::kNull;
  int64_t non_null = 0;
  double fill_rate = 0;  // non_null / table rows
  int64_t distinct_estimate = 0;
  std::vector<std::pair<std::string, int64_t>> top_values;  // most frequent first
};

struct FileRecord {
  int64_t file_id = 0;
  std::string sha256;
  std::string path;
  std::string format;
  std::string status;  // "partial" or "complete"
  int64_t size = 0;
  int64_t records = 0;
  int64_t skipped = 0;
};

struct StoredEvent {
  std::string table;
  int64_t eid = 0;
  std::vector<std::pair<std::string, Value>> fields;  // in column order, nulls left out
  std::optional<FileRecord> file;
};

class Case {
 public:
  enum class Mode { kOpenExisting, kCreateIfMissing };
  // `new_store` (ingest --store) chooses where a new case keeps its events; an existing case
  // keeps the store it was made with, and naming another one is an error.
  static Result<std::unique_ptr<Case>> Open(const std::string& dir, Mode mode,
                                            const StoreLocation* new_store = nullptr);
  ~Case();
  Case(const Case&) = delete;
  Case& operator=(const Case&) = delete;

  const std::string& dir() const { return dir_; }
  // The catalog, the file registry and (for a SQLite case) the event tables.
  sqlite3* db() const { return db_; }
  // Where the events are, when not in db(): ClickHouse, connected on first use.
  const std::optional<StoreLocation>& remote_location() const { return remote_location_; }
  bool is_remote() const { return remote_location_.has_value(); }
  Result<ClickHouseEvents*> remote() const;
  // A query of the event tables in each store's SQL (they differ: ClickHouse groups by
  // expressions and quotes with backslashes); rows as text, nullopt for NULL. `fn` returns false
  // to stop.
  Status SelectText(const std::string& sqlite_sql, const std::string& clickhouse_sql,
                    const std::function<bool(const TextRow&)>& fn) const;
  // "sqlite" or the ClickHouse URL, for messages.
  std::string StoreName() const;
  // The rows of `columns` of event table `table` (catalog types), from wherever the events are;
  // `tail` follows the FROM clause (WHERE …, ORDER BY …) in SQL both engines read alike.
  Status ReadRows(const std::string& table, const std::vector<ColumnInfo>& columns,
                  const std::string& tail,
                  const std::function<bool(std::vector<Value>&)>& fn) const;

  Result<std::vector<TableInfo>> Tables() const;
  Result<std::vector<ColumnInfo>> Columns(const std::string& table, size_t top_values = 5) const;
  // Names and types only, in order: what a query needs, without decoding any statistics.
  Result<std::vector<ColumnInfo>> ColumnTypes(const std::string& table) const;
  Result<std::vector<FileRecord>> Files() const;
  Result<std::optional<StoredEvent>> FindEvent(int64_t eid) const;
  // SHA-256 over every event table's rows (columns by name, rows by _eid): equal digests mean
  // equal content, whatever order columns were added in.
  Result<std::string> ContentDigest() const;
  // Every event of every table except `skip_tables`, table by table in _eid order, read back as
  // Events (TimeGenerated as the time, _source/_record/_eid as provenance). Stops early when
  // `fn` returns false.
  //
  // `rows`, when given, is asked per table of a ClickHouse case which rows to read (a SQLite case
  // reads every row): nullopt for none, or an EventFilter in ClickHouse SQL.
  struct EventFilter {
    std::string gate;       // on a few columns, cheap to test on every row; "" passes all
    std::string condition;  // tested on the rows the gate passes; "" passes all
  };
  using RowFilter = std::function<std::optional<EventFilter>(const TableInfo& table,
                                                             const std::vector<ColumnInfo>&)>;
  Status ForEachEvent(const std::vector<std::string>& skip_tables,
                      const std::function<bool(const Event&)>& fn,
                      const RowFilter& rows = nullptr) const;

 private:
  Case();
  std::string dir_;
  sqlite3* db_ = nullptr;
  Result<std::string> RemoteFilterClause(const std::string& table, const EventFilter& filter) const;
  std::optional<StoreLocation> remote_location_;
  mutable std::unique_ptr<ClickHouseEvents> remote_;
};

// One writer per case: held for the whole of an ingest, so a second `quarry ingest` on the same
// case stops with a clear message instead of racing the first (readers are never blocked).
class WriteLock {
 public:
  static Result<WriteLock> Acquire(const std::string& case_dir);
  WriteLock(WriteLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  WriteLock& operator=(WriteLock&&) = delete;
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;
  ~WriteLock();

 private:
  explicit WriteLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// Column values read back from SQLite with the catalog's type.
Value ReadValue(sqlite3_stmt* stmt, int column, ValueType type);

}  // namespace quarry::store
