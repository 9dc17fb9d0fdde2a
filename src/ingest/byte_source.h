// Reads a file's bytes, decompressing gzip transparently. The file's own bytes (compressed, for
// gzip) can be hashed as they are read, so evidence is identified without a second pass.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/hash.h"
#include "core/status.h"

namespace quarry::ingest {

class ByteSource {
 public:
  static Result<std::unique_ptr<ByteSource>> Open(const std::string& path);
  // Bytes already in memory (tests, fuzzing, stdin); never decompressed.
  static std::unique_ptr<ByteSource> FromMemory(std::string data);
  ~ByteSource();
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // Reads up to `size` bytes; 0 at end of input. A decompression error is returned once, after
  // the bytes that could be read; the source then reports end of input.
  Result<size_t> Read(char* buffer, size_t size);

  // Every byte read from the file from now on also goes to `digest` (not owned).
  void set_digest(Sha256* digest) { digest_ = digest; }

  bool compressed() const { return compressed_; }
  // Position in the file on disk (compressed bytes for .gz), for progress.
  uint64_t raw_position() const;
  uint64_t raw_size() const { return raw_size_; }
  const std::string& path() const { return path_; }

 private:
  ByteSource() = default;
  struct Impl;
  Result<size_t> ReadRaw(char* buffer, size_t size);
  Result<size_t> Inflate(char* buffer, size_t size);
  Status Refill();
  Result<size_t> Fail(Status error, size_t produced);

  std::unique_ptr<Impl> impl_;
  Sha256* digest_ = nullptr;
  std::string path_;
  std::string memory_;
  size_t memory_pos_ = 0;
  bool in_memory_ = false;
  bool compressed_ = false;
  bool failed_ = false;
  Status pending_error_;
  uint64_t raw_size_ = 0;
};

}  // namespace quarry::ingest
