// Streams the records of an EVTX file in file order from any byte source (plain or gzip),
// chunk by chunk, reporting damage and going on with the next record or chunk. Chunks are
// independent, so with `threads` > 1 they are decoded on worker threads while the caller's
// thread reads ahead; records and damage still come out in file order.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "evtx/evtx_file.h"

namespace quarry::evtx {

// The decoded content of one 64 KiB block of the file.
struct DecodedChunk {
  bool is_chunk = false;      // it had a chunk signature
  std::string arena;          // the records' JSON, back to back
  std::vector<Event> events;  // records mapped straight onto events; storage reused
  size_t events_used = 0;
  struct Entry {
    uint64_t record_id = 0;
    Timestamp written;
    uint64_t file_offset = 0;
    size_t json_begin = 0;
    size_t json_size = 0;
    int64_t event = -1;  // index into events, or -1: the record is in the arena as JSON
  };
  std::vector<Entry> records;
  std::vector<Damage> damage;  // in file order, including read problems met while reading it
};

// Decodes one block (`index` counts blocks from 0 after the file header) into `out`, whose
// buffers are reused; its damage is appended to `out.damage`.
void DecodeChunk(const std::string& bytes, uint64_t file_offset, uint64_t index,
                 const ChunkOptions& options, DecodedChunk& out);

// Threads decoding chunks; one pool can serve many readers (one file after another) so that
// threads are not started per file. The reading thread counts as one of `threads`: instead of
// sleeping until the chunk it needs is decoded, it decodes queued chunks itself (a thread
// hand-off per chunk cost more CPU than the decoding on this project's VMs).
class DecodePool {
 public:
  explicit DecodePool(int threads);
  ~DecodePool();
  DecodePool(const DecodePool&) = delete;
  DecodePool& operator=(const DecodePool&) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }
  std::future<void> Submit(std::function<void()> job);
  // Runs one queued job on the calling thread; false when none was queued.
  bool RunQueuedJob();

 private:
  void Work();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::packaged_task<void()>> jobs_;
  std::vector<std::thread> workers_;
  bool stop_ = false;
};

class FileReader {
 public:
  using ReadFn = std::function<Result<size_t>(char*, size_t)>;
  using DamageFn = std::function<void(const Damage&)>;

  // Without a pool, chunks are decoded on the caller's thread. The pool must outlive the reader.
  FileReader(ReadFn read, ChunkOptions options, DamageFn on_damage, DecodePool* pool = nullptr);
  ~FileReader();
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  // The next record in file order, or nullptr at the end of the file. The record (and its JSON)
  // stays valid until the next call.
  const Record* Next();

  // Bytes of the byte source consumed so far (read-ahead included).
  uint64_t bytes_read() const { return bytes_read_; }
  size_t chunks() const { return chunks_; }

 private:
  // A block of the file and what it decodes to; slots are recycled to keep buffers warm.
  struct Slot {
    std::string bytes;
    uint64_t file_offset = 0;
    uint64_t index = 0;
    std::vector<Damage> read_damage;
    DecodedChunk decoded;
    std::future<void> done;
  };

  bool ReadHeader();
  bool ReadBlock(Slot& slot);
  // Reads and submits blocks until `window_` blocks are in flight or the file ends.
  void FillWindow();
  bool TakeChunk();
  size_t ReadFully(char* buffer, size_t size, std::vector<Damage>& damage);

  ReadFn read_;
  ChunkOptions options_;
  DamageFn on_damage_;
  DecodePool* pool_;
  size_t window_ = 1;
  std::deque<std::unique_ptr<Slot>> in_flight_;
  std::vector<std::unique_ptr<Slot>> free_slots_;
  std::unique_ptr<Slot> current_;
  FileHeader header_;
  bool started_ = false;
  bool input_done_ = false;
  bool done_ = false;
  uint64_t bytes_read_ = 0;
  uint64_t blocks_read_ = 0;
  size_t chunks_ = 0;
  size_t next_ = 0;
  Record record_;
};

}  // namespace quarry::evtx
