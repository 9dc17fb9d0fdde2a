// The case writer's state, shared by its files: case_writer.cpp resolves columns and appends
// rows, case_writer_commit.cpp commits batches with the catalog and the file's progress, and
// case_writer_remote.cpp sends rows of a case whose events live in ClickHouse.
#pragma once

#include <algorithm>
#include <ctime>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/hash.h"
#include "core/strings.h"
#include "store/column_stats.h"
#include "store/file_registry.h"
#include "store/sqlite_util.h"

#include "store/block_sender.h"
#include "store/case_writer.h"
#include "store/clickhouse_client.h"
#include "store/clickhouse_events.h"

namespace quarry::store {

// SQLite allows 2000 columns; beyond this, new fields of a table go to one `_extra` bag.
constexpr size_t kMaxColumns = 1900;
// Of the values counted in a batch, how many reach the catalog; how many a column keeps. A
// column with few distinct values (event names, error codes, channels, providers, logon types)
// keeps every one of them, rare ones included: the hunt assistant links a question's words to
// them ("IAM users created" → EventName == "CreateUser"), and rare values are the interesting
// ones.
constexpr size_t kValuesKeptPerBatch = kBatchValueCap;
constexpr size_t kValuesKept = 500;
constexpr const char* kExtraColumn = "_extra";
// ClickHouse: a table's unsent rows go as one block when they reach this size (and at commit).
constexpr size_t kRemoteBlockBytes = size_t{32} << 20;
// All of a writer's unsent blocks together: past this, the largest is sent.
constexpr size_t kRemoteBufferBytes = size_t{256} << 20;
const char* const kReservedColumns[] = {kEidColumn, kTimeColumn, kSourceColumn, kRecordColumn};
const char* const kIndexedColumns[] = {kTimeColumn, "Computer", "EventID", "EventName"};

// A file's state as written with each batch.
struct FileProgress {
  int64_t file_id = 0;
  int64_t records = 0;  // records read so far (all of them when complete)
  int64_t skipped = 0;
  const FilePrefix* prefix = nullptr;  // partial files
  bool complete = false;
  int64_t findings = 0;
  std::string_view format;
  std::string_view sha256;
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

inline ValueType WidenType(ValueType a, ValueType b) {
  if (a == b || b == ValueType::kNull) return a;
  if (a == ValueType::kNull) return b;
  auto numeric = [](ValueType t) {
    return t == ValueType::kLong || t == ValueType::kReal || t == ValueType::kBool;
  };
  if (numeric(a) && numeric(b)) {
    return (a == ValueType::kReal || b == ValueType::kReal) ? ValueType::kReal : ValueType::kLong;
  }
  return ValueType::kString;
}

inline std::string NowIso() {
  return FormatIsoTime(
      Timestamp{static_cast<int64_t>(std::time(nullptr)) * Timestamp::kTicksPerSecond});
}

struct ColumnState : ColumnStats {
  std::string name;
  ValueType type = ValueType::kNull;
  int ordinal = 0;
  bool persisted = false;
  int stored_class = -1;  // ClickHouse: the column's storage class when wider than its type's
};

// Rows of one table and month not sent yet (RowBinary, every column in order: a column is added
// only after the rows before it are encoded).
struct RemoteBlock {
  RowBinaryWriter rows;
  std::vector<std::pair<size_t, size_t>> row_ends;  // each row's end in `rows`, and its columns
};

struct TableState {
  std::string name;
  std::vector<std::unique_ptr<ColumnState>> columns;
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> by_name;
  std::unordered_map<std::string, int> by_lower;
  std::unordered_map<std::string, Statement> inserts;  // by column-shape key
  std::vector<uint32_t> used_in_event;
  std::vector<std::pair<std::string, int>> position_cache;
  uint32_t generation = 0;
  int64_t batch_rows = 0;
  std::optional<Timestamp> batch_min, batch_max;
  bool in_batch = false;
  bool touched = false;
  // ClickHouse: whether the table exists there, and the rows not sent yet.
  bool remote_ready = false;
  size_t remote_columns = 0;  // how many of `columns` (a prefix) ClickHouse has
  // One block per month of TimeGenerated (ClickHouse's partition): an insert spanning many
  // months makes a small part in each, and merging those costs more than the insert.
  std::map<int64_t, RemoteBlock> blocks;
  size_t next_shard = 0;
  std::vector<const Value*> slots;
};

struct CaseWriter::Impl {
  explicit Impl(Case& c) : kase(c), db(c.db()) {}

  Case& kase;
  sqlite3* db;
  ClickHouseEvents* remote = nullptr;        // set by BeginFile when the case's events are there
  std::unique_ptr<BlockSender> sender;       // with `remote`: its blocks' thread
  std::unordered_set<int64_t> already_sent;  // of the file being resumed (ClickHouse)
  bool resumed_quietly = false;              // the killed run's inserts were waited out
  std::unordered_map<std::string, std::unique_ptr<TableState>, StringHash, std::equal_to<>> tables;
  TableState* last_table = nullptr;
  bool in_transaction = false;
  int64_t pending = 0;
  size_t remote_buffered = 0;  // bytes in every table's blocks
  std::string shape_key;
  std::vector<int> shape;
  std::vector<const Value*> shape_values;
  std::string extra_json;
  std::string last_source;
  uint64_t last_source_hash = 0;

  Status Begin();

  Result<TableState*> GetTable(std::string_view name);

  void AddColumnState(TableState& t, std::string name, ValueType type, bool persisted);

  Status LoadOrCreate(TableState& t);

  Result<int> AddColumn(TableState& t, std::string_view name, ValueType type);

  // Converts stored values when a column meets a value of another type.
  Status Widen(TableState& t, ColumnState& c, ValueType incoming);

  // Column index for a field, creating or widening the column as needed; -1 sends the field to
  // the overflow bag.
  Result<int> Resolve(TableState& t, size_t position, std::string_view name, ValueType type);

  Result<int> ResolveSlow(TableState& t, std::string_view name, ValueType type);

  Statement* InsertFor(TableState& t);

  void Bind(Statement& st, int param, const Value& v, ValueType column_type);

  Status Append(const Event& ev, int64_t file_id);

  // ClickHouse (case_writer_remote.cpp).
  Status ConnectRemote();
  Status RemoteTable(TableState& t);
  // Adds to ClickHouse, in one ALTER per table, the columns it lacks (they are added here as
  // fields appear, there only when rows that use them are sent).
  Status SyncColumns(TableState& t);
  std::vector<StoredColumn> StoredColumns(const TableState& t, size_t from) const;
  // Encodes the row into its table's block for its month, sending blocks past their size.
  Status EncodeRow(TableState& t, const Event& ev, int64_t eid);
  // Sends every block of the table.
  Status FlushBlock(TableState& t);
  Status SendBlock(TableState& t, RemoteBlock& block);
  Status FlushBlocks();

  Status FlushCatalog(TableState& t);
  Status Commit(const FileProgress& p);
};

}  // namespace quarry::store
