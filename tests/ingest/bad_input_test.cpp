// Damaged and hostile input: each case gives a clear finding and keeps every readable record.
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>

#include "ingest/reader.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

struct ReadResult {
  Status open_status;
  std::vector<Event> events;
  std::vector<Finding> findings;
  ingest::ReaderStats stats;
};

ReadResult ReadAll(const fs::path& path, size_t max_record = 16u << 20) {
  ReadResult r;
  ingest::ReaderOptions options;
  options.max_record_bytes = max_record;
  auto reader = ingest::OpenReader(path.string(), options,
                                   [&](const Finding& f) { r.findings.push_back(f); });
  if (!reader.ok()) {
    r.open_status = reader.status();
    return r;
  }
  Event e;
  while ((*reader)->Next(e)) r.events.push_back(e);
  r.stats = (*reader)->stats();
  return r;
}

void WriteGzip(const fs::path& path, const std::string& data) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  gzwrite(f, data.data(), static_cast<unsigned>(data.size()));
  gzclose(f);
}

std::string Lines(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    s += "{\"n\":" + std::to_string(i) + ",\"time\":\"2024-01-01T00:00:00Z\",\"pad\":\"" +
         std::string(200, 'p') + "\"}\n";
  }
  return s;
}

TEST(BadInput, GzipIsReadTransparently) {
  fs::path dir = TempDir("gzip");
  fs::create_directories(dir / "gz");
  WriteGzip(dir / "gz/events.json.gz", Lines(5000));
  WriteFile(dir / "plain/events.json", Lines(5000));
  auto gz = ReadAll(dir / "gz/events.json.gz");
  auto plain = ReadAll(dir / "plain/events.json");
  ASSERT_TRUE(gz.open_status.ok()) << gz.open_status.message();
  ASSERT_EQ(gz.events.size(), 5000u);
  for (size_t i = 0; i < gz.events.size(); ++i) {
    ASSERT_EQ(CanonicalEvent(gz.events[i]), CanonicalEvent(plain.events[i]));
  }
  EXPECT_TRUE(gz.findings.empty());
}

TEST(BadInput, TruncatedGzipKeepsWhatWasReadAndSaysSo) {
  fs::path dir = TempDir("gzip_cut");
  WriteGzip(dir / "full.json.gz", Lines(20000));
  std::string bytes = ReadFile(dir / "full.json.gz");
  WriteFile(dir / "cut.json.gz", bytes.substr(0, bytes.size() / 2));
  auto r = ReadAll(dir / "cut.json.gz");
  ASSERT_TRUE(r.open_status.ok());
  EXPECT_GT(r.events.size(), 1000u);
  EXPECT_LT(r.events.size(), 20000u);
  EXPECT_TRUE(r.stats.file_damaged || r.stats.skipped > 0);
  ASSERT_FALSE(r.findings.empty());
}

TEST(BadInput, HundredMegabyteLineIsSkippedWithoutHoldingIt) {
  fs::path dir = TempDir("huge_line");
  {
    std::ofstream out(dir / "huge.jsonl", std::ios::binary);
    out << "{\"n\":1}\n{\"blob\":\"";
    std::string chunk(1 << 20, 'A');
    for (int i = 0; i < 100; ++i) out << chunk;
    out << "\"}\n{\"n\":3}\n";
  }
  auto r = ReadAll(dir / "huge.jsonl");
  ASSERT_TRUE(r.open_status.ok());
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.stats.skipped, 1u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "json.oversized");
  EXPECT_EQ(r.findings[0].where.line, 2u);
  EXPECT_NE(r.findings[0].message.find("bytes exceeds the limit"), std::string::npos);
}

TEST(BadInput, BinaryGarbageIsOneClearError) {
  fs::path dir = TempDir("binary");
  std::string garbage;
  uint32_t x = 12345;
  for (int i = 0; i < 100000; ++i) {
    x = x * 1103515245 + 12345;
    garbage += static_cast<char>(x >> 24);
  }
  WriteFile(dir / "garbage.json", garbage);
  auto r = ReadAll(dir / "garbage.json");
  EXPECT_FALSE(r.open_status.ok());
  EXPECT_NE(r.open_status.message().find("binary"), std::string::npos);
}

TEST(BadInput, EmptyFileIsReported) {
  fs::path dir = TempDir("empty");
  WriteFile(dir / "empty.json", "");
  auto r = ReadAll(dir / "empty.json");
  EXPECT_FALSE(r.open_status.ok());
  EXPECT_NE(r.open_status.message().find("empty"), std::string::npos);
}

TEST(BadInput, GarbageLinesInJsonLinesAreSkippedOneByOne) {
  fs::path dir = TempDir("garbage_lines");
  WriteFile(dir / "mixed.jsonl", "{\"n\":1}\nnot json\n{\"n\":3}\n{\"n\":\n{\"n\":5}\n");
  auto r = ReadAll(dir / "mixed.jsonl");
  ASSERT_TRUE(r.open_status.ok());
  EXPECT_EQ(r.events.size(), 3u);
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].where.line, 2u);
  EXPECT_EQ(r.findings[1].where.line, 4u);
}

TEST(BadInput, MissingFileIsAnError) {
  auto r = ReadAll("/nonexistent/quarry/x.json");
  EXPECT_FALSE(r.open_status.ok());
}

}  // namespace
}  // namespace quarry::testing
