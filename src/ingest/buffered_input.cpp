#include "ingest/buffered_input.h"

#include <cstring>

namespace quarry::ingest {

namespace {
// Grows on demand; small inputs (and fuzzing) stay small.
constexpr size_t kInitialCapacity = size_t{256} * 1024;
}  // namespace

BufferedInput::BufferedInput(std::unique_ptr<ByteSource> source, std::string_view head)
    : source_(std::move(source)) {
  buf_.resize(std::max(kInitialCapacity, head.size() * 2) + kPadding);
  std::memcpy(buf_.data(), head.data(), head.size());
  end_ = head.size();
}

bool BufferedInput::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    base_ += begin_;
    end_ -= begin_;
    begin_ = 0;
  }
  size_t capacity = buf_.size() - kPadding;
  if (end_ == capacity) {
    buf_.resize(capacity * 2 + kPadding);
    capacity *= 2;
  }
  auto n = source_->Read(buf_.data() + end_, capacity - end_);
  if (!n.ok()) {
    if (read_error_.ok()) read_error_ = n.status();
    eof_ = true;
    return false;
  }
  if (*n == 0) {
    eof_ = true;
    return false;
  }
  end_ += *n;
  std::memset(buf_.data() + end_, 0, kPadding);
  return true;
}

LineReader::Status LineReader::Next(Line& line) {
  in_.Consume(pending_consume_);
  pending_consume_ = 0;
  bool skipping = false;
  uint64_t skip_offset = 0;
  uint64_t skipped_bytes = 0;
  for (;;) {
    const char* base = in_.data();
    size_t avail = in_.size();
    const void* nl =
        avail > scanned_ ? std::memchr(base + scanned_, '\n', avail - scanned_) : nullptr;
    if (nl != nullptr) {
      size_t len = static_cast<size_t>(static_cast<const char*>(nl) - base);
      ++line_number_;
      scanned_ = 0;
      if (skipping || len > max_line_) {
        if (!skipping) skip_offset = in_.offset();
        in_.Consume(len + 1);
        line = Line{{}, skip_offset, line_number_, skipped_bytes + len};
        return Status::kTooLong;
      }
      line.offset = in_.offset();
      line.number = line_number_;
      size_t text_len = (len > 0 && base[len - 1] == '\r') ? len - 1 : len;
      line.text = std::string_view(base, text_len);
      line.length = len;
      pending_consume_ = len + 1;
      return Status::kLine;
    }
    scanned_ = avail;
    if (!skipping && avail > max_line_) {
      skipping = true;
      skip_offset = in_.offset();
    }
    if (skipping) {
      skipped_bytes += avail;
      in_.DiscardAll();
      scanned_ = 0;
    }
    if (!in_.Fill()) {
      // Last line without a terminator.
      if (skipping) {
        ++line_number_;
        line = Line{{}, skip_offset, line_number_, skipped_bytes};
        return Status::kTooLong;
      }
      if (in_.size() == 0) return Status::kEnd;
      ++line_number_;
      line.offset = in_.offset();
      line.number = line_number_;
      std::string_view text = in_.view();
      line.length = text.size();
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      line.text = text;
      pending_consume_ = in_.size();
      scanned_ = 0;
      return Status::kLine;
    }
  }
}

}  // namespace quarry::ingest
