// A growable window over a ByteSource with absolute offsets, shared by the line- and
// document-oriented readers. Keeps SIMDJSON-sized padding after the data.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/byte_source.h"

namespace quarry::ingest {

class BufferedInput {
 public:
  static constexpr size_t kPadding = 64;

  BufferedInput(std::unique_ptr<ByteSource> source, std::string_view head);

  const char* data() const { return buf_.data() + begin_; }
  size_t size() const { return end_ - begin_; }
  std::string_view view() const { return {data(), size()}; }
  uint64_t offset() const { return base_ + begin_; }  // absolute offset of data()[0]
  void Consume(size_t n) { begin_ += n; }

  // Reads more bytes, moving unconsumed data to the front and growing the buffer when it is
  // full. Returns false when no new byte arrived (end of input or read error).
  bool Fill();
  // Drops all buffered bytes (used while skipping an oversized record).
  void DiscardAll() { begin_ = end_; }
  bool eof() const { return eof_; }
  // The first read error met, if any; bytes before it were delivered.
  const Status& read_error() const { return read_error_; }
  ByteSource& source() { return *source_; }

 private:
  std::unique_ptr<ByteSource> source_;
  std::vector<char> buf_;
  size_t begin_ = 0;
  size_t end_ = 0;
  uint64_t base_ = 0;  // absolute offset of buf_[0]
  bool eof_ = false;
  Status read_error_;
};

struct Line {
  std::string_view text;  // without the line terminator
  uint64_t offset = 0;
  uint64_t number = 0;  // 1-based
  uint64_t length = 0;  // bytes in the file, for oversized lines
};

// Splits a BufferedInput into lines; lines longer than `max_line` are skipped whole without
// being buffered and returned as kTooLong.
class LineReader {
 public:
  enum class Status { kLine, kTooLong, kEnd };
  LineReader(BufferedInput& input, size_t max_line) : in_(input), max_line_(max_line) {}
  Status Next(Line& line);
  // Lines already passed before the reader's first line (for numbering).
  void SetLinesBefore(uint64_t n) { line_number_ = n; }

 private:
  BufferedInput& in_;
  size_t max_line_;
  size_t scanned_ = 0;  // bytes of the pending line already searched for '\n'
  uint64_t line_number_ = 0;
  size_t pending_consume_ = 0;
};

}  // namespace quarry::ingest
