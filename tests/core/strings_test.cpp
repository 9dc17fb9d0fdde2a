#include <gtest/gtest.h>
#include <string>

#include "core/hash.h"
#include "core/strings.h"

namespace quarry {
namespace {

TEST(FoldCase, AsciiAndOtherScripts) {
  EXPECT_EQ(FoldCase("C:\\Windows\\System32\\LSASS.EXE"), "c:\\windows\\system32\\lsass.exe");
  EXPECT_EQ(FoldCase("\xC3\x84RGER"), "\xC3\xA4rger");                          // Ärger
  EXPECT_EQ(FoldCase("\xD0\x9F\xD0\xA0\xD0\x98"), "\xD0\xBF\xD1\x80\xD0\xB8");  // ПРИ
  EXPECT_EQ(FoldCase("\xCE\xA3\xCE\x9F"), "\xCF\x83\xCE\xBF");                  // ΣΟ
  EXPECT_EQ(FoldCase("\xC5\x81\xC3\x93"
                     "D\xC5\xB9"),
            "\xC5\x82\xC3\xB3"
            "d\xC5\xBA");  // ŁÓDŹ
  EXPECT_TRUE(
      EqualsFolded("Stra\xC3\x9F"
                   "e",
                   "STRA\xC3\x9F"
                   "E"));
  EXPECT_EQ(FoldCase("bad \xFF byte"), "bad \xFF byte");
}

TEST(Utf8, ValidateAndRepair) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xE2\x82\xAC"));
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  std::string out;
  EXPECT_EQ(RepairUtf8("a\xFF"
                       "b\xE2\x82",
                       out),
            3u);
  EXPECT_EQ(out,
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Utf8, PrefixNeverEndsInsideACharacter) {
  // "a€b": the euro sign is bytes 1 to 3.
  std::string_view text =
      "a\xE2\x82\xAC"
      "b";
  EXPECT_EQ(Utf8Prefix(text, 10), text);
  EXPECT_EQ(Utf8Prefix(text, 4), "a\xE2\x82\xAC");
  EXPECT_EQ(Utf8Prefix(text, 3), "a");
  EXPECT_EQ(Utf8Prefix(text, 2), "a");
  EXPECT_EQ(Utf8Prefix(text, 1), "a");
  EXPECT_EQ(Utf8Prefix(text, 0), "");
  for (size_t n = 0; n <= text.size(); ++n) EXPECT_TRUE(IsValidUtf8(Utf8Prefix(text, n))) << n;
}

TEST(Strings, JsonEscapingAndIdentifiers) {
  std::string out;
  AppendJsonString(out, "a\"b\\c\n\x01");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(SanitizeIdentifier("AWS S3 Honey-Bucket.logs"), "AWS_S3_Honey_Bucket_logs");
  EXPECT_EQ(SanitizeIdentifier("2024 report"), "T_2024_report");
  EXPECT_EQ(SanitizeIdentifier("---"), "T_");
  EXPECT_EQ(TrimAscii("  x y\r\n"), "x y");
}

TEST(Strings, JsonEscapingFindsEverySpecialByteAtEveryPosition) {
  // Text is passed over eight bytes at a time: put each byte that needs an escape (and bytes
  // next to the ones that do, or that look like them in some bits) at every offset of a word.
  auto reference = [](std::string_view s) {
    std::string out = "\"";
    for (char ch : s) {
      auto c = static_cast<unsigned char>(ch);
      if (c == '"' || c == '\\') {
        out += '\\';
        out += ch;
      } else if (c < 0x20) {
        const char* named = c == '\n'   ? "\\n"
                            : c == '\r' ? "\\r"
                            : c == '\t' ? "\\t"
                            : c == '\b' ? "\\b"
                            : c == '\f' ? "\\f"
                                        : nullptr;
        if (named != nullptr) {
          out += named;
        } else {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        }
      } else {
        out += ch;
      }
    }
    return out + "\"";
  };
  const std::string specials = std::string("\"\\\n\x01\x1F\x00", 6);
  const std::string neighbours = std::string("!#[]\x20\x7F\x80\xFF\xA2\xDC", 10);
  for (size_t size = 0; size <= 24; ++size) {
    for (size_t at = 0; at < size; ++at) {
      for (char special : specials + neighbours) {
        std::string s(size, 'a');
        s[at] = special;
        if (at + 9 < size) s[at + 9] = '"';  // a second one in a later word
        std::string got;
        AppendJsonString(got, s);
        ASSERT_EQ(got, reference(s)) << "size " << size << " at " << at;
      }
    }
  }
}

TEST(Strings, CountByteAcrossItsBlocksOf255) {
  EXPECT_EQ(CountByte("", '\n'), 0u);
  EXPECT_EQ(CountByte(std::string_view("a\0b\0", 4), '\0'), 2u);
  // More than 255 matches, and matches on both sides of a block boundary.
  std::string all(1000, '\n');
  EXPECT_EQ(CountByte(all, '\n'), 1000u);
  std::string sparse(600, 'x');
  sparse[0] = sparse[254] = sparse[255] = sparse[599] = '\n';
  EXPECT_EQ(CountByte(sparse, '\n'), 4u);
  EXPECT_EQ(CountByte(sparse, 'x'), 596u);
}

TEST(Strings, EditDistanceCountsEditsWithOrWithoutCase) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("Acount", "Account"), 1u);
  EXPECT_EQ(EditDistance("computer", "Computer"), 1u);
  EXPECT_EQ(EditDistance("computer", "Computer", true), 0u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
}

TEST(Strings, WildcardMatchTakesStarsAnywhere) {
  EXPECT_TRUE(WildcardMatch("Device*", "DeviceProcessEvents"));
  EXPECT_TRUE(WildcardMatch("*1", "Computer1"));
  EXPECT_TRUE(WildcardMatch("A*B*C", "AxxByyC"));
  EXPECT_TRUE(WildcardMatch("*", ""));
  EXPECT_FALSE(WildcardMatch("Device*", "SecurityEvent"));
  EXPECT_FALSE(WildcardMatch("Exact", "Exactly"));
  EXPECT_TRUE(WildcardMatch("Exact", "Exact"));
  EXPECT_TRUE(WildcardMatch("a*b", "ab*b"));
  EXPECT_FALSE(WildcardMatch("*a*b", "bbba"));
  EXPECT_TRUE(WildcardMatch("**x**", "yyxyy"));
}

TEST(Strings, WildcardMatchStaysFastWithManyStars) {
  // Found by fuzz_kql: 'project-away' with a pattern of many stars against a long column name
  // tried every split at every star.
  std::string pattern(60, '*');
  pattern += 'z';
  std::string name(200, 'a');
  EXPECT_FALSE(WildcardMatch(pattern, name));
  EXPECT_TRUE(WildcardMatch(pattern, name + "z"));
}

TEST(Hash, Sha256KnownVectorsAndStableHash64) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Hash64("lsass.exe"), Hash64("lsass.exe"));
  EXPECT_NE(Hash64("lsass.exe"), Hash64("lsass.exf"));
  EXPECT_NE(Hash64(""), Hash64(std::string_view("\0", 1)));
}

}  // namespace
}  // namespace quarry
