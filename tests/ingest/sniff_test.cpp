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
