// Streams the records of an EVTX file in file order from any byte source (plain or gzip),
// chunk by chunk, reporting damage and going on with the next record or chunk.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "evtx/evtx_file.h"

namespace quarry::evtx {

class FileReader {
 public:
  using ReadFn = std::function<Result<size_t>(char*, size_t)>;
  using DamageFn = std::function<void(const Damage&)>;

  FileReader(ReadFn read, ChunkOptions options, DamageFn on_damage);

  // The next record in file order, or nullptr at the end of the file.
  const Record* Next();

  uint64_t bytes_read() const { return bytes_read_; }
  size_t chunks() const { return chunks_; }

 private:
  bool ReadHeader();
  bool LoadChunk();
  size_t ReadFully(char* buffer, size_t size);

  ReadFn read_;
  ChunkOptions options_;
  DamageFn on_damage_;
  FileHeader header_;
  bool started_ = false;
  bool done_ = false;
  uint64_t bytes_read_ = 0;
  size_t chunks_ = 0;
  std::string chunk_;
  std::vector<Record> records_;
  std::vector<std::string> texts_;
  size_t next_ = 0;
};

}  // namespace quarry::evtx
