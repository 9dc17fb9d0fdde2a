#include "ingest/byte_source.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>

namespace quarry::ingest {

struct ByteSource::Impl {
  gzFile file = nullptr;
  int fd = -1;  // plain files are read directly, without zlib's extra copy
  uint64_t position = 0;
};

ByteSource::~ByteSource() {
  if (impl_ && impl_->file) gzclose(impl_->file);
  if (impl_ && impl_->fd >= 0) close(impl_->fd);
}

Result<std::unique_ptr<ByteSource>> ByteSource::Open(const std::string& path) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec) return IoError("cannot open " + path + ": " + ec.message());
  if (std::filesystem::is_directory(status)) return IoError(path + " is a directory");
  std::unique_ptr<ByteSource> src(new ByteSource());
  src->impl_ = std::make_unique<Impl>();
  src->path_ = path;
  src->raw_size_ = std::filesystem::file_size(path, ec);
  if (ec) src->raw_size_ = 0;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open " + path + ": " + std::strerror(errno));
  unsigned char magic[2] = {0, 0};
  ssize_t got = pread(fd, magic, 2, 0);
  if (got < 2 || magic[0] != 0x1f || magic[1] != 0x8b) {
    src->impl_->fd = fd;
    return src;
  }
  close(fd);
  src->compressed_ = true;
  errno = 0;
  src->impl_->file = gzopen(path.c_str(), "rb");
  if (src->impl_->file == nullptr) {
    return IoError("cannot open " + path + ": " + (errno ? std::strerror(errno) : "out of memory"));
  }
  gzbuffer(src->impl_->file, 256 * 1024);
  return src;
}

std::unique_ptr<ByteSource> ByteSource::FromMemory(std::string data) {
  std::unique_ptr<ByteSource> src(new ByteSource());
  src->impl_ = std::make_unique<Impl>();
  src->raw_size_ = data.size();
  src->memory_ = std::move(data);
  src->in_memory_ = true;
  return src;
}

Result<size_t> ByteSource::Read(char* buffer, size_t size) {
  if (in_memory_) {
    size_t n = std::min(size, memory_.size() - memory_pos_);
    std::memcpy(buffer, memory_.data() + memory_pos_, n);
    memory_pos_ += n;
    return n;
  }
  if (!pending_error_.ok()) {
    Status error = std::move(pending_error_);
    pending_error_ = Status::Ok();
    return error;
  }
  if (failed_) return size_t{0};
  if (impl_->fd >= 0) {
    size_t total = 0;
    while (total < size) {
      ssize_t n = read(impl_->fd, buffer + total, size - total);
      if (n < 0) {
        if (errno == EINTR) continue;
        failed_ = true;
        Status error = IoError(std::string("read error: ") + std::strerror(errno));
        if (total == 0) return error;
        pending_error_ = std::move(error);
        return total;
      }
      if (n == 0) break;
      total += static_cast<size_t>(n);
    }
    impl_->position += total;
    return total;
  }
  size_t total = 0;
  while (total < size) {
    auto chunk =
        static_cast<unsigned>(std::min<size_t>(size - total, std::numeric_limits<int>::max() / 2));
    int n = gzread(impl_->file, buffer + total, chunk);
    if (n < 0) {
      int code = 0;
      const char* msg = gzerror(impl_->file, &code);
      failed_ = true;
      Status error =
          Corrupt(std::string("read error: ") + (msg ? msg : "unknown") +
                  (code == Z_ERRNO ? std::string(" (") + std::strerror(errno) + ")" : ""));
      if (total == 0) return error;
      pending_error_ = std::move(error);  // hand over what was read; the error comes next call
      return total;
    }
    if (n == 0) {
      // zlib reports a truncated gzip stream as a plain end of file with an error set.
      int code = 0;
      const char* msg = gzerror(impl_->file, &code);
      if (code != Z_OK && code != Z_STREAM_END) {
        failed_ = true;
        Status error = Corrupt(std::string("decompression error: ") + (msg ? msg : "unknown"));
        if (total == 0) return error;
        pending_error_ = std::move(error);
        return total;
      }
      break;
    }
    total += static_cast<size_t>(n);
  }
  return total;
}

uint64_t ByteSource::raw_position() const {
  if (in_memory_) return memory_pos_;
  if (impl_->fd >= 0) return impl_->position;
  z_off_t off = gzoffset(impl_->file);
  return off < 0 ? 0 : static_cast<uint64_t>(off);
}

}  // namespace quarry::ingest
