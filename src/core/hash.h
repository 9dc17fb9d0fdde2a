#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace quarry {

// Streaming SHA-256 (OpenSSL). Content identity of evidence files and journal chaining.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(const void* data, size_t size);
  void Update(std::string_view s) { Update(s.data(), s.size()); }
  std::string HexDigest();  // finishes the hash
  // The digest of the bytes so far, leaving the hash open for more.
  std::string PeekHexDigest() const;
  uint64_t bytes() const { return bytes_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  uint64_t bytes_ = 0;
};

std::string Sha256Hex(std::string_view data);

// Fast, stable (platform-independent) 64-bit hash for sketches; not cryptographic.
uint64_t Hash64(std::string_view data, uint64_t seed = 0);

}  // namespace quarry
