#include <gtest/gtest.h>

#include "ingest/reader.h"

namespace quarry::ingest {
namespace {

TEST(Sniff, RecognisesFormatsByContent) {
  EXPECT_EQ(SniffFormat(""), Format::kEmpty);
  EXPECT_EQ(SniffFormat("  \n\t\n"), Format::kEmpty);
  EXPECT_EQ(SniffFormat("{\"a\":1}\n"), Format::kJson);
  EXPECT_EQ(SniffFormat("\xEF\xBB\xBF  [1]"), Format::kJson);
  EXPECT_EQ(SniffFormat(std::string("ElfFile\0\0\0", 11)), Format::kEvtx);
  EXPECT_EQ(SniffFormat(std::string("\x7f"
                                    "ELF\x02\x01\x01\0",
                                    8)),
            Format::kBinary);
  EXPECT_EQ(SniffFormat("a,b,c\n1,2,3\n"), Format::kCsv);
  EXPECT_EQ(SniffFormat("a\tb\n1\t2\n"), Format::kCsv);
  EXPECT_EQ(SniffFormat("type=SYSCALL msg=audit(1.2:3): x=1\n"), Format::kAuditd);
  EXPECT_EQ(SniffFormat("Mar  4 09:12:03 web01 sshd[1]: hi\n"), Format::kSyslog);
  EXPECT_EQ(SniffFormat("<13>1 2024-03-04T09:12:05Z h a - - - m\n"), Format::kSyslog);
  EXPECT_EQ(SniffFormat("node=h1 type=SYSCALL msg=audit(1.2:3): x=1\n"), Format::kAuditd);
  EXPECT_EQ(SniffFormat("2024-03-04T09:12:05.1+00:00 web01 sshd[1]: hi\n"), Format::kSyslog);
  EXPECT_EQ(SniffFormat("2024-03-04 a plain sentence\n"), Format::kUnknown);
  EXPECT_EQ(SniffFormat("# Title\n\nSome prose.\n"), Format::kUnknown);
}

// Heads no reader claims, or that only the order of the reader table decides: which check wins
// (NUL bytes before blankness before control characters; JSON before the UTF-8 check, the other
// text readers after it) was fixed before the readers became a table.
TEST(Sniff, DecidesBetweenChecksInTheirOrder) {
  struct Case {
    std::string head;
    Format want;
  };
  const Case cases[] = {
      {std::string(" \0 {", 4), Format::kBinary},  // a NUL byte makes it binary, JSON or not
      {std::string("\0", 1), Format::kBinary},
      {"\v\v\v", Format::kBinary},  // \v is no white space here
      {" \r\n\t", Format::kEmpty},
      {"\f", Format::kUnknown},  // a form feed is text, not white space
      {"\xEF\xBB\xBF", Format::kEmpty},
      {"\x01\x02\x03{}", Format::kBinary},
      {std::string(98, 'a') + "\x01,", Format::kCsv},         // 1% control characters
      {std::string(98, 'a') + "\x01\x01,", Format::kBinary},  // over 1%
      {"{\xff\xfe\xfd\xfc\xfb\xfa}", Format::kJson},  // the JSON reader repairs UTF-8 itself
      {"a,\xff\xfe\xfd\xfc\xfb\xfa\xf9\n", Format::kBinary},
      {"plain prose\xc3", Format::kUnknown},  // a code point cut off by the end of the head
      {"abc\xc3", Format::kBinary},           // ... unless the head is that short
      {"\xEF\xBB\xBF a,b", Format::kCsv},
      {"ElfFile", Format::kUnknown},
      {"type=X msg=audit(1:2): a=b, c", Format::kAuditd},  // not CSV, though it has a comma
      {"<13>Mar  4 09:12:03 h t: a, b", Format::kSyslog},
      {"<>Mar  4 09:12:03 h t: m", Format::kUnknown},
      {"2024-03-04T09:12:05Z  t: m", Format::kUnknown},
      {"   \r\n  {\"a\":1,\"b\":2}", Format::kJson},  // not CSV, though it has a comma
      {"\"a,b", Format::kUnknown},                    // a quote left open
      {"\n\nline1,2\n", Format::kCsv},
  };
  for (const Case& c : cases) EXPECT_EQ(SniffFormat(c.head), c.want) << c.head;
}

TEST(TableName, FromFileNames) {
  EXPECT_EQ(TableNameFromPath("/x/app-2024-05-01.json.gz"), "app");
  EXPECT_EQ(TableNameFromPath("ec2_proxy_s3_exfiltration_2020-09-14011940.json"),
            "ec2_proxy_s3_exfiltration");
  EXPECT_EQ(TableNameFromPath("AWS_S3_HoneyBucketLogs.csv"), "AWS_S3_HoneyBucketLogs");
  EXPECT_EQ(TableNameFromPath("2024-01-01.log"), "T_2024_01_01");
  EXPECT_EQ(TableNameFromPath("proxy v2.jsonl"), "proxy_v2");
}

}  // namespace
}  // namespace quarry::ingest
