// The journal's chain: every tampering with journal.jsonl or journal.head (a changed byte, a
// removed, inserted or swapped entry, entries cut from the end) is detected and located, and
// nothing is appended to a journal that is not intact.
#include <gtest/gtest.h>

#include <filesystem>

#include "journal/journal.h"
#include "journal/sign.h"
#include "test_util.h"

namespace quarry::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start + 1));
    start = end + 1;
  }
  return lines;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l;
  return out;
}

class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir("journal");
    for (int i = 1; i <= 4; ++i) {
      std::string body = R"({"question":"hunt )" + std::to_string(i) +
                         R"(","query":"SecurityEvent | take 1","row_count":)" + std::to_string(i) +
                         "}";
      auto e = journal::Append(dir_.string(), "hunt", "alice", "hunt " + std::to_string(i), body);
      ASSERT_TRUE(e.ok()) << e.status().message();
      EXPECT_EQ(e->seq, static_cast<uint64_t>(i));
    }
    journal_ = ReadFile(dir_ / journal::kJournalFile);
    head_ = ReadFile(dir_ / journal::kHeadFile);
  }

  journal::VerifyReport Verify() {
    auto r = journal::Verify(dir_.string());
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : journal::VerifyReport{};
  }

  fs::path dir_;
  std::string journal_, head_;
};

TEST_F(JournalTest, IntactChainVerifies) {
  journal::VerifyReport r = Verify();
  EXPECT_TRUE(r.intact) << r.problem;
  EXPECT_EQ(r.entries, 4u);
  auto entries = journal::Read(dir_.string());
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 4u);
  EXPECT_EQ((*entries)[0].prev, std::string(64, '0'));
  EXPECT_EQ((*entries)[1].prev, (*entries)[0].hash);
  EXPECT_EQ((*entries)[3].author, "alice");
}

TEST_F(JournalTest, EveryChangedByteIsDetected) {
  for (size_t i = 0; i < journal_.size(); ++i) {
    std::string changed = journal_;
    changed[i] = static_cast<char>(changed[i] ^ 0x01);
    WriteFile(dir_ / journal::kJournalFile, changed);
    journal::VerifyReport r = Verify();
    ASSERT_FALSE(r.intact) << "byte " << i << " changed undetected";
    // The report names the entry holding the byte (or, for a line break, the one it joins).
    size_t line = 1 + static_cast<size_t>(std::count(journal_.begin(), journal_.begin() + i, '\n'));
    EXPECT_EQ(r.first_bad, line) << "byte " << i;
  }
  for (size_t i = 0; i < head_.size(); ++i) {
    std::string changed = head_;
    changed[i] = static_cast<char>(changed[i] ^ 0x01);
    WriteFile(dir_ / journal::kJournalFile, journal_);
    WriteFile(dir_ / journal::kHeadFile, changed);
    if (i + 1 == head_.size()) continue;  // the head's final newline is not read
    EXPECT_FALSE(Verify().intact) << "head byte " << i << " changed undetected";
  }
}

TEST_F(JournalTest, RemovedEntriesAreDetected) {
  for (size_t removed = 0; removed < 4; ++removed) {
    std::vector<std::string> lines = SplitLines(journal_);
    lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(removed));
    WriteFile(dir_ / journal::kJournalFile, Join(lines));
    journal::VerifyReport r = Verify();
    EXPECT_FALSE(r.intact) << "entry " << removed + 1 << " removed undetected";
    EXPECT_EQ(r.first_bad, removed + 1) << r.problem;
  }
  WriteFile(dir_ / journal::kJournalFile, journal_);
  fs::remove(dir_ / journal::kHeadFile);
  EXPECT_FALSE(Verify().intact) << "a removed head goes unnoticed";
}

TEST_F(JournalTest, SwappedAndDuplicatedEntriesAreDetected) {
  std::vector<std::string> lines = SplitLines(journal_);
  std::swap(lines[1], lines[2]);
  WriteFile(dir_ / journal::kJournalFile, Join(lines));
  journal::VerifyReport r = Verify();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad, 2u);
  lines = SplitLines(journal_);
  lines.insert(lines.begin() + 2, lines[1]);
  WriteFile(dir_ / journal::kJournalFile, Join(lines));
  EXPECT_FALSE(Verify().intact);
}

TEST_F(JournalTest, NothingIsAppendedToATamperedJournal) {
  std::string changed = journal_;
  changed.replace(changed.find("hunt 2"), 6, "hunt X");
  WriteFile(dir_ / journal::kJournalFile, changed);
  auto e = journal::Append(dir_.string(), "hunt", "mallory", "after", "{}");
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(ReadFile(dir_ / journal::kJournalFile), changed);
}

TEST_F(JournalTest, LineBreaksAreChecked) {
  // A line changed to end in CR LF no longer verifies.
  std::string crlf = journal_;
  crlf.insert(crlf.find('\n'), "\r");
  WriteFile(dir_ / journal::kJournalFile, crlf);
  EXPECT_FALSE(Verify().intact);
  // A journal whose last line lost its line break still takes a new entry on its own line.
  WriteFile(dir_ / journal::kJournalFile, journal_.substr(0, journal_.size() - 1));
  EXPECT_TRUE(Verify().intact);
  ASSERT_TRUE(journal::Append(dir_.string(), "hunt", "alice", "fifth", "{}").ok());
  journal::VerifyReport r = Verify();
  EXPECT_TRUE(r.intact) << r.problem;
  EXPECT_EQ(r.entries, 5u);
}

TEST_F(JournalTest, BodiesMustBeObjectsAndAreKeptOnOneLine) {
  EXPECT_FALSE(journal::Append(dir_.string(), "hunt", "alice", "t", "[1, 2]").ok());
  auto e = journal::Append(dir_.string(), "hunt", "alice", "t", "{\n  \"a\": 1\n}");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->body, "{\"a\":1}");
  EXPECT_TRUE(Verify().intact);
}

TEST_F(JournalTest, MarkdownReportShowsTheHunt) {
  auto entries = journal::Read(dir_.string());
  ASSERT_TRUE(entries.ok());
  std::string md = journal::ExportMarkdown(*entries);
  EXPECT_NE(md.find("## 3. hunt 3"), std::string::npos);
  EXPECT_NE(md.find("**Question:** hunt 3"), std::string::npos);
  EXPECT_NE(md.find("```kql\nSecurityEvent | take 1\n```"), std::string::npos);
  EXPECT_NE(md.find("by alice"), std::string::npos);
}

TEST(JournalSignatures, SignedEntriesVerifyOnlyWithTheirKey) {
  fs::path dir = TempDir("journal_signed");
  std::string key = (dir / "key.pem").string();
  ASSERT_TRUE(journal::GenerateKey(key).ok());
  EXPECT_FALSE(journal::GenerateKey(key).ok()) << "an existing key is never overwritten";
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(journal::Append(dir.string(), "hunt", "alice", "t", "{\"n\":1}", key).ok());
  }
  auto r = journal::Verify(dir.string(), key + ".pub");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->intact) << r->problem;
  // Another key's holder did not write them.
  std::string other = (dir / "other.pem").string();
  ASSERT_TRUE(journal::GenerateKey(other).ok());
  r = journal::Verify(dir.string(), other + ".pub");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->intact);
  EXPECT_EQ(r->first_bad, 1u);
  // A changed signature is detected; an unsigned entry fails when a key is required.
  std::string text = ReadFile(dir / journal::kJournalFile);
  size_t sig = text.find("\"sig\":\"") + 7;
  text[sig] = text[sig] == 'a' ? 'b' : 'a';
  WriteFile(dir / journal::kJournalFile, text);
  r = journal::Verify(dir.string(), key + ".pub");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->intact);
  EXPECT_TRUE(journal::Verify(dir.string()).value().intact)
      << "without a key, signatures are not required";
  // Cutting the last entry and rewriting the head to match fails: the head is signed too.
  fs::path cut = TempDir("journal_cut");
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(journal::Append(cut.string(), "hunt", "alice", "t", "{}", key).ok());
  }
  std::string lines = ReadFile(cut / journal::kJournalFile);
  std::string kept = lines.substr(0, lines.rfind('\n', lines.size() - 2) + 1);
  WriteFile(cut / journal::kJournalFile, kept);
  std::string second_hash = kept.substr(kept.rfind("\"hash\":\"") + 8, 64);
  WriteFile(cut / journal::kHeadFile, "{\"count\":2,\"hash\":\"" + second_hash + "\"}\n");
  EXPECT_TRUE(journal::Verify(cut.string()).value().intact) << "unsigned, the cut is consistent";
  r = journal::Verify(cut.string(), key + ".pub");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->intact) << "signed, the rewritten head is caught";
  fs::path plain = TempDir("journal_unsigned");
  ASSERT_TRUE(journal::Append(plain.string(), "hunt", "alice", "t", "{}").ok());
  r = journal::Verify(plain.string(), key + ".pub");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->intact);
  EXPECT_NE(r->problem.find("not signed"), std::string::npos);
}

}  // namespace
}  // namespace quarry::testing
