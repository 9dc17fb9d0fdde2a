#include "evtx/evtx_file.h"

#include <zlib.h>

#include <cstring>

#include "evtx/binxml.h"
#include "evtx/record_dom.h"

namespace quarry::evtx {
namespace {

constexpr char kFileMagic[] = "ElfFile";  // plus its NUL: 8 bytes
constexpr char kChunkMagic[] = "ElfChnk";
constexpr size_t kChunkHeaderSize = 512;
constexpr size_t kRecordHeaderSize = 24;  // magic, size, id, written time

template <typename T>
T Load(std::string_view s, size_t at) {
  T v;
  std::memcpy(&v, s.data() + at, sizeof v);
  return v;
}

uint32_t Crc(std::string_view s, size_t from, size_t to) {
  return static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(s.data() + from), static_cast<uInt>(to - from)));
}

std::string Hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

bool ParseFileHeader(std::string_view bytes, FileHeader& out) {
  if (bytes.size() < 128 || std::memcmp(bytes.data(), kFileMagic, 8) != 0) return false;
  out.first_chunk = Load<uint64_t>(bytes, 8);
  out.last_chunk = Load<uint64_t>(bytes, 16);
  out.next_record_id = Load<uint64_t>(bytes, 24);
  out.minor_version = Load<uint16_t>(bytes, 36);
  out.major_version = Load<uint16_t>(bytes, 38);
  out.chunk_count = Load<uint16_t>(bytes, 42);
  out.flags = Load<uint32_t>(bytes, 120);
  out.crc_ok = Crc(bytes, 0, 120) == Load<uint32_t>(bytes, 124);
  return true;
}

bool ParseChunk(std::string_view chunk, uint64_t file_offset, const ChunkOptions& options,
                const std::function<void(const Record&)>& on_record,
                const std::function<void(const Damage&)>& on_damage) {
  if (chunk.size() < kChunkHeaderSize || std::memcmp(chunk.data(), kChunkMagic, 8) != 0) {
    return false;
  }
  auto damage = [&](std::string code, std::string message, uint64_t at) {
    on_damage(Damage{std::move(code), std::move(message), at});
  };
  uint32_t free_offset = Load<uint32_t>(chunk, 48);
  uint32_t records_crc = Load<uint32_t>(chunk, 52);
  uint32_t header_crc = Load<uint32_t>(chunk, 124);
  uint32_t computed_header_crc = static_cast<uint32_t>(
      crc32(Crc(chunk, 0, 120), reinterpret_cast<const Bytef*>(chunk.data() + 128),
            static_cast<uInt>(kChunkHeaderSize - 128)));
  if (computed_header_crc != header_crc) {
    damage("evtx.chunk_header_crc",
           "chunk header checksum mismatch (stored " + Hex(header_crc) + ", computed " +
               Hex(computed_header_crc) + "); reading its records anyway",
           file_offset);
  }
  size_t data_end = free_offset;
  if (data_end < kChunkHeaderSize || data_end > chunk.size()) {
    damage("evtx.chunk_free_offset",
           "chunk free-space offset " + std::to_string(free_offset) +
               " is outside the chunk; reading records up to its end",
           file_offset);
    data_end = chunk.size();
  } else if (Crc(chunk, kChunkHeaderSize, data_end) != records_crc) {
    damage("evtx.records_crc", "chunk record data checksum mismatch; reading its records anyway",
           file_offset);
  }
  size_t scan_end = options.carve ? chunk.size() : data_end;
  // One decoder per thread, reset per chunk: its buffers are reused instead of reallocated.
  thread_local ChunkDecoder decoder{std::string_view()};
  thread_local Event event;
  decoder.Reset(chunk);
  std::string json;
  size_t slack_undecodable = 0;
  size_t pos = kChunkHeaderSize;
  while (pos + kRecordHeaderSize + 4 <= scan_end) {
    bool in_slack = pos >= data_end;
    if (std::memcmp(chunk.data() + pos, "\x2a\x2a\x00\x00", 4) != 0) {
      if (!in_slack) {
        damage("evtx.record_magic",
               "no record signature where a record should start; skipping "
               "to the next signature in the chunk",
               file_offset + pos);
      }
      // Resynchronise on the next record signature (8-byte aligned in practice).
      size_t next = pos + 8;
      while (next + 4 <= scan_end && std::memcmp(chunk.data() + next, "\x2a\x2a\x00\x00", 4) != 0)
        next += 8;
      pos = next;
      continue;
    }
    uint32_t size = Load<uint32_t>(chunk, pos + 4);
    if (size < kRecordHeaderSize + 4 || pos + size > chunk.size() ||
        Load<uint32_t>(chunk, pos + size - 4) != size) {
      if (!in_slack) {
        damage("evtx.record_size",
               "record size " + std::to_string(size) +
                   " does not match its trailing copy or leaves the chunk; record skipped",
               file_offset + pos);
      }
      pos += 8;
      continue;
    }
    Record r;
    r.record_id = Load<uint64_t>(chunk, pos + 8);
    r.written = FromFileTime(Load<uint64_t>(chunk, pos + 16));
    r.file_offset = file_offset + pos;
    Status s = decoder.ExpandRecord(pos + kRecordHeaderSize, size - kRecordHeaderSize - 4);
    if (!s.ok() && in_slack) {
      // Deleted records whose templates were overwritten: expected when carving, so counted
      // and reported once per chunk rather than one by one.
      ++slack_undecodable;
    } else if (!s.ok()) {
      damage("evtx.record_xml",
             "record " + std::to_string(r.record_id) + ": " + s.message() + "; record skipped",
             r.file_offset);
    } else {
      if (options.events) {
        event.Clear();
        if (MapRecordToEvent(decoder.dom(), event)) r.event = &event;
      }
      if (r.event == nullptr) {
        WriteRecordJson(decoder.dom(), json);
        r.json = json;
      }
      on_record(r);
    }
    pos += size;
  }
  if (slack_undecodable > 0) {
    damage("evtx.carve_undecodable",
           std::to_string(slack_undecodable) +
               " deleted record(s) in the chunk's slack space could not be decoded (their "
               "templates were overwritten); not recovered",
           file_offset);
  }
  return true;
}

}  // namespace quarry::evtx
