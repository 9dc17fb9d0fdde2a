#include "store/clickhouse_events.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include <unistd.h>

#include "core/net.h"
#include "store/case.h"

namespace quarry::store {
namespace {

// Quarry's own names hold a character table names from evidence never do.
constexpr const char* kShardSuffix = "#shard";
// Quarry's record of bool/datetime columns being rewritten as text (WidenColumn).
constexpr const char* kWideningsTable = "quarry#widenings";
// done: 0 begun, 1 finished, 2 abandoned (the run died before any shard's MODIFY).
constexpr const char* kWideningsColumns =
    "tbl String, col String, from_type String, attempt String, done UInt8";
// Inserts carry this, the database and a number as query_id.
constexpr const char* kInsertIdPrefix = "quarry-insert:";

ValueType TypeOfStorage(std::string_view type) {
  if (type.find("Int") != std::string_view::npos) return ValueType::kLong;
  if (type.find("Float") != std::string_view::npos) return ValueType::kReal;
  return ValueType::kString;
}

Status RefuseRemote(const StoreLocation& location, const std::string& host,
                    const std::string& what) {
  if (location.allow_remote || IsLoopbackAddress(host)) return Status::Ok();
  return UsageError(what + " " + host +
                    " is not on this machine: evidence would leave it; set allow_remote = "
                    "true under [store] in the case's quarry.toml to allow it");
}

// remote()'s address of a shard: IPv6 addresses in brackets.
std::string RemoteAddress(const std::string& host, const std::string& port) {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + port;
  return host + ":" + port;
}

}  // namespace

int StorageClass(ValueType type) {
  switch (type) {
    case ValueType::kReal:
      return 1;
    case ValueType::kString:
    case ValueType::kDynamic:
      return 2;
    default:
      return 0;
  }
}

std::string ClickHouseType(std::string_view column, ValueType type) {
  if (column == kEidColumn || column == kRecordColumn) return "Int64";
  if (column == kSourceColumn) return "String";
  switch (StorageClass(type)) {
    case 1:
      return "Nullable(Float64)";
    case 2:
      return "Nullable(String)";
    default:
      return "Nullable(Int64)";
  }
}

ClickHouseEvents::~ClickHouseEvents() = default;

Result<std::unique_ptr<ClickHouseEvents>> ClickHouseEvents::Connect(const StoreLocation& location) {
  std::unique_ptr<ClickHouseEvents> out(new ClickHouseEvents());
  out->location_ = location;
  QUARRY_RETURN_IF_ERROR(RefuseRemote(location, location.host, "ClickHouse server"));
  out->entry_ =
      std::make_unique<ClickHouseServer>(location.host, location.port, location.credentials);
  // Queries read unqualified table names in the case's database; Quarry's own statements name
  // the database, and go through a server without one so that they work before it exists.
  out->system_ =
      std::make_unique<ClickHouseServer>(location.host, location.port, location.credentials);
  out->entry_->set_database(location.database);
  return out;
}

Status ClickHouseEvents::FindShards() const {
  if (!shards_.empty()) return Status::Ok();
  // The shards of the cluster, first replica of each: host, native port, and whether it is
  // the entry server itself.
  std::vector<std::vector<std::string>> shards;
  QUARRY_RETURN_IF_ERROR(system_->Select(
      "SELECT shard_num, host_address, port, is_local FROM system.clusters WHERE cluster = " +
          ClickHouseString(location_.cluster) + " AND replica_num = 1 ORDER BY shard_num",
      [&](const TsvRow& row) {
        std::vector<std::string> s;
        for (const auto& f : row) s.emplace_back(f.value_or(""));
        shards.push_back(std::move(s));
        return true;
      }));
  distributed_ = !shards.empty();
  if (shards.empty()) {
    shards_.push_back(
        std::make_unique<ClickHouseServer>(location_.host, location_.port, location_.credentials));
  }
  for (const auto& s : shards) {
    if (s.size() < 4) return Internal("unexpected answer from system.clusters");
    const std::string& host = s[1];
    QUARRY_RETURN_IF_ERROR(
        RefuseRemote(location_, host, "shard " + s[0] + " of cluster " + location_.cluster));
    int http_port = 0;
    std::string where =
        "remote(" + ClickHouseString(RemoteAddress(host, s[2])) + ", system.macros)";
    Status asked = system_->Select(
        "SELECT substitution FROM " + where + " WHERE macro = 'http_port'", [&](const TsvRow& row) {
          if (!row.empty() && row[0]) http_port = std::atoi(std::string(*row[0]).c_str());
          return false;
        });
    if (!asked.ok()) {
      return IoError("shard " + s[0] + " of cluster " + location_.cluster + " (" + host + ":" +
                     s[2] + ") did not answer through " + system_->name() + ": " + asked.message());
    }
    if (http_port <= 0 && s[3] == "1") http_port = location_.port;
    if (http_port <= 0) {
      return InvalidArgument("shard " + s[0] + " of cluster " + location_.cluster + " (" + host +
                             ":" + s[2] +
                             ") does not name its HTTP port: add <macros><http_port>PORT"
                             "</http_port></macros> to its config, as "
                             "scripts/clickhouse-local-cluster does");
    }
    shards_.push_back(std::make_unique<ClickHouseServer>(host, http_port, location_.credentials));
  }
  return Status::Ok();
}

Status ClickHouseEvents::PrepareForWriting() {
  QUARRY_RETURN_IF_ERROR(FindShards());
  return OnEveryShard([&](const ClickHouseServer& server) {
    QUARRY_RETURN_IF_ERROR(
        server.Execute("CREATE DATABASE IF NOT EXISTS " + ClickHouseIdent(location_.database)));
    return server.Execute("CREATE TABLE IF NOT EXISTS " + ClickHouseIdent(location_.database) +
                          "." + ClickHouseIdent(kWideningsTable) + " (" + kWideningsColumns +
                          ") ENGINE = MergeTree() ORDER BY (tbl, col)");
  });
}

std::string ClickHouseEvents::ReadTable(std::string_view name) const {
  return ClickHouseIdent(location_.database) + "." + ClickHouseIdent(name);
}

std::string ClickHouseEvents::LocalName(std::string_view name) const {
  return distributed_ ? std::string(name) + kShardSuffix : std::string(name);
}

std::string ClickHouseEvents::LocalTable(std::string_view name) const {
  return ClickHouseIdent(location_.database) + "." + ClickHouseIdent(LocalName(name));
}

Status ClickHouseEvents::OnEveryShard(
    const std::function<Status(const ClickHouseServer&)>& fn) const {
  for (const auto& s : shards_) QUARRY_RETURN_IF_ERROR(fn(*s));
  return Status::Ok();
}

Status ClickHouseEvents::Select(std::string_view sql,
                                const std::function<bool(const TsvRow&)>& fn) const {
  return entry_->Select(sql, fn);
}

Result<std::vector<StoredColumn>> ClickHouseEvents::EnsureTable(
    std::string_view name, const std::vector<StoredColumn>& columns) {
  QUARRY_RETURN_IF_ERROR(FindShards());
  bool has_host = false;
  std::string defs;
  for (const auto& c : columns) {
    if (c.name == "Computer") has_host = true;
    defs +=
        (defs.empty() ? "" : ", ") + ClickHouseIdent(c.name) + " " + ClickHouseType(c.name, c.type);
  }
  std::string time = ClickHouseIdent(kTimeColumn);
  // Month partitions prune time-bounded queries (the partition key's min/max index is on the
  // time column); the order groups a host's events in time for time-bounded hunting.
  std::string create = "CREATE TABLE IF NOT EXISTS " + LocalTable(name) + " (" + defs +
                       ") ENGINE = MergeTree() PARTITION BY toYYYYMM(toDateTime(intDiv(ifNull(" +
                       time + ", 0), 10000000)), 'UTC') ORDER BY (" +
                       (has_host ? "ifNull(\"Computer\", ''), " : "") + "ifNull(" + time +
                       ", 0), " + ClickHouseIdent(kEidColumn) + ")";
  std::vector<StoredColumn> extra;
  for (size_t shard = 0; shard < shards_.size(); ++shard) {
    QUARRY_RETURN_IF_ERROR(shards_[shard]->Execute(create));
    QUARRY_ASSIGN_OR_RETURN(auto present, ColumnsOf(*shards_[shard], LocalName(name)));
    for (const auto& p : present) {
      auto known = std::find_if(columns.begin(), columns.end(),
                                [&](const StoredColumn& c) { return c.name == p.name; });
      if (known != columns.end() && StorageClass(known->type) >= StorageClass(p.type)) continue;
      auto seen = std::find_if(extra.begin(), extra.end(),
                               [&](const StoredColumn& c) { return c.name == p.name; });
      if (seen == extra.end()) {
        extra.push_back(p);
      } else if (StorageClass(seen->type) < StorageClass(p.type)) {
        seen->type = p.type;
      }
    }
  }
  // Every shard gets the widest form of every column any of them has (an interrupted run may
  // have altered some only), and so does each Distributed table.
  std::vector<StoredColumn> wanted = columns;
  for (const auto& e : extra) {
    auto it = std::find_if(wanted.begin(), wanted.end(),
                           [&](const StoredColumn& c) { return c.name == e.name; });
    if (it == wanted.end()) {
      wanted.push_back(e);
    } else {
      it->type = e.type;
    }
  }
  for (const auto& server : shards_) {
    QUARRY_RETURN_IF_ERROR(Bring(*server, name, wanted, false));
    QUARRY_RETURN_IF_ERROR(FinishWidenings(*server, name));
    if (!distributed_) continue;
    QUARRY_RETURN_IF_ERROR(server->Execute("CREATE TABLE IF NOT EXISTS " + ReadTable(name) +
                                           " AS " + LocalTable(name) + " ENGINE = Distributed(" +
                                           ClickHouseIdent(location_.cluster) + ", " +
                                           ClickHouseIdent(location_.database) + ", " +
                                           ClickHouseIdent(LocalName(name)) + ", rand())"));
    QUARRY_RETURN_IF_ERROR(Bring(*server, name, wanted, true));
  }
  return extra;
}

Result<std::vector<StoredColumn>> ClickHouseEvents::ColumnsOf(const ClickHouseServer& server,
                                                              const std::string& bare) const {
  std::vector<StoredColumn> out;
  QUARRY_RETURN_IF_ERROR(server.Select(
      "SELECT name, type FROM system.columns WHERE database = " +
          ClickHouseString(location_.database) + " AND table = " + ClickHouseString(bare) + "",
      [&](const TsvRow& row) {
        if (row.size() >= 2 && row[0] && row[1]) {
          out.push_back({std::string(*row[0]), TypeOfStorage(*row[1])});
        }
        return true;
      }));
  return out;
}

Result<int64_t> ClickHouseEvents::TableCount() const {
  int64_t n = 0;
  QUARRY_RETURN_IF_ERROR(system_->Select(
      "SELECT count() FROM system.tables WHERE database = " + ClickHouseString(location_.database),
      [&](const TsvRow& row) {
        if (!row.empty() && row[0]) n = std::atoll(std::string(*row[0]).c_str());
        return false;
      }));
  return n;
}

Result<bool> ClickHouseEvents::TableExists(std::string_view name) const {
  QUARRY_RETURN_IF_ERROR(FindShards());
  for (const auto& server : shards_) {
    QUARRY_ASSIGN_OR_RETURN(auto columns, ColumnsOf(*server, LocalName(name)));
    if (!columns.empty()) return true;
  }
  return false;
}

// Adds what the server's table (its shard table, or its Distributed table) lacks of `wanted`
// and widens what it holds narrower. Safe to repeat.
Status ClickHouseEvents::Bring(const ClickHouseServer& server, std::string_view table,
                               const std::vector<StoredColumn>& wanted, bool read_table) const {
  std::string bare = read_table ? std::string(table) : LocalName(table);
  std::string target = read_table ? ReadTable(table) : LocalTable(table);
  QUARRY_ASSIGN_OR_RETURN(auto present, ColumnsOf(server, bare));
  // One ALTER for all: each costs a metadata write and a wait for the table's lock, and an
  // ingest of Windows events meets a few hundred fields.
  std::string alter;
  for (const auto& want : wanted) {
    auto it = std::find_if(present.begin(), present.end(),
                           [&](const StoredColumn& p) { return p.name == want.name; });
    bool missing = it == present.end();
    if (!missing && StorageClass(it->type) >= StorageClass(want.type)) continue;
    alter.append(alter.empty() ? "ALTER TABLE " + target + " " : ", ");
    alter.append(missing ? "ADD COLUMN " : "MODIFY COLUMN ").append(ClickHouseIdent(want.name));
    alter.append(" ").append(ClickHouseType(want.name, want.type));
  }
  return alter.empty() ? Status::Ok() : server.Execute(alter);
}

Status ClickHouseEvents::AddColumns(std::string_view table,
                                    const std::vector<StoredColumn>& columns) {
  QUARRY_RETURN_IF_ERROR(FindShards());
  for (const auto& server : shards_) {
    QUARRY_RETURN_IF_ERROR(Bring(*server, table, columns, false));
    if (distributed_) QUARRY_RETURN_IF_ERROR(Bring(*server, table, columns, true));
  }
  return Status::Ok();
}

namespace {

// What a column of `from` holds after MODIFY to String ("0"/"1", tick digits), written as SQLite's
// case writes it. Values already written so are left alone, so a rewrite can be repeated after a
// run died during it.
std::string RewriteToText(const std::string& col, ValueType from) {
  if (from == ValueType::kBool) {
    return "multiIf(" + col + " = '0', 'false', " + col + " = '1', 'true', " + col + ")";
  }
  // Both branches are computed for every row: the conversion must not throw on text.
  return "if(match(" + col + ", '^-?[0-9]+$'), " + ClickHouseIsoTime("toInt64OrZero(" + col + ")") +
         ", " + col + ")";
}

bool NeedsRewrite(ValueType from, ValueType to) {
  return StorageClass(to) == 2 && (from == ValueType::kBool || from == ValueType::kDateTime);
}

}  // namespace

// A bool or datetime column that becomes String takes two statements per shard (MODIFY, then
// an UPDATE that rewrites the old values). Rows in Quarry's own table on each shard mark each
// attempt begun (done = 0) before the MODIFY and finished (1) after the rewrite. A run killed in
// between leaves the attempt open: the rewrite is redone (EnsureTable, or the rerun's
// WidenColumn), which leaves rewritten values alone, but never once an attempt on that column
// finished, when text rows may have followed; an attempt whose MODIFY happened nowhere is
// closed as abandoned (2), so that it cannot rewrite text the column holds later.
Status ClickHouseEvents::WidenColumn(std::string_view table, const StoredColumn& from,
                                     ValueType to) {
  if (!NeedsRewrite(from.type, to)) return AddColumns(table, {{from.name, to}});
  QUARRY_RETURN_IF_ERROR(FindShards());
  std::string attempt =
      std::to_string(getpid()) + "-" +
      std::to_string(std::chrono::system_clock::now().time_since_epoch().count()) + "-" +
      std::to_string(++widenings_);
  std::string mark =
      "INSERT INTO " + ClickHouseIdent(location_.database) + "." +
      ClickHouseIdent(kWideningsTable) + " (tbl, col, from_type, attempt, done) VALUES (" +
      ClickHouseString(LocalName(table)) + ", " + ClickHouseString(from.name) + ", " +
      ClickHouseString(ValueTypeName(from.type)) + ", " + ClickHouseString(attempt) + ", 0)";
  QUARRY_RETURN_IF_ERROR(
      OnEveryShard([&](const ClickHouseServer& server) { return server.Execute(mark); }));
  QUARRY_RETURN_IF_ERROR(AddColumns(table, {{from.name, to}}));
  return OnEveryShard(
      [&](const ClickHouseServer& server) { return FinishWidenings(server, table); });
}

Status ClickHouseEvents::FinishWidenings(const ClickHouseServer& server,
                                         std::string_view table) const {
  std::string bare = LocalName(table);
  std::string marks = ClickHouseIdent(location_.database) + "." + ClickHouseIdent(kWideningsTable);
  struct Attempt {
    std::string column, type_name, id;
    int state = 0;
  };
  std::vector<Attempt> attempts;
  QUARRY_RETURN_IF_ERROR(server.Select(
      "SELECT col, from_type, attempt, max(done) FROM " + marks +
          " WHERE tbl = " + ClickHouseString(bare) + " GROUP BY col, from_type, attempt",
      [&](const TsvRow& row) {
        if (row.size() >= 4 && row[0] && row[1] && row[2] && row[3]) {
          attempts.push_back({std::string(*row[0]), std::string(*row[1]), std::string(*row[2]),
                              std::atoi(std::string(*row[3]).c_str())});
        }
        return true;
      }));
  auto finished = [&](const Attempt& a) {
    return std::any_of(attempts.begin(), attempts.end(), [&](const Attempt& other) {
      return other.state == 1 && other.column == a.column && other.type_name == a.type_name;
    });
  };
  auto close = [&](const Attempt& a, int state) {
    return server.Execute("INSERT INTO " + marks +
                          " (tbl, col, from_type, attempt, done) VALUES (" +
                          ClickHouseString(bare) + ", " + ClickHouseString(a.column) + ", " +
                          ClickHouseString(a.type_name) + ", " + ClickHouseString(a.id) + ", " +
                          std::to_string(state) + ")");
  };
  std::vector<StoredColumn> present;
  for (const Attempt& a : attempts) {
    if (a.state != 0) continue;
    if (finished(a)) {
      QUARRY_RETURN_IF_ERROR(close(a, 1));  // a rerun's attempt on a column already rewritten
      continue;
    }
    if (present.empty()) {
      QUARRY_ASSIGN_OR_RETURN(present, ColumnsOf(server, bare));
    }
    auto it = std::find_if(present.begin(), present.end(),
                           [&](const StoredColumn& p) { return p.name == a.column; });
    ValueType from = ValueType::kString;
    if (it == present.end() || StorageClass(it->type) != 2 ||
        !ParseValueTypeName(a.type_name, from) || !NeedsRewrite(from, ValueType::kString)) {
      // Every shard holds the widest form by now (EnsureTable): no MODIFY happened anywhere.
      QUARRY_RETURN_IF_ERROR(close(a, 2));
      continue;
    }
    std::string col = ClickHouseIdent(a.column);
    std::string rewrite = RewriteToText(col, from);
    // 18.16 retries a failed mutation forever and says why only in its log: the rewrite is
    // computed over the rows by a query first, whose error comes back here.
    Status computes = server.Select("SELECT count() FROM " + LocalTable(table) + " WHERE " + col +
                                        " IS NOT NULL AND length(" + rewrite + ") >= 0",
                                    [](const TsvRow&) { return false; });
    if (!computes.ok()) {
      return IoError("ClickHouse shard " + server.name() + " cannot rewrite column " + a.column +
                     " of " + std::string(table) + " as text: " + computes.message());
    }
    QUARRY_RETURN_IF_ERROR(server.Execute("ALTER TABLE " + LocalTable(table) + " UPDATE " + col +
                                          " = " + rewrite + " WHERE " + col + " IS NOT NULL"));
    QUARRY_RETURN_IF_ERROR(WaitForMutations(server, bare));
    QUARRY_RETURN_IF_ERROR(close(a, 1));
  }
  return Status::Ok();
}

Status ClickHouseEvents::InsertBlock(std::string_view table, size_t shard,
                                     const std::vector<StoredColumn>& columns,
                                     std::string_view rows) {
  QUARRY_RETURN_IF_ERROR(FindShards());
  std::string insert = "INSERT INTO " + LocalTable(table) + " (";
  for (size_t i = 0; i < columns.size(); ++i) {
    insert += (i ? ", " : "") + ClickHouseIdent(columns[i].name);
  }
  insert += ") FORMAT RowBinary";
  std::string query_id =
      InsertIdPrefix() + std::to_string(getpid()) + "-" + std::to_string(++inserts_);
  return shards_[shard % shards_.size()]->Insert(insert, rows, query_id);
}

std::string ClickHouseEvents::InsertIdPrefix() const {
  return kInsertIdPrefix + location_.database + ":";
}

Status ClickHouseEvents::PresentEids(int64_t lo, int64_t hi,
                                     std::unordered_set<int64_t>& present) const {
  QUARRY_RETURN_IF_ERROR(FindShards());
  std::string range = ClickHouseIdent(kEidColumn) + " >= " + std::to_string(lo) + " AND " +
                      ClickHouseIdent(kEidColumn) + " < " + std::to_string(hi);
  present.clear();
  return OnEveryShard([&](const ClickHouseServer& server) {
    std::vector<std::string> tables;
    QUARRY_RETURN_IF_ERROR(server.Select(
        "SELECT name FROM system.tables WHERE database = " + ClickHouseString(location_.database) +
            " AND engine = 'MergeTree' AND name != " + ClickHouseString(kWideningsTable),
        [&](const TsvRow& row) {
          if (!row.empty() && row[0]) tables.emplace_back(*row[0]);
          return true;
        }));
    for (const std::string& t : tables) {
      QUARRY_RETURN_IF_ERROR(server.Select(
          "SELECT " + ClickHouseIdent(kEidColumn) + " FROM " + ClickHouseIdent(location_.database) +
              "." + ClickHouseIdent(t) + " WHERE " + range,
          [&](const TsvRow& row) {
            if (!row.empty() && row[0]) present.insert(std::atoll(std::string(*row[0]).c_str()));
            return true;
          }));
    }
    return Status::Ok();
  });
}

}  // namespace quarry::store
