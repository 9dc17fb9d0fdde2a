#include "app/alert_store.h"

#include "core/json.h"

#include "core/strings.h"

namespace quarry::app {

namespace {
constexpr int64_t kBatch = 10000;
}

Result<std::unique_ptr<AlertStore>> AlertStore::Open(const std::string& case_dir,
                                                     const std::string& scan_id) {
  std::unique_ptr<AlertStore> s(new AlertStore());
  QUARRY_ASSIGN_OR_RETURN(s->case_, store::Case::Open(case_dir, store::Case::Mode::kOpenExisting));
  QUARRY_ASSIGN_OR_RETURN(store::WriteLock lock, store::WriteLock::Acquire(case_dir));
  s->lock_ = std::make_unique<store::WriteLock>(std::move(lock));
  s->writer_ = std::make_unique<store::CaseWriter>(*s->case_);
  s->scan_id_ = scan_id;
  store::FileProbe probe;
  probe.path = "quarry scan " + scan_id.substr(0, 16);
  probe.size = 0;
  probe.head_sha256 = scan_id;
  probe.hash_prefix = [scan_id](uint64_t) -> Result<std::string> { return scan_id; };
  QUARRY_ASSIGN_OR_RETURN(store::FileStart start, s->writer_->BeginFile(probe, "alerts"));
  s->file_id_ = start.file_id;
  s->complete_ = start.state == store::FileStart::State::kComplete;
  s->skip_ = start.records_done;
  return s;
}

AlertStore::~AlertStore() = default;

Status AlertStore::Add(const Alert& a, const sigma::RuleInfo& info) {
  if (complete_) return Status::Ok();
  int64_t index = next_++;
  if (index < skip_) return Status::Ok();  // committed by an interrupted run of this scan
  Event& e = row_;
  e.Clear();
  e.table = kTable;
  e.time = a.time;
  e.provenance = {};
  e.provenance.source = a.source;
  e.provenance.record = static_cast<uint64_t>(index);
  e.provenance.offset = a.record;
  e.AddString("RuleId", info.id);
  e.AddString("RuleTitle", info.title);
  e.AddString("Level", LevelName(info.level));
  std::string tags;
  {
    JsonWriter w(tags);
    w.BeginArray();
    for (const auto& t : info.tags) w.String(t);
    w.EndArray();
  }
  e.Add("Tags") = Value::Dynamic(tags);
  if (!a.computer.empty()) e.AddString("Computer", a.computer);
  if (!a.channel.empty()) e.AddString("Channel", a.channel);
  if (!a.event_id.empty()) e.AddString("EventID", a.event_id);
  e.AddString("SourceTable", a.table);
  if (a.eid >= 0) e.AddLong("EventEid", a.eid);
  std::string details;
  {
    JsonWriter w(details);
    w.BeginObject();
    for (const auto& [key, value] : a.details) w.Field(key, value);
    w.EndObject();
  }
  e.Add("Details") = Value::Dynamic(details);
  QUARRY_RETURN_IF_ERROR(writer_->Append(e, file_id_));
  ++added_;
  if (next_ % kBatch == 0) {
    QUARRY_RETURN_IF_ERROR(
        writer_->CommitBatch(file_id_, next_, 0, store::FilePrefix{0, scan_id_}));
  }
  return Status::Ok();
}

Status AlertStore::Finish() {
  if (complete_) return Status::Ok();
  QUARRY_RETURN_IF_ERROR(writer_->FinishFile(file_id_, next_, 0, 0, "alerts", scan_id_));
  return writer_->Finalize();
}

}  // namespace quarry::app
