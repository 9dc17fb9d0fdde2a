#include "store/case_writer.h"

#include <algorithm>
#include <ctime>
#include <unordered_map>
#include <vector>

#include "core/hash.h"
#include "core/strings.h"
#include "store/column_stats.h"
#include "store/file_registry.h"
#include "store/sqlite_util.h"

namespace quarry::store {
namespace {

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

ValueType WidenType(ValueType a, ValueType b) {
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

std::string NowIso() {
  return FormatIsoTime(
      Timestamp{static_cast<int64_t>(std::time(nullptr)) * Timestamp::kTicksPerSecond});
}

struct ColumnState : ColumnStats {
  std::string name;
  ValueType type = ValueType::kNull;
  int ordinal = 0;
  bool persisted = false;
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
};

}  // namespace

struct CaseWriter::Impl {
  explicit Impl(Case& c) : db(c.db()) {}

  sqlite3* db;
  std::unordered_map<std::string, std::unique_ptr<TableState>, StringHash, std::equal_to<>> tables;
  TableState* last_table = nullptr;
  bool in_transaction = false;
  int64_t pending = 0;
  std::string shape_key;
  std::vector<int> shape;
  std::vector<const Value*> shape_values;
  std::string extra_json;
  std::string last_source;
  uint64_t last_source_hash = 0;

  Status Begin() {
    if (in_transaction) return Status::Ok();
    QUARRY_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
    in_transaction = true;
    return Status::Ok();
  }

  Result<TableState*> GetTable(std::string_view name) {
    if (last_table && last_table->name == name) return last_table;
    auto it = tables.find(name);
    if (it != tables.end()) return last_table = it->second.get();
    auto t = std::make_unique<TableState>();
    t->name = std::string(name);
    QUARRY_RETURN_IF_ERROR(LoadOrCreate(*t));
    last_table = t.get();
    tables.emplace(t->name, std::move(t));
    return last_table;
  }

  void AddColumnState(TableState& t, std::string name, ValueType type, bool persisted) {
    auto c = std::make_unique<ColumnState>();
    c->name = std::move(name);
    c->type = type;
    c->ordinal = static_cast<int>(t.columns.size());
    c->persisted = persisted;
    c->track_values = c->name != kEidColumn && c->name != kRecordColumn;
    int index = c->ordinal;
    t.by_name.emplace(c->name, index);
    t.by_lower.emplace(AsciiToLower(c->name), index);
    t.columns.push_back(std::move(c));
    t.used_in_event.push_back(0);
  }

  Status LoadOrCreate(TableState& t) {
    Statement q(db,
                "SELECT name, type, non_null, hll FROM _quarry_columns WHERE table_name = ? ORDER "
                "BY ordinal");
    q.BindTextCopy(1, t.name);
    for (;;) {
      auto row = q.Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      ValueType type = ValueType::kNull;
      ParseValueTypeName(q.ColumnText(1), type);
      AddColumnState(t, std::string(q.ColumnText(0)), type, true);
      ColumnState& c = *t.columns.back();
      c.non_null = q.ColumnInt(2);
      c.hll.Load(q.ColumnBlob(3));
    }
    if (!t.columns.empty()) return Status::Ok();
    QUARRY_RETURN_IF_ERROR(Begin());
    QUARRY_RETURN_IF_ERROR(
        Exec(db, "CREATE TABLE IF NOT EXISTS " + QuoteIdent(t.name) +
                     "(_eid INTEGER PRIMARY KEY, TimeGenerated, _source, _record)"));
    static constexpr ValueType kReservedTypes[] = {ValueType::kLong, ValueType::kDateTime,
                                                   ValueType::kString, ValueType::kLong};
    for (size_t i = 0; i < 4; ++i) {
      AddColumnState(t, kReservedColumns[i], kReservedTypes[i], false);
      t.columns.back()->dirty = true;
    }
    return Status::Ok();
  }

  Result<int> AddColumn(TableState& t, std::string_view name, ValueType type) {
    QUARRY_RETURN_IF_ERROR(
        Exec(db, "ALTER TABLE " + QuoteIdent(t.name) + " ADD COLUMN " + QuoteIdent(name)));
    AddColumnState(t, std::string(name), type, false);
    t.columns.back()->dirty = true;
    return static_cast<int>(t.columns.size()) - 1;
  }

  // Converts stored values when a column meets a value of another type.
  Status Widen(TableState& t, ColumnState& c, ValueType incoming) {
    ValueType wide = WidenType(c.type, incoming);
    if (wide == c.type) return Status::Ok();
    if (c.non_null > 0) {
      std::string col = QuoteIdent(c.name);
      std::string expr;
      if (wide == ValueType::kString) {
        switch (c.type) {
          case ValueType::kBool:
            expr = "CASE " + col + " WHEN 0 THEN 'false' ELSE 'true' END";
            break;
          case ValueType::kDateTime:
            expr = "quarry_iso(" + col + ")";
            break;
          case ValueType::kLong:
          case ValueType::kReal:
            expr = "CAST(" + col + " AS TEXT)";
            break;
          default:
            break;
        }
      } else if (wide == ValueType::kReal) {
        expr = "CAST(" + col + " AS REAL)";
      }
      if (!expr.empty()) {
        QUARRY_RETURN_IF_ERROR(Exec(db, "UPDATE " + QuoteIdent(t.name) + " SET " + col + " = " +
                                            expr + " WHERE " + col + " IS NOT NULL"));
      }
    }
    c.type = wide;
    c.dirty = true;
    return Status::Ok();
  }

  // Column index for a field, creating or widening the column as needed; -1 sends the field to
  // the overflow bag.
  Result<int> Resolve(TableState& t, size_t position, std::string_view name, ValueType type) {
    // Records of one source repeat their field order: try the column this position had last time.
    if (position < t.position_cache.size()) {
      const auto& [cached_name, cached_index] = t.position_cache[position];
      if (cached_name == name) {
        ColumnState& c = *t.columns[static_cast<size_t>(cached_index)];
        if (t.used_in_event[static_cast<size_t>(cached_index)] != t.generation && c.type == type) {
          t.used_in_event[static_cast<size_t>(cached_index)] = t.generation;
          return cached_index;
        }
      }
    }
    QUARRY_ASSIGN_OR_RETURN(int index, ResolveSlow(t, name, type));
    if (index >= 0) {
      if (t.position_cache.size() <= position) t.position_cache.resize(position + 1);
      t.position_cache[position] = {std::string(name), index};
    }
    return index;
  }

  Result<int> ResolveSlow(TableState& t, std::string_view name, ValueType type) {
    int index = -1;
    auto it = t.by_name.find(name);
    if (it != t.by_name.end()) {
      index = it->second;
    } else {
      auto lower = t.by_lower.find(AsciiToLower(name));
      if (lower != t.by_lower.end()) {
        index = lower->second;  // SQLite names are case-insensitive: same column
        t.by_name.emplace(std::string(name), index);
      }
    }
    bool reserved = index >= 0 && index < 4;
    bool duplicate = index >= 0 && t.used_in_event[static_cast<size_t>(index)] == t.generation;
    if (reserved || duplicate) {
      // A field that collides with a reserved column or repeats a name keeps a suffixed name.
      std::string alt = std::string(name) + (reserved ? "_raw" : "_2");
      for (int n = 3; n < 100; ++n) {
        auto alt_it = t.by_lower.find(AsciiToLower(alt));
        if (alt_it == t.by_lower.end() ||
            t.used_in_event[static_cast<size_t>(alt_it->second)] != t.generation)
          break;
        alt = std::string(name) + "_" + std::to_string(n);
      }
      return ResolveSlow(t, alt, type);
    }
    if (index < 0) {
      if (t.columns.size() >= kMaxColumns) return -1;
      QUARRY_ASSIGN_OR_RETURN(index, AddColumn(t, name, type));
    }
    ColumnState& c = *t.columns[static_cast<size_t>(index)];
    if (c.type != type) QUARRY_RETURN_IF_ERROR(Widen(t, c, type));
    t.used_in_event[static_cast<size_t>(index)] = t.generation;
    return index;
  }

  Statement* InsertFor(TableState& t) {
    shape_key.assign(reinterpret_cast<const char*>(shape.data()), shape.size() * sizeof(int));
    auto it = t.inserts.find(shape_key);
    if (it != t.inserts.end()) return &it->second;
    std::string sql = "INSERT INTO " + QuoteIdent(t.name) + "(";
    for (size_t i = 0; i < shape.size(); ++i) {
      if (i) sql += ',';
      sql += QuoteIdent(t.columns[static_cast<size_t>(shape[i])]->name);
    }
    sql += ") VALUES(";
    for (size_t i = 0; i < shape.size(); ++i) sql += i ? ",?" : "?";
    sql += ')';
    if (t.inserts.size() > 512) t.inserts.clear();  // bound the cache for shape-rich sources
    auto [pos, inserted] = t.inserts.emplace(shape_key, Statement(db, sql));
    (void)inserted;
    return &pos->second;
  }

  void Bind(Statement& st, int param, const Value& v, ValueType column_type) {
    switch (column_type) {
      case ValueType::kString:
      case ValueType::kDynamic:
        if (v.type() == ValueType::kString || v.type() == ValueType::kDynamic) {
          st.BindText(param, v.as_string());
        } else {
          st.BindTextCopy(param, v.ToText());
        }
        break;
      case ValueType::kReal:
        st.BindDouble(
            param, v.type() == ValueType::kReal ? v.as_real() : static_cast<double>(v.as_long()));
        break;
      case ValueType::kNull:
        st.BindNull(param);
        break;
      default:
        st.BindInt(param, v.as_long());
        break;
    }
  }

  Status Append(const Event& ev, int64_t file_id) {
    if (ev.provenance.record >= static_cast<uint64_t>(kEidFileStride)) {
      return Unsupported("file " + ev.provenance.source + " has more than 10^9 records");
    }
    QUARRY_RETURN_IF_ERROR(Begin());
    QUARRY_ASSIGN_OR_RETURN(TableState * t, GetTable(ev.table.empty() ? "Events" : ev.table));
    ++t->generation;
    if (t->generation == 0) {
      std::fill(t->used_in_event.begin(), t->used_in_event.end(), 0);
      t->generation = 1;
    }
    for (int i = 0; i < 4; ++i) t->used_in_event[static_cast<size_t>(i)] = t->generation;
    shape.assign({0, 1, 2, 3});
    shape_values.assign(4, nullptr);
    extra_json.clear();
    for (size_t position = 0; position < ev.size(); ++position) {
      const Field& f = ev.field(position);
      if (f.value.is_null()) continue;
      QUARRY_ASSIGN_OR_RETURN(int index, Resolve(*t, position, f.name, f.value.type()));
      if (index < 0) {
        extra_json += extra_json.empty() ? "{" : ",";
        AppendJsonString(extra_json, f.name);
        extra_json += ':';
        if (f.value.type() == ValueType::kDynamic) {
          extra_json += f.value.as_string();
        } else {
          AppendJsonString(extra_json, f.value.ToText());
        }
        continue;
      }
      shape.push_back(index);
      shape_values.push_back(&f.value);
    }
    Value extra_value;
    if (!extra_json.empty()) {
      extra_json += '}';
      extra_value = Value::Dynamic(extra_json);
      auto it = t->by_name.find(kExtraColumn);
      int index = 0;
      if (it == t->by_name.end()) {
        QUARRY_ASSIGN_OR_RETURN(index, AddColumn(*t, kExtraColumn, ValueType::kDynamic));
      } else {
        index = it->second;
      }
      shape.push_back(index);
      shape_values.push_back(&extra_value);
    }
    Statement* st = InsertFor(*t);
    if (!st->valid()) return st->prepare_status();
    int64_t eid = file_id * kEidFileStride + static_cast<int64_t>(ev.provenance.record);
    st->BindInt(1, eid);
    if (ev.time) {
      st->BindInt(2, ev.time->ticks);
    } else {
      st->BindNull(2);
    }
    st->BindText(3, ev.provenance.source);
    st->BindInt(4, static_cast<int64_t>(ev.provenance.offset));
    // _eid is unique by construction (its distinct count is its row count); the file path is
    // the same for a whole file, so it is counted once per run of events from one file.
    ++t->columns[0]->non_null;
    t->columns[0]->dirty = true;
    if (ev.time) t->columns[1]->Add(Value::DateTime(*ev.time));
    ColumnState& source = *t->columns[2];
    if (ev.provenance.source != last_source) {
      last_source = ev.provenance.source;
      last_source_hash = Hash64(last_source);
      source.hll.Add(last_source_hash);
    }
    ++source.non_null;
    source.dirty = true;
    source.batch_values.Add(last_source_hash, last_source);
    t->columns[3]->Add(Value::Long(static_cast<int64_t>(ev.provenance.offset)));
    for (size_t i = 4; i < shape.size(); ++i) {
      ColumnState& c = *t->columns[static_cast<size_t>(shape[i])];
      Bind(*st, static_cast<int>(i) + 1, *shape_values[i], c.type);
      c.Add(*shape_values[i]);
    }
    auto done = st->Step();
    if (!done.ok()) return done.status();
    ++t->batch_rows;
    t->in_batch = true;
    t->touched = true;
    if (ev.time) {
      if (!t->batch_min || *ev.time < *t->batch_min) t->batch_min = ev.time;
      if (!t->batch_max || *ev.time > *t->batch_max) t->batch_max = ev.time;
    }
    ++pending;
    return Status::Ok();
  }

  Status FlushCatalog(TableState& t) {
    if (t.in_batch) {
      Statement up(
          db,
          "INSERT INTO _quarry_tables(name, rows, min_time, max_time) VALUES(?,?,?,?) "
          "ON CONFLICT(name) DO UPDATE SET rows = rows + excluded.rows, "
          "min_time = CASE WHEN min_time IS NULL THEN excluded.min_time "
          "WHEN excluded.min_time IS NULL THEN min_time ELSE min(min_time, excluded.min_time) END, "
          "max_time = CASE WHEN max_time IS NULL THEN excluded.max_time "
          "WHEN excluded.max_time IS NULL THEN max_time ELSE max(max_time, excluded.max_time) END");
      up.BindTextCopy(1, t.name);
      up.BindInt(2, t.batch_rows);
      t.batch_min ? up.BindInt(3, t.batch_min->ticks) : up.BindNull(3);
      t.batch_max ? up.BindInt(4, t.batch_max->ticks) : up.BindNull(4);
      QUARRY_RETURN_IF_ERROR(up.Run());
    }
    Statement col(db,
                  "INSERT INTO _quarry_columns(table_name, name, ordinal, type, non_null, hll) "
                  "VALUES(?,?,?,?,?,?) "
                  "ON CONFLICT(table_name, name) DO UPDATE SET type = excluded.type, "
                  "non_null = excluded.non_null, hll = excluded.hll");
    Statement val(
        db,
        "INSERT INTO _quarry_values(table_name, column_name, value, count) VALUES(?,?,?,?) "
        "ON CONFLICT(table_name, column_name, value) DO UPDATE SET count = count + excluded.count");
    std::vector<const ValueCounter::Sample*> samples;
    for (auto& cp : t.columns) {
      ColumnState& c = *cp;
      if (!c.dirty) continue;
      col.BindTextCopy(1, t.name);
      col.BindTextCopy(2, c.name);
      col.BindInt(3, c.ordinal);
      col.BindTextCopy(4, ValueTypeName(c.type));
      col.BindInt(5, c.non_null);
      std::string_view bytes = c.hll.Bytes();
      col.BindBlob(6, bytes.data(), bytes.size());
      QUARRY_RETURN_IF_ERROR(col.Run());
      samples.clear();
      for (const auto& sample : c.batch_values.samples()) samples.push_back(&sample);
      size_t keep = std::min(samples.size(), kValuesKeptPerBatch);
      std::partial_sort(samples.begin(), samples.begin() + static_cast<long>(keep), samples.end(),
                        [](const auto* a, const auto* b) { return a->count > b->count; });
      for (size_t i = 0; i < keep; ++i) {
        val.BindTextCopy(1, t.name);
        val.BindTextCopy(2, c.name);
        val.BindTextCopy(3, samples[i]->text);
        val.BindInt(4, samples[i]->count);
        QUARRY_RETURN_IF_ERROR(val.Run());
      }
      c.EndBatch();
      c.dirty = false;
      c.persisted = true;
    }
    t.batch_rows = 0;
    t.batch_min.reset();
    t.batch_max.reset();
    t.in_batch = false;
    return Status::Ok();
  }

  Status Commit(const FileProgress& p) {
    QUARRY_RETURN_IF_ERROR(Begin());
    for (auto& [name, t] : tables) QUARRY_RETURN_IF_ERROR(FlushCatalog(*t));
    Statement progress(
        db, p.complete ? "UPDATE _quarry_files SET records = ?, skipped = ?, status = 'complete', "
                         "findings = ?, format = ?, completed = ?, sha256 = ?, prefix_bytes = "
                         "size, prefix_sha256 = ? WHERE file_id = ?"
                       : "UPDATE _quarry_files SET records = ?, skipped = ?, prefix_bytes = ?, "
                         "prefix_sha256 = ? WHERE file_id = ?");
    progress.BindInt(1, p.records);
    progress.BindInt(2, p.skipped);
    if (p.complete) {
      progress.BindInt(3, p.findings);
      progress.BindTextCopy(4, p.format);
      progress.BindTextCopy(5, NowIso());
      progress.BindTextCopy(6, p.sha256);
      progress.BindTextCopy(7, p.sha256);
      progress.BindInt(8, p.file_id);
    } else {
      progress.BindInt(3, static_cast<int64_t>(p.prefix->bytes));
      progress.BindTextCopy(4, p.prefix->sha256);
      progress.BindInt(5, p.file_id);
    }
    QUARRY_RETURN_IF_ERROR(progress.Run());
    QUARRY_RETURN_IF_ERROR(Exec(db, "COMMIT"));
    in_transaction = false;
    pending = 0;
    return Status::Ok();
  }
};

CaseWriter::CaseWriter(Case& c) : impl_(std::make_unique<Impl>(c)) {}

CaseWriter::~CaseWriter() {
  if (impl_->in_transaction) (void)Exec(impl_->db, "ROLLBACK");
}

int64_t CaseWriter::pending_rows() const {
  return impl_->pending;
}

Result<FileStart> CaseWriter::BeginFile(const FileProbe& probe, std::string_view format) {
  QUARRY_ASSIGN_OR_RETURN(FileStart start, FindRegisteredFile(impl_->db, probe));
  if (start.state != FileStart::State::kNew) return start;
  QUARRY_RETURN_IF_ERROR(impl_->Begin());
  QUARRY_ASSIGN_OR_RETURN(start.file_id, RegisterFile(impl_->db, probe, format, NowIso()));
  QUARRY_RETURN_IF_ERROR(Exec(impl_->db, "COMMIT"));
  impl_->in_transaction = false;
  return start;
}

Status CaseWriter::Append(const Event& event, int64_t file_id) {
  return impl_->Append(event, file_id);
}

Status CaseWriter::CommitBatch(int64_t file_id, int64_t records_done, int64_t skipped,
                               const FilePrefix& read_so_far) {
  FileProgress p;
  p.file_id = file_id;
  p.records = records_done;
  p.skipped = skipped;
  p.prefix = &read_so_far;
  return impl_->Commit(p);
}

Status CaseWriter::FinishFile(int64_t file_id, int64_t records, int64_t skipped, int64_t findings,
                              std::string_view format, std::string_view sha256) {
  FileProgress p;
  p.file_id = file_id;
  p.records = records;
  p.skipped = skipped;
  p.complete = true;
  p.findings = findings;
  p.format = format;
  p.sha256 = sha256;
  return impl_->Commit(p);
}

Status CaseWriter::Finalize() {
  sqlite3* db = impl_->db;
  QUARRY_RETURN_IF_ERROR(impl_->Begin());
  // The planner's statistics (sqlite_stat1) come from the catalog's own counts and distinct
  // estimates: ANALYZE would read every index, and without statistics SQLite takes any
  // equality (EventID == 10, a million rows) over a time range of a few thousand.
  QUARRY_RETURN_IF_ERROR(Exec(db, "ANALYZE sqlite_schema"));  // creates sqlite_stat1
  for (auto& [name, t] : impl_->tables) {
    if (!t->touched) continue;
    Statement rows_query(db, "SELECT rows FROM _quarry_tables WHERE name = ?");
    rows_query.BindTextCopy(1, name);
    auto has_row = rows_query.Step();
    if (!has_row.ok()) return has_row.status();
    int64_t rows = *has_row ? rows_query.ColumnInt(0) : 0;
    for (const char* column : kIndexedColumns) {
      auto it = t->by_name.find(column);
      if (it == t->by_name.end()) continue;
      std::string index = "ix_" + name + "_" + column;
      QUARRY_RETURN_IF_ERROR(Exec(db, "CREATE INDEX IF NOT EXISTS " + QuoteIdent(index) + " ON " +
                                          QuoteIdent(name) + "(" + QuoteIdent(column) + ")"));
      const ColumnState& c = *t->columns[static_cast<size_t>(it->second)];
      int64_t groups = std::max<int64_t>(1, c.hll.Estimate() + (c.non_null < rows ? 1 : 0));
      std::string stat =
          std::to_string(rows) + " " + std::to_string(std::max<int64_t>(1, rows / groups));
      Statement del(db, "DELETE FROM sqlite_stat1 WHERE tbl = ? AND idx = ?");
      del.BindTextCopy(1, name);
      del.BindTextCopy(2, index);
      QUARRY_RETURN_IF_ERROR(del.Step().status());
      Statement ins(db, "INSERT INTO sqlite_stat1(tbl, idx, stat) VALUES(?, ?, ?)");
      ins.BindTextCopy(1, name);
      ins.BindTextCopy(2, index);
      ins.BindTextCopy(3, stat);
      QUARRY_RETURN_IF_ERROR(ins.Step().status());
    }
  }
  QUARRY_RETURN_IF_ERROR(Exec(db,
                              "DELETE FROM _quarry_values WHERE rowid IN (SELECT rowid FROM "
                              "(SELECT rowid, row_number() OVER "
                              "(PARTITION BY table_name, column_name ORDER BY count DESC, value) "
                              "AS rn FROM _quarry_values) "
                              "WHERE rn > " +
                                  std::to_string(kValuesKept) + ")"));
  QUARRY_RETURN_IF_ERROR(Exec(db, "COMMIT"));
  impl_->in_transaction = false;
  return Exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace quarry::store
