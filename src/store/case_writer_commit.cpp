#include <algorithm>
#include <chrono>

#include "store/case_writer_impl.h"
#include "store/file_registry.h"
#include "store/sqlite_util.h"

namespace quarry::store {

Status CaseWriter::Impl::FlushCatalog(TableState& t) {
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

Status CaseWriter::Impl::Commit(const FileProgress& p) {
  // ClickHouse has the batch's rows before the registry counts them (see case_writer_remote.cpp).
  QUARRY_RETURN_IF_ERROR(FlushBlocks());
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

// How long no insert of a killed run must be seen before a resumed file asks what was stored.
constexpr std::chrono::milliseconds kResumeQuiet{1000};

CaseWriter::CaseWriter(Case& c) : impl_(std::make_unique<Impl>(c)) {}

CaseWriter::~CaseWriter() {
  if (impl_->in_transaction) (void)Exec(impl_->db, "ROLLBACK");
}

int64_t CaseWriter::pending_rows() const {
  return impl_->pending;
}

Result<FileStart> CaseWriter::BeginFile(const FileProbe& probe, std::string_view format) {
  QUARRY_RETURN_IF_ERROR(impl_->ConnectRemote());
  QUARRY_ASSIGN_OR_RETURN(FileStart start, FindRegisteredFile(impl_->db, probe));
  impl_->already_sent.clear();
  if (start.state == FileStart::State::kResume && impl_->remote) {
    if (!impl_->resumed_quietly) {
      // A request the killed run sent just before it died may not have begun on its shard when
      // this run looked (ConnectRemote): what begins later is waited for too.
      QUARRY_RETURN_IF_ERROR(impl_->remote->WaitForOwnInserts(kResumeQuiet));
      impl_->resumed_quietly = true;
    }
    // Rows an interrupted run sent past the file's committed progress: the same records give the
    // same rows again, so these are counted in the catalog but not sent twice.
    QUARRY_RETURN_IF_ERROR(
        impl_->remote->PresentEids(start.file_id * kEidFileStride + start.records_done,
                                   (start.file_id + 1) * kEidFileStride, impl_->already_sent));
  }
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
    if (!t->touched || impl_->remote) continue;  // ClickHouse orders its tables itself
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
