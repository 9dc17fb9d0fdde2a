// The reader interface: one implementation per evidence format, chosen by sniffing content.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/event.h"
#include "core/finding.h"
#include "core/hash.h"
#include "core/status.h"

namespace quarry::evtx {
class DecodePool;
}

namespace quarry::ingest {

// A reader of the reader table (reader_table.h), or an outcome of sniffing that no reader reads
// (unknown, empty, binary). Values name readers; nothing depends on their order.
enum class Format { kUnknown, kEmpty, kBinary, kEvtx, kJson, kCsv, kAuditd, kSyslog };
// The reader's name in the table ("json"), or "unknown", "empty", "binary".
const char* FormatName(Format f);

// Decides the format from the first bytes of the (decompressed) content: the first reader of
// the table whose sniffer claims them.
Format SniffFormat(std::string_view head);

using FindingSink = std::function<void(const Finding&)>;

struct ReaderOptions {
  // Larger records are reported and skipped without being held in memory.
  size_t max_record_bytes = 16u << 20;
  // Recorded in provenance and findings; defaults to the path.
  std::string source_name;
  // Table for records whose layout names none (generic JSON, CSV); defaults to a name made
  // from the file name.
  std::string default_table;
  // Skip sniffing and read as this format (kUnknown: sniff).
  Format format = Format::kUnknown;
  // Year for syslog stamps that carry none (RFC 3164); 0 takes the file's modification year.
  int assumed_year = 0;
  // When set, every byte read from the file (compressed bytes, for gzip) is also hashed here,
  // so the caller learns the file's SHA-256 without a second pass. Not owned.
  Sha256* raw_digest = nullptr;
  // EVTX: threads decoding chunks (not owned; null decodes on the reading thread), and whether
  // to recover records from the slack space of chunks.
  evtx::DecodePool* evtx_pool = nullptr;
  bool evtx_carve = false;
  // EVTX: decode every record through its evtx_dump JSON, as `quarry dump` prints it, instead
  // of mapping records straight onto events (same events; for tests that compare the paths).
  bool evtx_via_json = false;
  // For a block of a larger JSON lines file (see Reader::line_oriented): read as JSON lines
  // without sniffing, with offsets and line numbers counted from where the block starts.
  bool json_lines = false;
  uint64_t base_offset = 0;
  uint64_t base_line = 0;  // lines before the block
};

struct ReaderStats {
  uint64_t records = 0;       // events produced
  uint64_t skipped = 0;       // records lost (malformed, oversized, truncated)
  uint64_t repaired = 0;      // records kept after replacing invalid bytes
  bool file_damaged = false;  // a read or decompression error cut the file short
};

class Reader {
 public:
  virtual ~Reader() = default;
  // Fills `event` with the next record. Returns false at the end of input. Damage is reported
  // through the sink and reading goes on with the next readable record.
  virtual bool Next(Event& event) = 0;
  virtual Format format() const = 0;
  // Bytes of the file on disk consumed so far, for progress.
  virtual uint64_t raw_position() const = 0;
  // Every record is one line (JSON lines): blocks of whole lines can be read on their own, by
  // readers opened with ReaderOptions::json_lines, and give the same events.
  virtual bool line_oriented() const { return false; }

  const ReaderStats& stats() const { return stats_; }

 protected:
  Reader(ReaderOptions options, FindingSink sink);
  void Report(Severity severity, std::string code, std::string message, uint64_t line,
              uint64_t offset, bool has_offset = true);
  void Skip(std::string code, std::string message, uint64_t line, uint64_t offset) {
    ++stats_.skipped;
    Report(Severity::kWarning, std::move(code), std::move(message), line, offset);
  }
  void StartEvent(Event& event, uint64_t offset, uint64_t line);

  ReaderOptions options_;
  FindingSink sink_;
  ReaderStats stats_;
};

// Opens `path`, sniffs its content and returns the matching reader. Files that cannot be read
// at all (missing, unreadable, empty, binary, unknown format) give an error Status naming why.
Result<std::unique_ptr<Reader>> OpenReader(const std::string& path, ReaderOptions options,
                                           FindingSink sink);

// The same over bytes in memory; `name` stands for the path in findings and provenance.
Result<std::unique_ptr<Reader>> OpenReaderFromMemory(const std::string& name, std::string data,
                                                     ReaderOptions options, FindingSink sink);

// Table name for generic records, derived from a file name: `app-2024-01-02.json.gz` -> `app`.
std::string TableNameFromPath(std::string_view path);

}  // namespace quarry::ingest
