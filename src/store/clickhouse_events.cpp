#include "store/clickhouse_events.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/net.h"
#include "store/case.h"

namespace quarry::store {
namespace {

constexpr const char* kShardSuffix = "__shard";
// How long a resumed ingest waits for ClickHouse to finish deleting what an interrupted run left.
constexpr int kMutationWaitSeconds = 600;

ValueType TypeOfStorage(std::string_view type) {
  if (type.find("Int") != std::string_view::npos) return ValueType::kLong;
  if (type.find("Float") != std::string_view::npos) return ValueType::kReal;
  return ValueType::kString;
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
  auto refuse_remote = [&](const std::string& host, const std::string& what) -> Status {
    if (location.allow_remote || IsLoopbackAddress(host)) return Status::Ok();
    return UsageError(what + " " + host +
                      " is not on this machine: evidence would leave it; set allow_remote = "
                      "true under [store] in the case's quarry.toml to allow it");
  };
  QUARRY_RETURN_IF_ERROR(refuse_remote(location.host, "ClickHouse server"));
  out->entry_ =
      std::make_unique<ClickHouseServer>(location.host, location.port, location.credentials);
  // The shards of the cluster, first replica of each: host, native port, and whether it is
  // the entry server itself.
  std::vector<std::vector<std::string>> shards;
  QUARRY_RETURN_IF_ERROR(out->entry_->Select(
      "SELECT shard_num, host_address, port, is_local FROM system.clusters WHERE cluster = " +
          ClickHouseString(location.cluster) + " AND replica_num = 1 ORDER BY shard_num",
      [&](const TsvRow& row) {
        std::vector<std::string> s;
        for (const auto& f : row) s.emplace_back(f.value_or(""));
        shards.push_back(std::move(s));
        return true;
      }));
  out->distributed_ = !shards.empty();
  if (shards.empty()) {
    out->shards_.push_back(
        std::make_unique<ClickHouseServer>(location.host, location.port, location.credentials));
  }
  for (const auto& s : shards) {
    if (s.size() < 4) return Internal("unexpected answer from system.clusters");
    const std::string& host = s[1];
    QUARRY_RETURN_IF_ERROR(
        refuse_remote(host, "shard " + s[0] + " of cluster " + location.cluster));
    int http_port = 0;
    std::string where = "remote(" + ClickHouseString(host + ":" + s[2]) + ", system.macros)";
    Status asked = out->entry_->Select(
        "SELECT substitution FROM " + where + " WHERE macro = 'http_port'", [&](const TsvRow& row) {
          if (!row.empty() && row[0]) http_port = std::atoi(std::string(*row[0]).c_str());
          return false;
        });
    if (!asked.ok()) {
      return IoError("shard " + s[0] + " of cluster " + location.cluster + " (" + host + ":" +
                     s[2] + ") did not answer through " + out->entry_->name() + ": " +
                     asked.message());
    }
    if (http_port <= 0 && s[3] == "1") http_port = location.port;
    if (http_port <= 0) {
      return InvalidArgument("shard " + s[0] + " of cluster " + location.cluster + " (" + host +
                             ":" + s[2] +
                             ") does not name its HTTP port: add <macros><http_port>PORT"
                             "</http_port></macros> to its config, as "
                             "scripts/clickhouse-local-cluster does");
    }
    out->shards_.push_back(
        std::make_unique<ClickHouseServer>(host, http_port, location.credentials));
  }
  QUARRY_RETURN_IF_ERROR(out->OnEveryShard([&](const ClickHouseServer& server) {
    return server.Execute("CREATE DATABASE IF NOT EXISTS " + ClickHouseIdent(location.database));
  }));
  out->entry_->set_database(location.database);
  for (auto& s : out->shards_) s->set_database(location.database);
  return out;
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
                       time + ", 0), 10000000))) ORDER BY (" +
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
  QUARRY_RETURN_IF_ERROR(entry_->Select(
      "SELECT count() FROM system.tables WHERE database = " + ClickHouseString(location_.database),
      [&](const TsvRow& row) {
        if (!row.empty() && row[0]) n = std::atoll(std::string(*row[0]).c_str());
        return false;
      }));
  return n;
}

Result<bool> ClickHouseEvents::TableExists(std::string_view name) const {
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
  for (const auto& want : wanted) {
    auto it = std::find_if(present.begin(), present.end(),
                           [&](const StoredColumn& p) { return p.name == want.name; });
    bool missing = it == present.end();
    if (!missing && StorageClass(it->type) >= StorageClass(want.type)) continue;
    std::string alter = "ALTER TABLE " + target;
    alter.append(missing ? " ADD COLUMN " : " MODIFY COLUMN ").append(ClickHouseIdent(want.name));
    alter.append(" ").append(ClickHouseType(want.name, want.type));
    QUARRY_RETURN_IF_ERROR(server.Execute(alter));
  }
  return Status::Ok();
}

Status ClickHouseEvents::AddColumn(std::string_view table, const StoredColumn& column) {
  for (const auto& server : shards_) {
    QUARRY_RETURN_IF_ERROR(Bring(*server, table, {column}, false));
    if (distributed_) QUARRY_RETURN_IF_ERROR(Bring(*server, table, {column}, true));
  }
  return Status::Ok();
}

Status ClickHouseEvents::WidenColumn(std::string_view table, const StoredColumn& from,
                                     ValueType to) {
  QUARRY_RETURN_IF_ERROR(AddColumn(table, {from.name, to}));
  std::string rewrite;
  std::string col = ClickHouseIdent(from.name);
  if (StorageClass(to) == 2 && from.type == ValueType::kBool) {
    rewrite = "if(" + col + " = '0', 'false', 'true')";
  } else if (StorageClass(to) == 2 && from.type == ValueType::kDateTime) {
    rewrite = ClickHouseIsoTime(col);
  }
  if (rewrite.empty()) return Status::Ok();
  std::string local = LocalTable(table);
  return OnEveryShard([&](const ClickHouseServer& server) {
    QUARRY_RETURN_IF_ERROR(server.Execute("ALTER TABLE " + local + " UPDATE " + col + " = " +
                                          rewrite + " WHERE " + col + " IS NOT NULL"));
    return WaitForMutations(server, LocalName(table));
  });
}

Status ClickHouseEvents::InsertBlock(std::string_view table, size_t shard,
                                     const std::vector<StoredColumn>& columns,
                                     std::string_view rows) {
  std::string insert = "INSERT INTO " + LocalTable(table) + " (";
  for (size_t i = 0; i < columns.size(); ++i) {
    insert += (i ? ", " : "") + ClickHouseIdent(columns[i].name);
  }
  insert += ") FORMAT RowBinary";
  return shards_[shard % shards_.size()]->Insert(insert, rows);
}

Status ClickHouseEvents::WaitForMutations(const ClickHouseServer& server,
                                          std::string_view table) const {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kMutationWaitSeconds);
  for (;;) {
    int64_t pending = 0;
    QUARRY_RETURN_IF_ERROR(server.Select("SELECT count() FROM system.mutations WHERE database = " +
                                             ClickHouseString(location_.database) +
                                             " AND table = " + ClickHouseString(table) +
                                             " AND is_done = 0",
                                         [&](const TsvRow& row) {
                                           if (!row.empty() && row[0])
                                             pending = std::atoll(std::string(*row[0]).c_str());
                                           return false;
                                         }));
    if (pending == 0) return Status::Ok();
    if (std::chrono::steady_clock::now() > deadline) {
      return IoError("ClickHouse shard " + server.name() + " did not finish altering " +
                     std::string(table) + " within " + std::to_string(kMutationWaitSeconds) + " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

Status ClickHouseEvents::PresentEids(int64_t lo, int64_t hi,
                                     std::unordered_set<int64_t>& present) const {
  std::string range = ClickHouseIdent(kEidColumn) + " >= " + std::to_string(lo) + " AND " +
                      ClickHouseIdent(kEidColumn) + " < " + std::to_string(hi);
  present.clear();
  return OnEveryShard([&](const ClickHouseServer& server) {
    std::vector<std::string> tables;
    QUARRY_RETURN_IF_ERROR(server.Select(
        "SELECT name FROM system.tables WHERE database = " + ClickHouseString(location_.database) +
            " AND engine = 'MergeTree'",
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
