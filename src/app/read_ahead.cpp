#include "app/read_ahead.h"

namespace quarry::app {

ReadAhead::ReadAhead(ingest::Reader& reader, std::vector<Finding>& pending_findings, bool threaded,
                     const Sha256* digest, size_t chunk_events, size_t depth)
    : reader_(reader), pending_(pending_findings), threaded_(threaded), digest_(digest) {
  size_t n = threaded ? depth : 1;
  for (size_t i = 0; i < n; ++i) {
    auto chunk = std::make_unique<EventChunk>();
    chunk->events.resize(chunk_events);
    free_.push_back(chunk.get());
    storage_.push_back(std::move(chunk));
  }
  if (threaded_) thread_ = std::thread([this] { Run(); });
}

ReadAhead::~ReadAhead() {
  if (!threaded_) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void ReadAhead::Fill(EventChunk& chunk) {
  chunk.count = 0;
  chunk.findings.clear();
  chunk.last = false;
  while (chunk.count < chunk.events.size()) {
    if (!reader_.Next(chunk.events[chunk.count])) {
      chunk.last = true;
      break;
    }
    ++chunk.count;
    if (!pending_.empty()) break;  // keep findings next to the records they are about
  }
  chunk.findings.swap(pending_);
  pending_.clear();
  chunk.raw_position = reader_.raw_position();
  if (threaded_ && digest_) {
    chunk.digest_bytes = digest_->bytes();
    chunk.digest_sha256 = digest_->PeekHexDigest();
  }
}

void ReadAhead::Run() {
  for (;;) {
    EventChunk* chunk = nullptr;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !free_.empty(); });
      if (stop_) return;
      chunk = free_.front();
      free_.pop_front();
    }
    Fill(*chunk);
    bool last = chunk->last;
    {
      std::lock_guard<std::mutex> lock(mu_);
      ready_.push_back(chunk);
    }
    cv_.notify_all();
    if (last) return;
  }
}

EventChunk* ReadAhead::Next() {
  if (!threaded_) {
    EventChunk* chunk = free_.front();
    Fill(*chunk);
    return chunk;
  }
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return !ready_.empty(); });
  EventChunk* chunk = ready_.front();
  ready_.pop_front();
  return chunk;
}

void ReadAhead::Recycle(EventChunk* chunk) {
  if (!threaded_) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(chunk);
  }
  cv_.notify_all();
}

}  // namespace quarry::app
