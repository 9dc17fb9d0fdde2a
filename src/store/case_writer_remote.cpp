// The case writer for a case whose events live in ClickHouse: rows are encoded as RowBinary
// per table and sent as one block to one shard at a time (the shards take turns), always before
// the SQLite transaction that records the batch in the catalog and the file registry commits.
// A run killed between the two leaves rows the registry does not count; the rerun reads the same
// records again and sends only those ClickHouse lacks (PresentEids in BeginFile), so nothing is
// doubled or lost.
#include <algorithm>

#include "store/case_writer_impl.h"

namespace quarry::store {

Status CaseWriter::Impl::ConnectRemote() {
  if (remote || !kase.is_remote()) return Status::Ok();
  QUARRY_ASSIGN_OR_RETURN(remote, kase.remote());
  QUARRY_RETURN_IF_ERROR(remote->PrepareForWriting());
  // An insert of a killed run may still be running on a shard; what it commits must be seen
  // by PresentEids before a resumed file decides what to send again.
  return remote->WaitForOwnInserts();
}

Status CaseWriter::Impl::RemoteTable(TableState& t) {
  std::vector<StoredColumn> columns;
  columns.reserve(t.columns.size());
  for (const auto& c : t.columns) {
    ValueType stored = c->type;
    if (c->stored_class == 1 && StorageClass(stored) < 1) stored = ValueType::kReal;
    if (c->stored_class == 2) stored = ValueType::kString;
    columns.push_back({c->name, stored});
  }
  QUARRY_ASSIGN_OR_RETURN(auto wider, remote->EnsureTable(t.name, columns));
  // Columns an interrupted run added or widened there: kept as stored, so that the rows sent
  // from now on fit them; the catalog learns their types from the values that fill them again.
  for (const StoredColumn& w : wider) {
    auto it = t.by_name.find(w.name);
    if (it == t.by_name.end()) {
      AddColumnState(t, w.name, ValueType::kNull, false);
      t.columns.back()->stored_class = StorageClass(w.type);
    } else {
      ColumnState& c = *t.columns[static_cast<size_t>(it->second)];
      c.stored_class = std::max(c.stored_class, StorageClass(w.type));
    }
  }
  t.remote_ready = true;
  return Status::Ok();
}

void CaseWriter::Impl::EncodeRow(TableState& t, const Event& ev, int64_t eid) {
  t.slots.assign(t.columns.size(), nullptr);
  for (size_t i = 4; i < shape.size(); ++i)
    t.slots[static_cast<size_t>(shape[i])] = shape_values[i];
  RowBinaryWriter& w = t.block;
  w.Int64(eid);
  if (ev.time) {
    w.NotNull();
    w.Int64(ev.time->ticks);
  } else {
    w.Null();
  }
  w.String(ev.provenance.source);
  w.Int64(static_cast<int64_t>(ev.provenance.offset));
  for (size_t i = 4; i < t.columns.size(); ++i) {
    const Value* v = t.slots[i];
    if (v == nullptr) {
      w.Null();
      continue;
    }
    w.NotNull();
    const ColumnState& c = *t.columns[i];
    switch (std::max(c.stored_class, StorageClass(c.type))) {
      case 0:
        w.Int64(v->as_long());
        break;
      case 1:
        w.Float64(v->type() == ValueType::kReal ? v->as_real() : static_cast<double>(v->as_long()));
        break;
      default:
        if (v->type() == ValueType::kString || v->type() == ValueType::kDynamic) {
          w.String(v->as_string());
        } else {
          w.String(v->ToText());
        }
        break;
    }
  }
  ++t.block_rows;
  t.row_ends.emplace_back(w.size(), t.columns.size());
}

Status CaseWriter::Impl::FlushBlock(TableState& t) {
  if (t.block_rows == 0) return Status::Ok();
  if (!t.remote_ready) QUARRY_RETURN_IF_ERROR(RemoteTable(t));
  std::vector<StoredColumn> columns;
  columns.reserve(t.columns.size());
  for (const auto& c : t.columns) columns.push_back({c->name, c->type});
  // Columns are only ever added at the end, and all of them are Nullable: a row encoded before
  // one was added is completed with a null byte per missing column.
  std::string padded;
  const std::string* rows = &t.block.bytes();
  if (t.row_ends.back().second != columns.size() || t.row_ends.front().second != columns.size()) {
    size_t start = 0;
    for (const auto& [end, width] : t.row_ends) {
      padded.append(*rows, start, end - start);
      padded.append(columns.size() - width, '\x01');
      start = end;
    }
    rows = &padded;
  }
  QUARRY_RETURN_IF_ERROR(remote->InsertBlock(t.name, t.next_shard++, columns, *rows));
  t.block.clear();
  t.row_ends.clear();
  t.block_rows = 0;
  return Status::Ok();
}

Status CaseWriter::Impl::FlushBlocks() {
  if (!remote) return Status::Ok();
  for (auto& [name, t] : tables) QUARRY_RETURN_IF_ERROR(FlushBlock(*t));
  return Status::Ok();
}

}  // namespace quarry::store
