#include "ingest/byte_source.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>
#include <vector>

namespace quarry::ingest {
namespace {
constexpr size_t kCompressedBufferSize = 256 * 1024;
constexpr int kGzipWindowBits = 16 + MAX_WBITS;  // gzip wrapper only
}  // namespace

struct ByteSource::Impl {
  int fd = -1;
  uint64_t position = 0;  // bytes read from the file
  // gzip: our own reads feed inflate, so the compressed bytes can be hashed and counted.
  z_stream zs{};
  bool inflating = false;
  bool input_done = false;
  std::vector<unsigned char> compressed;
};

ByteSource::~ByteSource() {
  if (impl_ && impl_->inflating) inflateEnd(&impl_->zs);
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
  src->impl_->fd = fd;
  unsigned char magic[2] = {0, 0};
  ssize_t got = pread(fd, magic, 2, 0);
  if (got < 2 || magic[0] != 0x1f || magic[1] != 0x8b) return src;
  src->compressed_ = true;
  if (inflateInit2(&src->impl_->zs, kGzipWindowBits) != Z_OK) {
    return IoError("cannot open " + path + ": out of memory");
  }
  src->impl_->inflating = true;
  src->impl_->compressed.resize(kCompressedBufferSize);
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

// Ends the source with `error`: bytes already produced are handed over first, the error on the
// next call.
Result<size_t> ByteSource::Fail(Status error, size_t produced) {
  failed_ = true;
  if (produced == 0) return error;
  pending_error_ = std::move(error);
  return produced;
}

Result<size_t> ByteSource::ReadRaw(char* buffer, size_t size) {
  size_t total = 0;
  Status error;
  while (total < size) {
    ssize_t n = read(impl_->fd, buffer + total, size - total);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = IoError(std::string("read error: ") + std::strerror(errno));
      break;
    }
    if (n == 0) break;
    total += static_cast<size_t>(n);
  }
  if (digest_ && total > 0) digest_->Update(buffer, total);
  impl_->position += total;
  if (!error.ok()) return Fail(std::move(error), total);
  return total;
}

// Reads more compressed input, keeping the `keep` unread bytes in front of it.
Status ByteSource::Refill() {
  z_stream& zs = impl_->zs;
  size_t keep = zs.avail_in;
  if (keep > 0) std::memmove(impl_->compressed.data(), zs.next_in, keep);
  zs.next_in = impl_->compressed.data();
  auto got = ReadRaw(reinterpret_cast<char*>(impl_->compressed.data()) + keep,
                     impl_->compressed.size() - keep);
  if (!got.ok()) return got.status();
  if (*got == 0) impl_->input_done = true;
  zs.avail_in = static_cast<uInt>(keep + *got);
  return Status::Ok();
}

Result<size_t> ByteSource::Inflate(char* buffer, size_t size) {
  z_stream& zs = impl_->zs;
  zs.next_out = reinterpret_cast<Bytef*>(buffer);
  zs.avail_out = static_cast<uInt>(std::min<size_t>(size, std::numeric_limits<uInt>::max()));
  const uInt wanted = zs.avail_out;
  auto produced = [&] { return static_cast<size_t>(wanted - zs.avail_out); };
  while (zs.avail_out > 0) {
    if (zs.avail_in == 0 && !impl_->input_done) {
      Status s = Refill();
      if (!s.ok()) return Fail(std::move(s), produced());
    }
    if (zs.avail_in == 0) {
      return Fail(Corrupt("decompression error: unexpected end of file"), produced());
    }
    int ret = inflate(&zs, Z_NO_FLUSH);
    if (ret == Z_STREAM_END) {
      // Concatenated gzip members are one stream; anything else after a member is ignored, as
      // gzip(1) does.
      if (zs.avail_in < 2 && !impl_->input_done) {
        Status s = Refill();
        if (!s.ok()) return Fail(std::move(s), produced());
      }
      if (zs.avail_in < 2 || zs.next_in[0] != 0x1f || zs.next_in[1] != 0x8b) {
        failed_ = true;  // the end: later calls report end of input
        break;
      }
      inflateReset(&zs);
      continue;
    }
    if (ret != Z_OK && ret != Z_BUF_ERROR) {
      return Fail(
          Corrupt(std::string("decompression error: ") + (zs.msg ? zs.msg : "invalid data")),
          produced());
    }
  }
  return produced();
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
  if (failed_ || size == 0) return size_t{0};
  if (!compressed_) return ReadRaw(buffer, size);
  return Inflate(buffer, size);
}

uint64_t ByteSource::raw_position() const {
  if (in_memory_) return memory_pos_;
  return impl_->position;
}

}  // namespace quarry::ingest
