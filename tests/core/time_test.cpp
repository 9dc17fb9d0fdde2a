#include <gtest/gtest.h>

#include "core/time.h"

namespace quarry {
namespace {

struct IsoCase {
  const char* text;
  const char* expected;  // FormatIsoTime of the parse, or nullptr when it must not parse
};

class ParseIso : public ::testing::TestWithParam<IsoCase> {};

TEST_P(ParseIso, ParsesOrRejects) {
  auto t = ParseIsoTime(GetParam().text);
  if (GetParam().expected == nullptr) {
    EXPECT_FALSE(t.has_value()) << GetParam().text;
  } else {
    ASSERT_TRUE(t.has_value()) << GetParam().text;
    EXPECT_EQ(FormatIsoTime(*t), GetParam().expected);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Variants, ParseIso,
    ::testing::Values(IsoCase{"2024-01-31", "2024-01-31T00:00:00Z"},
                      IsoCase{"2024-01-31 10:00:00", "2024-01-31T10:00:00Z"},
                      IsoCase{"2024-01-31T10:00:00Z", "2024-01-31T10:00:00Z"},
                      IsoCase{"2024-01-31T10:00:00.5Z", "2024-01-31T10:00:00.500Z"},
                      IsoCase{"2021-08-02T13:11:39.7724491Z", "2021-08-02T13:11:39.7724491Z"},
                      IsoCase{"2021-08-02T13:11:39.77244915Z", "2021-08-02T13:11:39.7724491Z"},
                      IsoCase{"2025-11-27T07:40:10.165324Z", "2025-11-27T07:40:10.165324Z"},
                      IsoCase{"2022-02-18T17:39:28.127636+00:00", "2022-02-18T17:39:28.127636Z"},
                      IsoCase{"2024-01-31T10:00:00+05:30", "2024-01-31T04:30:00Z"},
                      IsoCase{"2024-01-31T01:00:00-0200", "2024-01-31T03:00:00Z"},
                      IsoCase{"2024-01-31T10:00", "2024-01-31T10:00:00Z"},
                      IsoCase{"2024-01-31 10:00:00 UTC", "2024-01-31T10:00:00Z"},
                      IsoCase{"2020-10-18 10:56:18.799", "2020-10-18T10:56:18.799Z"},
                      IsoCase{"2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"},
                      IsoCase{"1969-12-31T23:59:59.9Z", "1969-12-31T23:59:59.900Z"},
                      IsoCase{"1601-01-01T00:00:00Z", "1601-01-01T00:00:00Z"},
                      IsoCase{"2024-13-01", nullptr}, IsoCase{"2024-01-32", nullptr},
                      IsoCase{"2024-1-01", nullptr}, IsoCase{"yesterday", nullptr},
                      IsoCase{"2024-01-31T10:00:00Zjunk", nullptr}, IsoCase{"", nullptr},
                      IsoCase{"2024-01-31T10:00:00.Z", nullptr},
                      IsoCase{"2024-01-31X10:00", nullptr}));

TEST(Time, FileTimeAndEpochs) {
  EXPECT_EQ(FormatIsoTime(FromFileTime(116444736000000000ULL)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatIsoTime(FromFileTime(133444736000000000ULL)), "2023-11-14T22:13:20Z");
  EXPECT_EQ(FormatIsoTime(FromEpochMillis(1700000000123)), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(FormatIsoTime(FromEpochSeconds(1700000000.5)), "2023-11-14T22:13:20.500Z");
  // Garbage stamps from damaged records convert without overflow and still format.
  EXPECT_EQ(FromFileTime(0).ticks, -116444736000000000LL);
  EXPECT_FALSE(FormatIsoTime(FromFileTime(~0ULL)).empty());
  EXPECT_FALSE(FormatIsoTime(FromFileTime(0x8000000000000000ULL)).empty());
}

TEST(Time, TimeOfDayIsUtcToTheSecond) {
  EXPECT_EQ(FormatTimeOfDay(FromEpochMillis(1700000000123)), "22:13:20");
  EXPECT_EQ(FormatTimeOfDay(Timestamp{0}), "00:00:00");
  EXPECT_EQ(FormatTimeOfDay(Timestamp{-1}), "23:59:59");    // a tick before 1970 is the day before
  EXPECT_EQ(FormatTimeOfDay(FromFileTime(0)), "00:00:00");  // 1601-01-01
}

TEST(Time, MicrosecondTextAsEvtxDumpWritesIt) {
  auto micros = [](Timestamp t) {
    std::string out = "[";
    AppendIsoTimeMicros(out, t);
    return out;
  };
  // Seven digits of a FILETIME are cut (not rounded) to six; none give six zeros.
  EXPECT_EQ(micros(FromFileTime(133444736001234567ULL)), "[2023-11-14T22:13:20.123456Z");
  EXPECT_EQ(micros(FromFileTime(133444736000000000ULL)), "[2023-11-14T22:13:20.000000Z");
  EXPECT_EQ(micros(FromEpochMillis(-1)), "[1969-12-31T23:59:59.999000Z");
  EXPECT_EQ(FormatIsoTime(FromFileTime(133444736001234567ULL)), "2023-11-14T22:13:20.1234567Z");
  EXPECT_EQ(FormatIsoTime(FromFileTime(0)), "1601-01-01T00:00:00Z");
}

TEST(Time, EpochSecondsTextIsExact) {
  EXPECT_EQ(FormatIsoTime(*ParseEpochSecondsText("1709543525.120")), "2024-03-04T09:12:05.120Z");
  EXPECT_EQ(FormatIsoTime(*ParseEpochSecondsText("1709543525")), "2024-03-04T09:12:05Z");
  EXPECT_EQ(FormatIsoTime(*ParseEpochSecondsText("0.00000019")), "1970-01-01T00:00:00.0000001Z");
  EXPECT_FALSE(ParseEpochSecondsText("17x").has_value());
  EXPECT_FALSE(ParseEpochSecondsText("1.").has_value());
  EXPECT_FALSE(ParseEpochSecondsText("").has_value());
}

TEST(Time, EpochAutoPicksTheUnitByMagnitude) {
  EXPECT_EQ(FormatIsoTime(*FromEpochAuto(1700000000)), "2023-11-14T22:13:20Z");
  EXPECT_EQ(FormatIsoTime(*FromEpochAuto(1700000000123.0)), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(FormatIsoTime(*FromEpochAuto(1700000000123456.0)), "2023-11-14T22:13:20.123456Z");
  EXPECT_EQ(FormatIsoTime(*FromEpochAuto(133444736000000000.0)), "2023-11-14T22:13:20Z");
  EXPECT_EQ(FormatIsoTime(*FromEpochAuto(1700000000000000000.0)), "2023-11-14T22:13:20Z");
  EXPECT_FALSE(FromEpochAuto(42).has_value());
  EXPECT_FALSE(FromEpochAuto(-5).has_value());
}

TEST(Time, CivilRoundTripOverCenturies) {
  for (int year : {1601, 1900, 1970, 2000, 2024, 2100, 2400, 9999}) {
    for (int month : {1, 2, 12}) {
      auto t = FromCivil(year, month, 28, 23, 59, 59, 1234567);
      ASSERT_TRUE(t);
      auto back = ParseIsoTime(FormatIsoTime(*t));
      ASSERT_TRUE(back);
      EXPECT_EQ(back->ticks, t->ticks) << year << "-" << month;
    }
  }
}

}  // namespace
}  // namespace quarry
