// The byte layer under every reader: transparent gzip (single, concatenated, damaged) and the
// SHA-256 of the file's own bytes computed while they are read.
#include "ingest/byte_source.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "core/hash.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

std::string Gzip(const std::string& data) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string Text(size_t n) {
  std::string s;
  for (size_t i = 0; s.size() < n; ++i) s += "line " + std::to_string(i * 7919 % 100003) + "\n";
  s.resize(n);
  return s;
}

struct Drained {
  std::string bytes;
  Status error;
  std::string digest;
  uint64_t raw_position = 0;
};

Drained Drain(const fs::path& path, size_t read_size = 4096) {
  Drained d;
  auto src = ingest::ByteSource::Open(path.string());
  EXPECT_TRUE(src.ok()) << src.status().message();
  Sha256 digest;
  (*src)->set_digest(&digest);
  std::string buf(read_size, '\0');
  for (;;) {
    auto n = (*src)->Read(buf.data(), buf.size());
    if (!n.ok()) {
      d.error = n.status();
      continue;  // the source ends after reporting
    }
    if (*n == 0) break;
    d.bytes.append(buf.data(), *n);
  }
  d.raw_position = (*src)->raw_position();
  d.digest = digest.HexDigest();
  return d;
}

TEST(ByteSource, PlainFileIsHashedWhileRead) {
  fs::path dir = TempDir("bytes_plain");
  std::string data = Text(1'000'003);
  WriteFile(dir / "a.log", data);
  Drained d = Drain(dir / "a.log", 65536);
  EXPECT_EQ(d.bytes, data);
  EXPECT_TRUE(d.error.ok());
  EXPECT_EQ(d.digest, Sha256Hex(data));
  EXPECT_EQ(d.raw_position, data.size());
}

TEST(ByteSource, GzipDigestIsOfTheCompressedFile) {
  fs::path dir = TempDir("bytes_gz");
  std::string data = Text(3'000'000);
  std::string gz = Gzip(data);
  WriteFile(dir / "a.log.gz", gz);
  Drained d = Drain(dir / "a.log.gz", 10000);
  EXPECT_EQ(d.bytes, data);
  EXPECT_TRUE(d.error.ok()) << d.error.message();
  EXPECT_EQ(d.digest, Sha256Hex(gz));
  EXPECT_EQ(d.raw_position, gz.size());
}

TEST(ByteSource, ConcatenatedGzipMembersAreOneStream) {
  fs::path dir = TempDir("bytes_members");
  std::string a = Text(300'000), b = Text(123'457);
  WriteFile(dir / "ab.gz", Gzip(a) + Gzip(b) + Gzip(""));
  Drained d = Drain(dir / "ab.gz");
  EXPECT_TRUE(d.error.ok()) << d.error.message();
  EXPECT_EQ(d.bytes, a + b);
}

TEST(ByteSource, TrailingBytesAfterTheLastMemberAreIgnored) {
  fs::path dir = TempDir("bytes_trailing");
  std::string a = Text(50'000);
  WriteFile(dir / "t.gz", Gzip(a) + std::string(100, '\0'));
  Drained d = Drain(dir / "t.gz");
  EXPECT_TRUE(d.error.ok()) << d.error.message();
  EXPECT_EQ(d.bytes, a);
}

TEST(ByteSource, DamagedGzipHandsOverWhatDecodedThenOneError) {
  fs::path dir = TempDir("bytes_damaged");
  std::string data = Text(2'000'000);
  std::string gz = Gzip(data);
  WriteFile(dir / "cut.gz", gz.substr(0, gz.size() / 2));
  Drained cut = Drain(dir / "cut.gz");
  EXPECT_FALSE(cut.error.ok());
  EXPECT_NE(cut.error.message().find("unexpected end of file"), std::string::npos);
  EXPECT_GT(cut.bytes.size(), data.size() / 4);
  EXPECT_EQ(cut.bytes, data.substr(0, cut.bytes.size()));

  std::string flipped = gz;
  for (size_t i = gz.size() / 2; i < gz.size() / 2 + 64; ++i)
    flipped[i] = static_cast<char>(~flipped[i]);
  WriteFile(dir / "flipped.gz", flipped);
  Drained bad = Drain(dir / "flipped.gz");
  EXPECT_FALSE(bad.error.ok());
  EXPECT_NE(bad.error.message().find("decompression error"), std::string::npos);
  EXPECT_EQ(bad.bytes.substr(0, 1000), data.substr(0, 1000));
}

}  // namespace
}  // namespace quarry::testing
