#include "store/case_writer_impl.h"

namespace quarry::store {

Status CaseWriter::Impl::Begin() {
  if (in_transaction) return Status::Ok();
  QUARRY_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
  in_transaction = true;
  return Status::Ok();
}

Result<TableState*> CaseWriter::Impl::GetTable(std::string_view name) {
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

void CaseWriter::Impl::AddColumnState(TableState& t, std::string name, ValueType type,
                                      bool persisted) {
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

Status CaseWriter::Impl::LoadOrCreate(TableState& t) {
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
  // A ClickHouse table the catalog knows is brought in line with it at once (an interrupted
  // run may have altered it); a new one is made when its first rows are sent.
  if (!t.columns.empty()) return remote ? RemoteTable(t) : Status::Ok();
  QUARRY_RETURN_IF_ERROR(Begin());
  if (!remote) {
    QUARRY_RETURN_IF_ERROR(
        Exec(db, "CREATE TABLE IF NOT EXISTS " + QuoteIdent(t.name) +
                     "(_eid INTEGER PRIMARY KEY, TimeGenerated, _source, _record)"));
  }
  static constexpr ValueType kReservedTypes[] = {ValueType::kLong, ValueType::kDateTime,
                                                 ValueType::kString, ValueType::kLong};
  for (size_t i = 0; i < 4; ++i) {
    AddColumnState(t, kReservedColumns[i], kReservedTypes[i], false);
    t.columns.back()->dirty = true;
  }
  if (remote) {
    // Made by an interrupted run before the catalog knew it: its columns are taken as they are.
    QUARRY_ASSIGN_OR_RETURN(bool exists, remote->TableExists(t.name));
    if (exists) return RemoteTable(t);
  }
  return Status::Ok();
}

Result<int> CaseWriter::Impl::AddColumn(TableState& t, std::string_view name, ValueType type) {
  // Rows already encoded lack the new column at their end: FlushBlock pads them with nulls, and
  // adds the column to ClickHouse first (SyncColumns).
  if (!remote) {
    QUARRY_RETURN_IF_ERROR(
        Exec(db, "ALTER TABLE " + QuoteIdent(t.name) + " ADD COLUMN " + QuoteIdent(name)));
  }
  AddColumnState(t, std::string(name), type, false);
  t.columns.back()->dirty = true;
  return static_cast<int>(t.columns.size()) - 1;
}

Status CaseWriter::Impl::Widen(TableState& t, ColumnState& c, ValueType incoming) {
  ValueType wide = WidenType(c.type, incoming);
  if (wide == c.type) return Status::Ok();
  if (remote) {
    // Rows already encoded hold the narrower form: they go first.
    if (StorageClass(wide) > std::max(c.stored_class, StorageClass(c.type))) {
      QUARRY_RETURN_IF_ERROR(FlushBlock(t));
      if (t.remote_ready) {
        QUARRY_RETURN_IF_ERROR(sender->Drain());  // the narrower rows land before the MODIFY
        QUARRY_RETURN_IF_ERROR(SyncColumns(t));
        QUARRY_RETURN_IF_ERROR(remote->WidenColumn(t.name, {c.name, c.type}, wide));
      }
    }
  } else if (c.non_null > 0) {
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

Result<int> CaseWriter::Impl::Resolve(TableState& t, size_t position, std::string_view name,
                                      ValueType type) {
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

Result<int> CaseWriter::Impl::ResolveSlow(TableState& t, std::string_view name, ValueType type) {
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

Statement* CaseWriter::Impl::InsertFor(TableState& t) {
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

void CaseWriter::Impl::Bind(Statement& st, int param, const Value& v, ValueType column_type) {
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
      st.BindDouble(param,
                    v.type() == ValueType::kReal ? v.as_real() : static_cast<double>(v.as_long()));
      break;
    case ValueType::kNull:
      st.BindNull(param);
      break;
    default:
      st.BindInt(param, v.as_long());
      break;
  }
}

Status CaseWriter::Impl::Append(const Event& ev, int64_t file_id) {
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
  int64_t eid = file_id * kEidFileStride + static_cast<int64_t>(ev.provenance.record);
  Statement* st = nullptr;
  if (remote) {
    if (already_sent.empty() || already_sent.count(eid) == 0) {
      QUARRY_RETURN_IF_ERROR(EncodeRow(*t, ev, eid));
    }
  } else {
    st = InsertFor(*t);
    if (!st->valid()) return st->prepare_status();
    st->BindInt(1, eid);
    if (ev.time) {
      st->BindInt(2, ev.time->ticks);
    } else {
      st->BindNull(2);
    }
    st->BindText(3, ev.provenance.source);
    st->BindInt(4, static_cast<int64_t>(ev.provenance.offset));
  }
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
    if (st) Bind(*st, static_cast<int>(i) + 1, *shape_values[i], c.type);
    c.Add(*shape_values[i]);
  }
  if (st) {
    auto done = st->Step();
    if (!done.ok()) return done.status();
  }
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

}  // namespace quarry::store
