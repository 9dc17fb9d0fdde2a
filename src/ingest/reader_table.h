// The evidence readers as one table, one entry per reader: its name, how it recognises content,
// how it is opened and what it reads. Sniffing, FormatName, forced formats, the formats part of
// `quarry ingest --help`, docs/formats.md and the fuzz targets (fuzz_reader_<name>) all come
// from this table, so that a new reader is a new entry rather than a case in each of them.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"
#include "ingest/byte_source.h"
#include "ingest/reader.h"

namespace quarry::ingest {

// The first bytes of the (decompressed) content, classified once so that every sniffer agrees
// on what counts as text.
class Head {
 public:
  explicit Head(std::string_view bytes);

  std::string_view bytes() const { return bytes_; }
  // Without a UTF-8 byte order mark and without white space at either end.
  std::string_view text() const { return trimmed_; }
  // The first line of text(), without its line break.
  std::string_view first_line() const { return first_line_; }

  bool has_nul() const { return nul_; }
  bool blank() const { return trimmed_.empty(); }
  // No NUL bytes, not blank, and at most 1% control characters.
  bool is_text() const { return !nul_ && !blank() && !control_heavy_; }
  // is_text() and valid UTF-8 (allowing a code point cut off at the end). Checked on first use:
  // most files are claimed before a sniffer needs it.
  bool is_utf8_text() const;

 private:
  std::string_view bytes_;
  std::string_view unmarked_;  // without the byte order mark
  std::string_view trimmed_;
  std::string_view first_line_;
  bool nul_ = false;
  bool control_heavy_ = false;
  mutable std::optional<bool> utf8_;
};

// Which heads a sniffer is shown. Readers of text are never shown binary or blank heads, so
// they cannot claim them; between sniffers that overlap, the order of the table decides.
enum class Sniffs {
  kBytes,     // every non-empty head (magic numbers)
  kText,      // Head::is_text()
  kUtf8Text,  // Head::is_utf8_text()
};

using SniffFn = bool (*)(const Head& head);
// A reader over `source`, from which the bytes `head` have already been read.
using OpenFn = Result<std::unique_ptr<Reader>> (*)(std::unique_ptr<ByteSource> source,
                                                   std::string head, ReaderOptions options,
                                                   FindingSink sink);

struct ReaderEntry {
  const char* name;  // stable and lower-case: reports, FormatName, fuzz_reader_<name>
  Format format;     // what Reader::format() returns and ReaderOptions::format forces
  Sniffs sniffs;
  SniffFn sniff;  // does this head look like the reader's content?
  OpenFn open;
  std::string_view reads;    // what it reads, a few words
  std::string_view layouts;  // the layouts it understands
  std::string_view tables;   // where its events go
};

// In sniffing order: the first entry whose sniffer claims a head reads the file.
std::span<const ReaderEntry> Readers();
const ReaderEntry* FindReader(std::string_view name);
const ReaderEntry* FindReader(Format format);
// "evtx, json, csv, auditd or syslog": every reader's name, or those of the readers of text.
std::string ReaderNames(bool text_only);
// The libFuzzer target that feeds arbitrary bytes to this reader alone.
std::string FuzzTargetName(const ReaderEntry& entry);

// The formats part of `quarry ingest --help`: every reader, its layouts and tables.
std::string FormatsHelp();
// docs/formats.md; a test keeps the file equal to this.
std::string FormatsMarkdown();

}  // namespace quarry::ingest
