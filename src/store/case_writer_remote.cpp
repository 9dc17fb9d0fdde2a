// The case writer for a case whose events live in ClickHouse: rows are encoded as RowBinary
// per table and sent as one block to one shard at a time (the shards take turns), always before
// the SQLite transaction that records the batch in the catalog and the file registry commits.
// A run killed between the two leaves rows the registry does not count; the rerun reads the same
// records again and sends only those ClickHouse lacks (PresentEids in BeginFile), so nothing is
// doubled or lost.
#include <algorithm>

#include "core/time.h"
#include "store/case_writer_impl.h"

namespace quarry::store {

Status CaseWriter::Impl::ConnectRemote() {
  if (remote || !kase.is_remote()) return Status::Ok();
  QUARRY_ASSIGN_OR_RETURN(remote, kase.remote());
  QUARRY_RETURN_IF_ERROR(remote->PrepareForWriting());
  sender = std::make_unique<BlockSender>(*remote);
  // An insert of a killed run may still be running on a shard; what it commits must be seen
  // by PresentEids before a resumed file decides what to send again.
  return remote->WaitForOwnInserts();
}

std::vector<StoredColumn> CaseWriter::Impl::StoredColumns(const TableState& t, size_t from) const {
  std::vector<StoredColumn> columns;
  for (size_t i = from; i < t.columns.size(); ++i) {
    const ColumnState& c = *t.columns[i];
    ValueType stored = c.type;
    if (c.stored_class == 1 && StorageClass(stored) < 1) stored = ValueType::kReal;
    if (c.stored_class == 2) stored = ValueType::kString;
    columns.push_back({c.name, stored});
  }
  return columns;
}

Status CaseWriter::Impl::SyncColumns(TableState& t) {
  if (!t.remote_ready) return RemoteTable(t);
  if (t.remote_columns >= t.columns.size()) return Status::Ok();
  QUARRY_RETURN_IF_ERROR(remote->AddColumns(t.name, StoredColumns(t, t.remote_columns)));
  t.remote_columns = t.columns.size();
  return Status::Ok();
}

Status CaseWriter::Impl::RemoteTable(TableState& t) {
  QUARRY_ASSIGN_OR_RETURN(auto wider, remote->EnsureTable(t.name, StoredColumns(t, 0)));
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
  t.remote_columns = t.columns.size();
  return Status::Ok();
}

Status CaseWriter::Impl::EncodeRow(TableState& t, const Event& ev, int64_t eid) {
  t.slots.assign(t.columns.size(), nullptr);
  for (size_t i = 4; i < shape.size(); ++i)
    t.slots[static_cast<size_t>(shape[i])] = shape_values[i];
  // Months as ClickHouse partitions them (toYYYYMM in UTC of the seconds), rows without a time
  // with 1970's.
  int64_t seconds = ev.time ? ev.time->ticks / Timestamp::kTicksPerSecond : 0;
  if (ev.time && ev.time->ticks < 0 && ev.time->ticks % Timestamp::kTicksPerSecond != 0) --seconds;
  int64_t days = seconds / 86400 - (seconds % 86400 < 0 ? 1 : 0);
  int64_t year = 0;
  unsigned month_of_year = 0, day = 0;
  CivilFromDays(days, year, month_of_year, day);
  int64_t month = year * 12 + month_of_year;
  RemoteBlock& block = t.blocks[month];
  RowBinaryWriter& w = block.rows;
  size_t before = w.size();
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
  block.row_ends.emplace_back(w.size(), t.columns.size());
  remote_buffered += w.size() - before;
  if (w.size() >= kRemoteBlockBytes) return SendBlock(t, block);
  if (remote_buffered < kRemoteBufferBytes) return Status::Ok();
  // Many months or tables at once: the largest block goes.
  TableState* largest_table = nullptr;
  RemoteBlock* largest = nullptr;
  for (auto& [name, table] : tables) {
    for (auto& [m, candidate] : table->blocks) {
      if (largest == nullptr || candidate.rows.size() > largest->rows.size()) {
        largest_table = table.get();
        largest = &candidate;
      }
    }
  }
  return SendBlock(*largest_table, *largest);
}

Status CaseWriter::Impl::SendBlock(TableState& t, RemoteBlock& block) {
  if (block.row_ends.empty()) return Status::Ok();
  QUARRY_RETURN_IF_ERROR(SyncColumns(t));
  std::vector<StoredColumn> columns;
  columns.reserve(t.columns.size());
  for (const auto& c : t.columns) columns.push_back({c->name, c->type});
  PendingBlock outgoing{t.name, t.next_shard++, std::move(columns), {}};
  const size_t width = outgoing.columns.size();
  remote_buffered -= std::min(remote_buffered, block.rows.size());
  // Columns are only ever added at the end, and all of them are Nullable: a row encoded before
  // one was added is completed with a null byte per missing column.
  if (block.row_ends.back().second != width || block.row_ends.front().second != width) {
    const std::string& rows = block.rows.bytes();
    size_t start = 0;
    for (const auto& [end, row_width] : block.row_ends) {
      outgoing.rows.append(rows, start, end - start);
      outgoing.rows.append(width - row_width, '\x01');
      start = end;
    }
    block.rows.clear();
  } else {
    outgoing.rows.swap(block.rows.bytes());
  }
  block.row_ends.clear();
  return sender->Send(std::move(outgoing));
}

Status CaseWriter::Impl::FlushBlock(TableState& t) {
  for (auto& [month, block] : t.blocks) QUARRY_RETURN_IF_ERROR(SendBlock(t, block));
  t.blocks.clear();
  return Status::Ok();
}

Status CaseWriter::Impl::FlushBlocks() {
  if (!remote) return Status::Ok();
  for (auto& [name, t] : tables) QUARRY_RETURN_IF_ERROR(FlushBlock(*t));
  return sender->Drain();
}

}  // namespace quarry::store
