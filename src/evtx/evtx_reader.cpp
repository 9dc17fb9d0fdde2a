#include "evtx/evtx_reader.h"

namespace quarry::evtx {

FileReader::FileReader(ReadFn read, ChunkOptions options, DamageFn on_damage)
    : read_(std::move(read)), options_(options), on_damage_(std::move(on_damage)) {}

size_t FileReader::ReadFully(char* buffer, size_t size) {
  size_t got = 0;
  while (got < size) {
    auto n = read_(buffer + got, size - got);
    if (!n.ok()) {
      on_damage_(Damage{"evtx.read", n.status().message(), bytes_read_ + got});
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
  size_t got = ReadFully(header.data(), header.size());
  header.resize(got);
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

bool FileReader::LoadChunk() {
  for (;;) {
    uint64_t offset = bytes_read_;
    chunk_.resize(kChunkSize);
    size_t got = ReadFully(chunk_.data(), kChunkSize);
    if (got == 0) return false;
    chunk_.resize(got);
    if (got < kChunkSize) {
      on_damage_(Damage{"evtx.truncated",
                        "file ends inside a chunk (" + std::to_string(got) +
                            " of 65536 bytes); reading the records it holds",
                        offset});
    }
    records_.clear();
    texts_.clear();
    next_ = 0;
    bool is_chunk = ParseChunk(
        chunk_, offset, options_,
        [&](const Record& r) {
          texts_.emplace_back(r.json);
          records_.push_back(r);
        },
        on_damage_);
    if (is_chunk) {
      ++chunks_;
      for (size_t i = 0; i < records_.size(); ++i) records_[i].json = texts_[i];
      if (!records_.empty()) return true;
      continue;
    }
    if (chunk_.find_first_not_of('\0') != std::string::npos) {
      on_damage_(Damage{"evtx.chunk_magic",
                        "no chunk signature in a 64 KiB block that is not empty; block skipped",
                        offset});
    }
    if (got < kChunkSize) return false;
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
  while (next_ >= records_.size()) {
    if (!LoadChunk()) {
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
  }
  return &records_[next_++];
}

}  // namespace quarry::evtx
