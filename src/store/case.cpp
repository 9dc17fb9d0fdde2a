#include "store/case.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/hash.h"
#include "store/clickhouse_events.h"
#include "store/hll.h"
#include "store/sqlite_util.h"

namespace quarry::store {
namespace fs = std::filesystem;

namespace {

constexpr int kSchemaVersion = 2;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS _quarry_meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS _quarry_files(
  file_id INTEGER PRIMARY KEY, sha256 TEXT UNIQUE, path TEXT NOT NULL, size INTEGER,
  head_sha256 TEXT, prefix_bytes INTEGER NOT NULL DEFAULT 0, prefix_sha256 TEXT,
  format TEXT, status TEXT NOT NULL, records INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0, findings INTEGER NOT NULL DEFAULT 0,
  started TEXT, completed TEXT);
CREATE TABLE IF NOT EXISTS _quarry_tables(
  name TEXT PRIMARY KEY, rows INTEGER NOT NULL DEFAULT 0, min_time INTEGER, max_time INTEGER);
CREATE TABLE IF NOT EXISTS _quarry_columns(
  table_name TEXT NOT NULL, name TEXT NOT NULL, ordinal INTEGER NOT NULL, type TEXT NOT NULL,
  non_null INTEGER NOT NULL DEFAULT 0, hll BLOB, PRIMARY KEY(table_name, name));
-- Names and types without the distinct-count sketches: what every query reads first.
CREATE INDEX IF NOT EXISTS _quarry_column_types ON _quarry_columns(table_name, ordinal, name, type);
CREATE TABLE IF NOT EXISTS _quarry_values(
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, value TEXT NOT NULL,
  count INTEGER NOT NULL, PRIMARY KEY(table_name, column_name, value));
)sql";

constexpr const char* kDefaultConfig = R"toml(# Quarry case configuration.
# Time in this case is relative to its reference time: the latest event unless set here.
# now = "2026-03-14T23:59:59Z"

[assist]
# provider = "builtin"   # builtin | openai | anthropic | ollama
)toml";

// `quarry_iso(ticks)`: datetime ticks as ISO 8601 text, for SQL that widens columns.
void IsoFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) != SQLITE_INTEGER) {
    sqlite3_result_value(ctx, argv[0]);
    return;
  }
  std::string text = FormatIsoTime(Timestamp{sqlite3_value_int64(argv[0])});
  sqlite3_result_text(ctx, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

}  // namespace

Result<WriteLock> WriteLock::Acquire(const std::string& case_dir) {
  std::string path = (fs::path(case_dir) / "ingest.lock").string();
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("cannot create " + path + ": " + std::strerror(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char buf[32] = {};
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    close(fd);
    std::string pid = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "unknown";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    return Status(StatusCode::kAlreadyExists, "another ingest is writing to case " + case_dir +
                                                  " (pid " + pid +
                                                  "); run this one when it has finished");
  }
  std::string pid = std::to_string(getpid()) + "\n";
  if (ftruncate(fd, 0) == 0) (void)!pwrite(fd, pid.data(), pid.size(), 0);
  return WriteLock(fd);
}

WriteLock::~WriteLock() {
  if (fd_ >= 0) close(fd_);  // releases the lock
}

Case::Case() = default;

Case::~Case() {
  if (db_) sqlite3_close_v2(db_);
}

Result<std::unique_ptr<Case>> Case::Open(const std::string& dir, Mode mode,
                                         const StoreLocation* new_store) {
  std::error_code ec;
  fs::path db_path = fs::path(dir) / "events.db";
  bool existed = fs::exists(db_path, ec);
  if (mode == Mode::kOpenExisting) {
    if (!fs::exists(db_path, ec)) {
      return NotFound("no case at " + dir + " (create one with `quarry ingest PATH --case " + dir +
                      "`)");
    }
  } else {
    fs::create_directories(dir, ec);
    if (ec) return IoError("cannot create case directory " + dir + ": " + ec.message());
    fs::path config = fs::path(dir) / "quarry.toml";
    if (!fs::exists(config, ec)) {
      std::ofstream(config) << kDefaultConfig;
    }
  }
  QUARRY_ASSIGN_OR_RETURN(auto location, ReadCaseStore(dir));
  if (new_store != nullptr) {
    if (!existed && !location) {
      // Every case numbers its files from 1: two cases in one database would mix their events
      // and hide each other's rows from a resumed ingest.
      StoreLocation probe = *new_store;
      QUARRY_RETURN_IF_ERROR(ApplyCaseStoreSettings(dir, probe));
      QUARRY_ASSIGN_OR_RETURN(auto events, ClickHouseEvents::Connect(probe));
      QUARRY_ASSIGN_OR_RETURN(int64_t tables, events->TableCount());
      if (tables > 0) {
        return UsageError("database '" + new_store->database + "' of " + new_store->Url() +
                          " already holds " + std::to_string(tables) +
                          " table(s), another case's events perhaps: a new case needs a "
                          "database of its own (name another one in --store)");
      }
      QUARRY_RETURN_IF_ERROR(WriteCaseStore(dir, *new_store));
      QUARRY_ASSIGN_OR_RETURN(location, ReadCaseStore(dir));
    } else if (!location || location->Url() != new_store->Url()) {
      return UsageError("case " + dir + " keeps its events in " +
                        (location ? location->Url() : std::string("its own events.db (SQLite)")) +
                        "; --store cannot move them (make a new case for another store)");
    }
  }
  std::unique_ptr<Case> c(new Case());
  c->dir_ = dir;
  c->remote_location_ = std::move(location);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
              (mode == Mode::kCreateIfMissing ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(db_path.c_str(), &c->db_, flags, nullptr) != SQLITE_OK) {
    Status s = IoError("cannot open case database " + db_path.string() + ": " +
                       (c->db_ ? sqlite3_errmsg(c->db_) : "out of memory"));
    return s;
  }
  sqlite3_busy_timeout(c->db_, 30000);
  sqlite3_create_function(c->db_, "quarry_iso", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                          IsoFunction, nullptr, nullptr);
  QUARRY_RETURN_IF_ERROR(
      Exec(c->db_,
           "PRAGMA page_size=65536; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
           "PRAGMA cache_size=-32768; "
           "PRAGMA wal_autocheckpoint=1024;"));
  QUARRY_RETURN_IF_ERROR(Exec(c->db_, kSchema));
  Statement version(c->db_, "SELECT value FROM _quarry_meta WHERE key='schema_version'");
  auto row = version.Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    QUARRY_RETURN_IF_ERROR(Exec(c->db_, "INSERT INTO _quarry_meta VALUES('schema_version','" +
                                            std::to_string(kSchemaVersion) + "')"));
  } else if (int found = std::stoi(std::string(version.ColumnText(0))); found != kSchemaVersion) {
    return Unsupported("case " + dir + " was written by " +
                       (found > kSchemaVersion ? "a newer" : "an older") + " Quarry (schema " +
                       std::to_string(found) + ", this one reads " +
                       std::to_string(kSchemaVersion) + "); ingest the evidence into a new case");
  }
  return c;
}

Result<std::vector<TableInfo>> Case::Tables() const {
  Statement q(db_,
              "SELECT t.name, t.rows, t.min_time, t.max_time, "
              "(SELECT count(*) FROM _quarry_columns c WHERE c.table_name = t.name) "
              "FROM _quarry_tables t ORDER BY t.name");
  std::vector<TableInfo> out;
  for (;;) {
    auto row = q.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    TableInfo t;
    t.name = q.ColumnText(0);
    t.rows = q.ColumnInt(1);
    if (!q.ColumnIsNull(2)) t.min_time = Timestamp{q.ColumnInt(2)};
    if (!q.ColumnIsNull(3)) t.max_time = Timestamp{q.ColumnInt(3)};
    t.columns = q.ColumnInt(4);
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<ColumnInfo>> Case::ColumnTypes(const std::string& table) const {
  Statement q(db_, "SELECT name, type FROM _quarry_columns WHERE table_name = ? ORDER BY ordinal");
  q.BindTextCopy(1, table);
  std::vector<ColumnInfo> out;
  for (;;) {
    auto row = q.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ColumnInfo c;
    c.name = q.ColumnText(0);
    ParseValueTypeName(q.ColumnText(1), c.type);
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<ColumnInfo>> Case::Columns(const std::string& table, size_t top_values) const {
  Statement rows_q(db_, "SELECT rows FROM _quarry_tables WHERE name = ?");
  rows_q.BindTextCopy(1, table);
  auto found = rows_q.Step();
  if (!found.ok()) return found.status();
  if (!*found) return NotFound("no table " + table + " in case " + dir_);
  int64_t rows = rows_q.ColumnInt(0);
  rows_q.Reset();

  Statement q(db_,
              "SELECT name, type, non_null, hll FROM _quarry_columns WHERE table_name = ? ORDER BY "
              "ordinal");
  Statement values(
      db_,
      "SELECT value, count FROM _quarry_values WHERE table_name = ? AND column_name = ? "
      "ORDER BY count DESC, value LIMIT ?");
  q.BindTextCopy(1, table);
  std::vector<ColumnInfo> out;
  for (;;) {
    auto row = q.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ColumnInfo c;
    c.name = q.ColumnText(0);
    ParseValueTypeName(q.ColumnText(1), c.type);
    c.non_null = q.ColumnInt(2);
    c.fill_rate = rows > 0 ? static_cast<double>(c.non_null) / static_cast<double>(rows) : 0.0;
    std::string_view blob = q.ColumnBlob(3);
    if (blob.size() == HyperLogLog::kRegisters) {
      HyperLogLog hll;
      hll.Load(blob);
      c.distinct_estimate = std::min<int64_t>(hll.Estimate(), c.non_null);
    }
    if (c.name == kEidColumn) c.distinct_estimate = c.non_null;  // unique by construction
    values.BindTextCopy(1, table);
    values.BindTextCopy(2, c.name);
    values.BindInt(3, static_cast<int64_t>(top_values));
    for (;;) {
      auto v = values.Step();
      if (!v.ok()) return v.status();
      if (!*v) break;
      c.top_values.emplace_back(std::string(values.ColumnText(0)), values.ColumnInt(1));
    }
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<FileRecord>> Case::Files() const {
  Statement q(
      db_,
      "SELECT file_id, sha256, path, format, status, size, records, skipped FROM _quarry_files "
      "ORDER BY file_id");
  std::vector<FileRecord> out;
  for (;;) {
    auto row = q.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    FileRecord f;
    f.file_id = q.ColumnInt(0);
    f.sha256 = q.ColumnText(1);
    f.path = q.ColumnText(2);
    f.format = q.ColumnText(3);
    f.status = q.ColumnText(4);
    f.size = q.ColumnInt(5);
    f.records = q.ColumnInt(6);
    f.skipped = q.ColumnInt(7);
    out.push_back(std::move(f));
  }
  return out;
}

Value ReadValue(sqlite3_stmt* stmt, int column, ValueType type) {
  int storage = sqlite3_column_type(stmt, column);
  if (storage == SQLITE_NULL) return Value();
  auto text = [&] {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
    return std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, column)));
  };
  switch (type) {
    case ValueType::kBool:
      return Value::Bool(sqlite3_column_int64(stmt, column) != 0);
    case ValueType::kLong:
      return storage == SQLITE_INTEGER ? Value::Long(sqlite3_column_int64(stmt, column))
                                       : Value::String(text());
    case ValueType::kReal:
      return Value::Real(sqlite3_column_double(stmt, column));
    case ValueType::kDateTime:
      return storage == SQLITE_INTEGER
                 ? Value::DateTime(Timestamp{sqlite3_column_int64(stmt, column)})
                 : Value::String(text());
    case ValueType::kDynamic:
      return Value::Dynamic(text());
    default:
      return Value::String(text());
  }
}

Result<std::optional<StoredEvent>> Case::FindEvent(int64_t eid) const {
  QUARRY_ASSIGN_OR_RETURN(auto tables, Tables());
  for (const auto& t : tables) {
    QUARRY_ASSIGN_OR_RETURN(auto columns, ColumnTypes(t.name));
    std::optional<StoredEvent> found;
    QUARRY_RETURN_IF_ERROR(ReadRows(t.name, columns, "WHERE _eid = " + std::to_string(eid),
                                    [&](std::vector<Value>& row) {
                                      StoredEvent ev;
                                      ev.table = t.name;
                                      ev.eid = eid;
                                      for (size_t i = 0; i < columns.size(); ++i) {
                                        if (row[i].is_null()) continue;
                                        ev.fields.emplace_back(columns[i].name, std::move(row[i]));
                                      }
                                      found = std::move(ev);
                                      return false;
                                    }));
    if (!found) continue;
    Statement f(db_,
                "SELECT file_id, sha256, path, format, status, size, records, skipped FROM "
                "_quarry_files WHERE file_id = ?");
    f.BindInt(1, eid / kEidFileStride);
    auto frow = f.Step();
    if (frow.ok() && *frow) {
      FileRecord fr;
      fr.file_id = f.ColumnInt(0);
      fr.sha256 = f.ColumnText(1);
      fr.path = f.ColumnText(2);
      fr.format = f.ColumnText(3);
      fr.status = f.ColumnText(4);
      fr.size = f.ColumnInt(5);
      fr.records = f.ColumnInt(6);
      fr.skipped = f.ColumnInt(7);
      found->file = fr;
    }
    return found;
  }
  return std::optional<StoredEvent>();
}

Result<std::string> Case::ContentDigest() const {
  QUARRY_ASSIGN_OR_RETURN(auto tables, Tables());
  Sha256 h;
  for (const auto& t : tables) {
    QUARRY_ASSIGN_OR_RETURN(auto columns, ColumnTypes(t.name));
    std::sort(columns.begin(), columns.end(),
              [](const ColumnInfo& a, const ColumnInfo& b) { return a.name < b.name; });
    h.Update("table\x1f" + t.name + "\x1e");
    QUARRY_RETURN_IF_ERROR(ReadRows(t.name, columns, "ORDER BY _eid", [&](std::vector<Value>& row) {
      for (size_t i = 0; i < columns.size(); ++i) {
        if (row[i].is_null()) continue;
        h.Update(columns[i].name);
        h.Update("\x1f");
        h.Update(row[i].ToText());
        h.Update("\x1e");
      }
      h.Update("\x1d");
      return true;
    }));
  }
  return h.HexDigest();
}

}  // namespace quarry::store
