// EVTX evidence: records mapped by src/evtx straight onto events, or (for shapes it leaves to
// JSON) decoded into the evtx_dump JSON layout and mapped by the
// same code as evtx_dump JSON files, so an EVTX file and its evtx_dump export ingest to the
// same rows (provenance aside: `_record` is the EVTX record id here).
#include <simdjson.h>

#include <cstring>

#include "evtx/damage.h"
#include "evtx/evtx_reader.h"
#include "ingest/event_routing.h"
#include "ingest/json_layouts.h"
#include "ingest/readers_internal.h"

namespace quarry::ingest {
namespace {

class EvtxReader final : public Reader {
 public:
  EvtxReader(std::unique_ptr<ByteSource> source, std::string head, ReaderOptions options,
             FindingSink sink)
      : Reader(std::move(options), std::move(sink)),
        source_(std::move(source)),
        head_(std::move(head)),
        decoder_([this](char* buf, size_t n) { return Read(buf, n); },
                 evtx::ChunkOptions{options_.evtx_carve, !options_.evtx_via_json},
                 [this](const evtx::Damage& d) { OnDamage(d); }, options_.evtx_pool) {}

  bool Next(Event& event) override;
  Format format() const override { return Format::kEvtx; }
  uint64_t raw_position() const override { return source_->raw_position(); }

 private:
  // The sniffed head first, then the rest of the source.
  Result<size_t> Read(char* buf, size_t n) {
    if (head_pos_ < head_.size()) {
      size_t take = std::min(n, head_.size() - head_pos_);
      std::memcpy(buf, head_.data() + head_pos_, take);
      head_pos_ += take;
      return take;
    }
    return source_->Read(buf, n);
  }

  void OnDamage(const evtx::Damage& d) {
    // A lost record or block counts once: how many records it held is unknowable.
    if (evtx::DamageLosesRecords(d.code)) ++stats_.skipped;
    if (d.code == "evtx.truncated" || d.code == "evtx.read") stats_.file_damaged = true;
    Report(Severity::kWarning, d.code, d.Where() + ": " + d.message, 0, d.file_offset);
  }

  std::unique_ptr<ByteSource> source_;
  std::string head_;
  size_t head_pos_ = 0;
  evtx::FileReader decoder_;
  simdjson::dom::parser parser_;
  simdjson::dom::parser scratch_parser_;
  std::string padded_;
};

bool EvtxReader::Next(Event& event) {
  while (const evtx::Record* r = decoder_.Next()) {
    if (r->event != nullptr) {
      StartEvent(event, r->record_id, 0);
      event.SwapFields(*r->event);
      FinishEvent(options_.default_table, event);
      ++stats_.records;
      return true;
    }
    // simdjson reads up to SIMDJSON_PADDING bytes past the end of its input.
    padded_.reserve(r->json.size() + simdjson::SIMDJSON_PADDING);
    padded_.assign(r->json);
    simdjson::dom::element root;
    auto error = parser_.parse(padded_.data(), padded_.size(), false).get(root);
    if (error || root.type() != simdjson::dom::element_type::OBJECT) {
      // Our own renderer wrote it: this is a bug, not damage in the file, but lose only it.
      Skip("evtx.internal",
           "record " + std::to_string(r->record_id) + " rendered to invalid JSON (" +
               simdjson::error_message(error) + "); skipped",
           0, r->file_offset);
      continue;
    }
    StartEvent(event, r->record_id, 0);
    MapJsonRecord(root.get_object().value_unsafe(), options_.default_table, scratch_parser_, event);
    ++stats_.records;
    return true;
  }
  return false;
}

}  // namespace

bool SniffEvtx(const Head& head) {
  return head.bytes().starts_with(std::string_view("ElfFile\0", 8));  // the file header's magic
}

std::unique_ptr<Reader> MakeEvtxReader(std::unique_ptr<ByteSource> source, std::string head,
                                       ReaderOptions options, FindingSink sink) {
  return std::make_unique<EvtxReader>(std::move(source), std::move(head), std::move(options),
                                      std::move(sink));
}

}  // namespace quarry::ingest
