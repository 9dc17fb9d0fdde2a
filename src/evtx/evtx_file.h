// The EVTX container: a 4 KiB file header, then 64 KiB chunks of records. Chunks are independent
// (names and templates are chunk-relative), so each one parses on its own.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/event.h"
#include "core/finding.h"
#include "core/time.h"

namespace quarry::evtx {

inline constexpr size_t kFileHeaderSize = 4096;
inline constexpr size_t kChunkSize = 65536;

struct FileHeader {
  uint64_t first_chunk = 0;
  uint64_t last_chunk = 0;
  uint64_t next_record_id = 0;
  uint16_t minor_version = 0;
  uint16_t major_version = 0;
  uint16_t chunk_count = 0;
  uint32_t flags = 0;  // 0x1 dirty, 0x2 full
  bool crc_ok = false;
};

// Parses the first kFileHeaderSize bytes; false when the signature is not `ElfFile\0`.
bool ParseFileHeader(std::string_view bytes, FileHeader& out);

// One rendered record of a chunk.
struct Record {
  uint64_t record_id = 0;
  Timestamp written;
  uint64_t file_offset = 0;  // of the record's magic
  std::string_view json;     // evtx_dump layout: {"Event":{...}}; valid until the next record
  // With ChunkOptions::events, the record's fields and time when it was mapped straight onto
  // an event (json is then empty); the receiver may take them (Event::SwapFields).
  Event* event = nullptr;
};

struct ChunkOptions {
  bool carve = false;  // also recover records from the slack after the chunk's free-space offset
  // Map records straight onto events (the fields ingest makes of their JSON) where their shape
  // allows; the others still come as JSON.
  bool events = false;
};

// Damage found in the file: a warning with the file offset and chunk it concerns.
struct Damage {
  std::string code;
  std::string message;
  uint64_t file_offset = 0;
  int64_t chunk = -1;  // 0-based chunk (64 KiB block after the file header); -1: the file header

  // "chunk 3, offset 0x31200" or "file header".
  std::string Where() const;
};

// Parses one chunk (kChunkSize bytes at `file_offset` in the file). Records go to `on_record`
// in order; every problem goes to `on_damage`, and parsing goes on with the next record. Returns
// false when the bytes are not a chunk at all (no signature), e.g. a zeroed pre-allocated slot.
bool ParseChunk(std::string_view chunk, uint64_t file_offset, const ChunkOptions& options,
                const std::function<void(const Record&)>& on_record,
                const std::function<void(const Damage&)>& on_damage);

}  // namespace quarry::evtx
