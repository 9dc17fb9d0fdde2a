#include "evtx/evtx_reader.h"

#include <chrono>

namespace quarry::evtx {

void DecodeChunk(const std::string& bytes, uint64_t file_offset, uint64_t index,
                 const ChunkOptions& options, DecodedChunk& out) {
  out.arena.clear();
  out.records.clear();
  out.events_used = 0;
  auto on_damage = [&](const Damage& d) {
    out.damage.push_back(d);
    out.damage.back().chunk = static_cast<int64_t>(index);
  };
  out.is_chunk = ParseChunk(
      bytes, file_offset, options,
      [&](const Record& r) {
        int64_t event = -1;
        if (r.event != nullptr) {
          if (out.events_used == out.events.size()) out.events.emplace_back();
          event = static_cast<int64_t>(out.events_used++);
          out.events[static_cast<size_t>(event)].SwapFields(*r.event);
        }
        out.records.push_back(
            {r.record_id, r.written, r.file_offset, out.arena.size(), r.json.size(), event});
        out.arena += r.json;
      },
      on_damage);
  if (!out.is_chunk && bytes.find_first_not_of('\0') != std::string::npos) {
    on_damage(Damage{"evtx.chunk_magic",
                     "no chunk signature in a 64 KiB block that is not empty; block skipped",
                     file_offset});
  }
}

DecodePool::DecodePool(int threads) {
  for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { Work(); });
}

bool DecodePool::RunQueuedJob() {
  std::packaged_task<void()> job;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (jobs_.empty()) return false;
    job = std::move(jobs_.front());
    jobs_.pop_front();
  }
  job();
  return true;
}

DecodePool::~DecodePool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& w : workers_) w.join();
}

std::future<void> DecodePool::Submit(std::function<void()> job) {
  std::packaged_task<void()> task(std::move(job));
  auto done = task.get_future();
  {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.push_back(std::move(task));
  }
  cv_.notify_one();
  return done;
}

void DecodePool::Work() {
  for (;;) {
    std::packaged_task<void()> job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, nothing left
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

std::string Damage::Where() const {
  char buf[64];
  if (chunk < 0) {
    std::snprintf(buf, sizeof buf, "file header, offset 0x%llx",
                  static_cast<unsigned long long>(file_offset));
  } else {
    std::snprintf(buf, sizeof buf, "chunk %lld, offset 0x%llx", static_cast<long long>(chunk),
                  static_cast<unsigned long long>(file_offset));
  }
  return buf;
}

FileReader::FileReader(ReadFn read, ChunkOptions options, DamageFn on_damage, DecodePool* pool)
    : read_(std::move(read)), options_(options), on_damage_(std::move(on_damage)), pool_(pool) {
  // Enough blocks in flight to keep every worker busy while the front one is consumed.
  if (pool_ != nullptr) window_ = static_cast<size_t>(pool_->threads()) * 4;
}

FileReader::~FileReader() {
  // Jobs write into slots we own: wait for them before the slots go.
  for (auto& slot : in_flight_) slot->done.wait();
}

size_t FileReader::ReadFully(char* buffer, size_t size, std::vector<Damage>& damage) {
  size_t got = 0;
  while (got < size) {
    auto n = read_(buffer + got, size - got);
    if (!n.ok()) {
      damage.push_back(Damage{"evtx.read", n.status().message(), bytes_read_ + got,
                              static_cast<int64_t>(blocks_read_)});
      input_done_ = true;
      break;
    }
    if (*n == 0) break;
    got += *n;
  }
  bytes_read_ += got;
  return got;
}

bool FileReader::ReadHeader() {
  std::string header(kFileHeaderSize, '\0');
  std::vector<Damage> damage;
  size_t got = ReadFully(header.data(), header.size(), damage);
  header.resize(got);
  for (auto& d : damage) {
    d.chunk = -1;
    on_damage_(d);
  }
  if (!ParseFileHeader(header, header_)) {
    on_damage_(
        Damage{"evtx.file_header", "no EVTX file header (ElfFile signature); nothing read", 0});
    return false;
  }
  if (!header_.crc_ok) {
    on_damage_(Damage{"evtx.file_header_crc",
                      "file header checksum mismatch; reading the chunks anyway", 0});
  }
  if (got < kFileHeaderSize) {
    on_damage_(Damage{"evtx.truncated", "file ends inside its header", got});
    return false;
  }
  return true;
}

bool FileReader::ReadBlock(Slot& slot) {
  if (input_done_) return false;
  slot.file_offset = bytes_read_;
  slot.index = blocks_read_;
  slot.read_damage.clear();
  slot.bytes.resize(kChunkSize);
  size_t got = ReadFully(slot.bytes.data(), kChunkSize, slot.read_damage);
  slot.bytes.resize(got);
  if (got < kChunkSize) input_done_ = true;
  // An empty block still travels when it carries a read error, so damage stays in file order.
  if (got == 0) return !slot.read_damage.empty();
  ++blocks_read_;
  if (got < kChunkSize) {
    slot.read_damage.push_back(Damage{"evtx.truncated",
                                      "file ends inside a chunk (" + std::to_string(got) +
                                          " of 65536 bytes); reading the records it holds",
                                      slot.file_offset, static_cast<int64_t>(slot.index)});
  }
  return true;
}

void FileReader::FillWindow() {
  while (in_flight_.size() < window_) {
    std::unique_ptr<Slot> slot;
    if (free_slots_.empty()) {
      slot = std::make_unique<Slot>();
    } else {
      slot = std::move(free_slots_.back());
      free_slots_.pop_back();
    }
    if (!ReadBlock(*slot)) {
      free_slots_.push_back(std::move(slot));
      return;
    }
    Slot* s = slot.get();
    auto job = [s, options = options_] {
      s->decoded.damage = s->read_damage;
      DecodeChunk(s->bytes, s->file_offset, s->index, options, s->decoded);
    };
    if (pool_ != nullptr) {
      s->done = pool_->Submit(job);
    } else {
      job();
      s->done = {};
    }
    in_flight_.push_back(std::move(slot));
  }
}

bool FileReader::TakeChunk() {
  for (;;) {
    if (current_) free_slots_.push_back(std::move(current_));
    FillWindow();
    if (in_flight_.empty()) return false;
    current_ = std::move(in_flight_.front());
    in_flight_.pop_front();
    if (current_->done.valid()) {
      while (current_->done.wait_for(std::chrono::seconds(0)) != std::future_status::ready &&
             pool_->RunQueuedJob()) {
      }
      current_->done.get();
    }
    next_ = 0;
    for (const Damage& d : current_->decoded.damage) on_damage_(d);
    if (current_->decoded.is_chunk) ++chunks_;
    if (!current_->decoded.records.empty()) return true;
  }
}

const Record* FileReader::Next() {
  if (done_) return nullptr;
  if (!started_) {
    started_ = true;
    if (!ReadHeader()) {
      done_ = true;
      return nullptr;
    }
  }
  if ((!current_ || next_ >= current_->decoded.records.size()) && !TakeChunk()) {
    done_ = true;
    if ((header_.flags & 0x1) && chunks_ != header_.chunk_count) {
      on_damage_(Damage{"evtx.dirty",
                        "file is marked dirty (not closed cleanly): its header lists " +
                            std::to_string(header_.chunk_count) + " chunk(s), " +
                            std::to_string(chunks_) + " found by scanning",
                        0});
    }
    return nullptr;
  }
  const DecodedChunk::Entry& e = current_->decoded.records[next_++];
  record_.record_id = e.record_id;
  record_.written = e.written;
  record_.file_offset = e.file_offset;
  record_.json = std::string_view(current_->decoded.arena).substr(e.json_begin, e.json_size);
  record_.event = e.event >= 0 ? &current_->decoded.events[static_cast<size_t>(e.event)] : nullptr;
  return &record_;
}

}  // namespace quarry::evtx
