// The EVTX reader on damage and in parallel: damaged-on-purpose corpus files report their damage
// and keep every readable record; bytes we damage ourselves are reported with chunk and offset;
// decoding on a pool gives exactly the records and damage of decoding on one thread, in order.
#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "evtx/damage.h"
#include "evtx/evtx_reader.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

struct Decoded {
  std::vector<std::string> records;  // "id|json"
  std::vector<evtx::Damage> damage;
  std::map<std::string, int> codes;
};

Decoded Decode(const std::string& data, evtx::DecodePool* pool, bool carve = false,
               size_t read_size = 1 << 20) {
  Decoded out;
  size_t pos = 0;
  evtx::FileReader reader(
      [&](char* buf, size_t n) -> Result<size_t> {
        size_t take = std::min({n, read_size, data.size() - pos});
        std::memcpy(buf, data.data() + pos, take);
        pos += take;
        return take;
      },
      evtx::ChunkOptions{carve},
      [&](const evtx::Damage& d) {
        out.damage.push_back(d);
        ++out.codes[d.code];
      },
      pool);
  while (const evtx::Record* r = reader.Next()) {
    out.records.push_back(std::to_string(r->record_id) + "|" + std::string(r->json));
  }
  return out;
}

fs::path Baseline(const std::string& name) {
  fs::path corpora = CorporaDir();
  if (corpora.empty()) return {};
  return corpora / "evtx" / "baseline" / "omerbenamram-evtx" / "samples" / name;
}

class EvtxDamage : public ::testing::Test {
 protected:
  void SetUp() override {
    if (CorporaDir().empty()) GTEST_SKIP() << "NOTICE: ../shared/corpora not found; skipped";
  }
};

// name, damage codes that must be reported, records at least (libevtx's count, files.tsv)
struct DamagedSample {
  const char* name;
  std::vector<std::string> codes;
  size_t min_records;
};

TEST_F(EvtxDamage, DamagedCorpusFilesReportDamageAndKeepRecords) {
  const DamagedSample samples[] = {
      {"Application_no_crc32.evtx",
       {"evtx.file_header_crc", "evtx.chunk_header_crc", "evtx.records_crc"},
       17},
      {"sample_with_a_bad_chunk_magic.evtx", {"evtx.chunk_magic"}, 267},
      {"sample-with-zero-data-size-event.evtx", {"evtx.record_size"}, 335},
      {"security_bad_string_cache.evtx", {"evtx.chunk_header_crc"}, 2261},
  };
  for (const auto& s : samples) {
    fs::path p = Baseline(s.name);
    if (!fs::exists(p)) continue;  // held out in this split
    Decoded d = Decode(ReadFile(p), nullptr);
    EXPECT_GE(d.records.size(), s.min_records) << s.name;
    for (const auto& code : s.codes) EXPECT_GT(d.codes[code], 0) << s.name << ": " << code;
    for (const auto& dmg : d.damage) {
      EXPECT_FALSE(dmg.message.empty());
      if (dmg.code != "evtx.file_header_crc" && dmg.code != "evtx.dirty") {
        EXPECT_GE(dmg.chunk, 0) << s.name << ": " << dmg.code;
      }
    }
  }
}

TEST_F(EvtxDamage, BytesWeDamageAreReportedWithChunkAndOffset) {
  fs::path p = Baseline("security.evtx");
  if (!fs::exists(p)) GTEST_SKIP() << "security.evtx held out";
  std::string clean = ReadFile(p);
  Decoded before = Decode(clean, nullptr);
  ASSERT_GT(before.records.size(), 100u);
  ASSERT_GE(clean.size(), 4096u + 3 * 65536u);

  // A chunk signature destroyed: that chunk's records are lost, all others kept.
  std::string no_magic = clean;
  std::memcpy(&no_magic[4096 + 65536], "XXXXXXXX", 8);
  Decoded a = Decode(no_magic, nullptr);
  ASSERT_EQ(a.codes["evtx.chunk_magic"], 1);
  for (const auto& d : a.damage) {
    if (d.code == "evtx.chunk_magic") {
      EXPECT_EQ(d.chunk, 1);
      EXPECT_EQ(d.file_offset, 4096u + 65536u);
      EXPECT_NE(d.Where().find("chunk 1"), std::string::npos);
    }
  }
  EXPECT_LT(a.records.size(), before.records.size());
  EXPECT_GT(a.records.size(), before.records.size() / 2);

  // A record's size field broken: that record is skipped, its neighbours kept, and the chunk's
  // data checksum no longer matches.
  std::string bad_record = clean;
  size_t first_record = 4096 + 512;
  ASSERT_EQ(std::memcmp(&bad_record[first_record], "\x2a\x2a\x00\x00", 4), 0);
  bad_record[first_record + 4] = '\x7f';
  bad_record[first_record + 5] = '\x7f';
  Decoded b = Decode(bad_record, nullptr);
  EXPECT_EQ(b.codes["evtx.record_size"], 1);
  EXPECT_EQ(b.codes["evtx.records_crc"], 1);
  EXPECT_EQ(b.records.size(), before.records.size() - 1);

  // The file cut inside a chunk: reported as truncated; the records before the cut are kept.
  std::string cut = clean.substr(0, 4096 + 65536 + 30000);
  Decoded c = Decode(cut, nullptr);
  EXPECT_EQ(c.codes["evtx.truncated"], 1);
  EXPECT_GT(c.records.size(), 0u);
  EXPECT_TRUE(evtx::DamageLosesRecords("evtx.truncated"));

  // Not an EVTX file at all.
  Decoded none = Decode(std::string(8192, 'x'), nullptr);
  EXPECT_EQ(none.records.size(), 0u);
  EXPECT_EQ(none.codes["evtx.file_header"], 1);
}

TEST_F(EvtxDamage, PoolDecodingEqualsSingleThreadInOrder) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(CorporaDir() / "evtx" / "baseline")) {
    if (e.path().extension() == ".evtx") files.push_back(e.path());
  }
  ASSERT_GT(files.size(), 5u);
  evtx::DecodePool pool(3);
  for (const auto& p : files) {
    std::string data = ReadFile(p);
    for (bool carve : {false, true}) {
      Decoded one = Decode(data, nullptr, carve);
      // Small reads exercise blocks assembled from many reads.
      Decoded many = Decode(data, &pool, carve, 4093);
      ASSERT_EQ(one.records, many.records) << p << " carve=" << carve;
      ASSERT_EQ(one.damage.size(), many.damage.size()) << p;
      for (size_t i = 0; i < one.damage.size(); ++i) {
        EXPECT_EQ(one.damage[i].code, many.damage[i].code) << p;
        EXPECT_EQ(one.damage[i].file_offset, many.damage[i].file_offset) << p;
        EXPECT_EQ(one.damage[i].chunk, many.damage[i].chunk) << p;
      }
    }
  }
}

TEST_F(EvtxDamage, CarvingAddsSlackRecordsAndLosesNothing) {
  size_t files = 0, gained = 0, live = 0, carved = 0;
  for (const char* dir : {"evtx", "sigma-regression"}) {
    for (const auto& e : fs::recursive_directory_iterator(CorporaDir() / dir)) {
      if (e.path().extension() != ".evtx") continue;
      std::string data = ReadFile(e.path());
      Decoded plain = Decode(data, nullptr, false);
      Decoded carve = Decode(data, nullptr, true);
      ++files;
      live += plain.records.size();
      carved += carve.records.size();
      // Every live record is still there, in order, and carving reports no new loss.
      size_t at = 0;
      for (const auto& r : carve.records) {
        if (at < plain.records.size() && r == plain.records[at]) ++at;
      }
      EXPECT_EQ(at, plain.records.size()) << e.path();
      size_t lost_plain = 0, lost_carve = 0;
      for (const auto& d : plain.damage) lost_plain += evtx::DamageLosesRecords(d.code);
      for (const auto& d : carve.damage) lost_carve += evtx::DamageLosesRecords(d.code);
      EXPECT_EQ(lost_carve, lost_plain) << e.path();
      gained += carve.records.size() > plain.records.size();
    }
  }
  std::cout << "carving: " << carved - live << " records recovered from slack in " << gained
            << " of " << files << " files (" << live << " live records)\n";
  EXPECT_GT(gained, 0u);
}

}  // namespace
}  // namespace quarry::testing
