// Runs a reader on its own thread, handing events over in recycled chunks through a bounded
// queue: parsing overlaps with storage while memory stays fixed (depth x chunk size events).
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/event.h"
#include "core/finding.h"
#include "core/hash.h"
#include "ingest/reader.h"

namespace quarry::app {

struct EventChunk {
  std::vector<Event> events;  // events[0, count) are live; the rest keep their storage
  size_t count = 0;
  std::vector<Finding> findings;  // reported while reading these events, before them
  uint64_t raw_position = 0;
  // With a reader thread, the file digest as it stood after this chunk (the live digest
  // belongs to that thread).
  uint64_t digest_bytes = 0;
  std::string digest_sha256;
  bool last = false;
};

class ReadAhead {
 public:
  // `pending_findings` is where the reader's sink puts findings; the reader thread moves them
  // into chunks, so they reach the consumer in order with the events.
  ReadAhead(ingest::Reader& reader, std::vector<Finding>& pending_findings, bool threaded,
            const Sha256* digest = nullptr, size_t chunk_events = 64, size_t depth = 3);
  ~ReadAhead();
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // The next chunk (the final one has last = true); hand it back with Recycle().
  EventChunk* Next();
  void Recycle(EventChunk* chunk);

 private:
  void Fill(EventChunk& chunk);
  void Run();

  ingest::Reader& reader_;
  std::vector<Finding>& pending_;
  bool threaded_;
  const Sha256* digest_;
  std::vector<std::unique_ptr<EventChunk>> storage_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<EventChunk*> free_;
  std::deque<EventChunk*> ready_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace quarry::app
