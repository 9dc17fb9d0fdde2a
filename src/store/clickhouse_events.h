// A case's event tables in ClickHouse. Each Quarry table is a MergeTree table on every shard
// (`NAME#shard`, partitioned by month, ordered by host and time) under a Distributed table
// `NAME` that queries read; a server without the configured cluster holds plain MergeTree
// tables named `NAME`. Quarry writes each block straight to one shard's table and alters every
// shard itself (18.16 has no ON CLUSTER without ZooKeeper), so it needs each shard's HTTP
// address: the shard's macro `http_port` names it (scripts/clickhouse-local-cluster sets it).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "store/clickhouse_client.h"
#include "store/store_location.h"

namespace quarry::store {

struct StoredColumn {
  std::string name;
  ValueType type = ValueType::kNull;
};

// The ClickHouse type a column of `type` is stored as: integers, bools and datetimes (100 ns
// ticks) as Int64, reals as Float64, strings and dynamic values (JSON text) as String; all
// Nullable but _eid, _source and _record.
std::string ClickHouseType(std::string_view column, ValueType type);
// 0 for the Int64 family, 1 for Float64, 2 for String: widening only ever goes up.
int StorageClass(ValueType type);

class ClickHouseEvents {
 public:
  // The store at `location`; nothing is asked of the server yet.
  static Result<std::unique_ptr<ClickHouseEvents>> Connect(const StoreLocation& location);
  ~ClickHouseEvents();

  // Finds the cluster's shards and makes the database and Quarry's own table on each; before
  // any other write.
  Status PrepareForWriting();
  // What an ingest killed while it was sending still has running on a shard: waits for it to
  // end, so that what it committed is seen by PresentEids. With `quiet`, returns only once no
  // such insert was seen for that long: a request the killed run had sent may not have started
  // yet.
  Status WaitForOwnInserts(std::chrono::milliseconds quiet = std::chrono::milliseconds(0)) const;
  size_t shard_count() const { return shards_.size(); }
  const ClickHouseServer& entry() const { return *entry_; }
  const StoreLocation& location() const { return location_; }
  // The table queries read, qualified by the database.
  std::string ReadTable(std::string_view name) const;

  // Makes the table (on every shard, with its Distributed table) when it does not exist yet, and
  // brings its columns to at least `columns`: missing ones are added, narrower ones widened.
  // Returns the columns the shards hold beyond those, or wider (what an interrupted run left).
  Result<std::vector<StoredColumn>> EnsureTable(std::string_view name,
                                                const std::vector<StoredColumn>& columns);
  Result<bool> TableExists(std::string_view name) const;
  // How many tables the database holds on the entry server (a new case needs an empty one).
  Result<int64_t> TableCount() const;
  // Adds the columns (one ALTER per shard table and per Distributed table); those already there
  // are left, or widened.
  Status AddColumns(std::string_view table, const std::vector<StoredColumn>& columns);
  // Converts a column to a wider storage class; bools and datetimes that become strings are
  // written as SQLite's case writes them ("true"/"false", ISO 8601).
  Status WidenColumn(std::string_view table, const StoredColumn& from, ValueType to);
  // One RowBinary block of rows with `columns` in this order, into shard `shard`'s table.
  Status InsertBlock(std::string_view table, size_t shard, const std::vector<StoredColumn>& columns,
                     std::string_view rows);
  // The _eids in [lo, hi) that any table on any shard holds: rows an interrupted ingest sent past
  // its committed progress. A resumed ingest reads the same records again and does not send
  // these (deleting them instead would need mutations, and 18.16 corrupts a table altered after
  // a mutation that emptied one of its parts).
  Status PresentEids(int64_t lo, int64_t hi, std::unordered_set<int64_t>& present) const;
  // Rows of a query on the entry server (its Distributed tables see every shard).
  Status Select(std::string_view sql, const std::function<bool(const TsvRow&)>& fn) const;

 private:
  ClickHouseEvents() = default;
  std::string LocalName(std::string_view name) const;
  std::string LocalTable(std::string_view name) const;
  Result<std::vector<StoredColumn>> ColumnsOf(const ClickHouseServer& server,
                                              const std::string& bare) const;
  Status Bring(const ClickHouseServer& server, std::string_view table,
               const std::vector<StoredColumn>& wanted, bool read_table) const;
  Status FindShards() const;
  // Redoes the text rewrites a killed run began on this shard's table (see WidenColumn).
  Status FinishWidenings(const ClickHouseServer& server, std::string_view table) const;
  std::string InsertIdPrefix() const;
  Status OnEveryShard(const std::function<Status(const ClickHouseServer&)>& fn) const;
  Status WaitForMutations(const ClickHouseServer& server, std::string_view table) const;

  StoreLocation location_;
  std::unique_ptr<ClickHouseServer> entry_;   // in the case's database
  std::unique_ptr<ClickHouseServer> system_;  // the same server, in none
  // Found when first needed: reading a case needs the entry server only.
  mutable std::vector<std::unique_ptr<ClickHouseServer>> shards_;
  mutable bool distributed_ = false;
  int64_t inserts_ = 0;
  int64_t widenings_ = 0;
};

}  // namespace quarry::store
