// Timespan literals: Kusto's forms, and texts past what 64-bit ticks hold (found by fuzz_kql:
// they overflowed) refused rather than wrapped.
#include <gtest/gtest.h>

#include "kql/sql_gen.h"

namespace quarry::testing {
namespace {

TEST(TimespanTicks, ReadsKustoForms) {
  int64_t t = 0;
  ASSERT_TRUE(kql::TimespanTicks("1.02:03:04.5", t));
  EXPECT_EQ(t, ((int64_t{26} * 60 + 3) * 60 + 4) * 10'000'000 + 5'000'000);
  ASSERT_TRUE(kql::TimespanTicks("90m", t));
  EXPECT_EQ(t, int64_t{90} * 600'000'000);
  ASSERT_TRUE(kql::TimespanTicks("2d", t));
  EXPECT_EQ(t, int64_t{2} * 864'000'000'000);
}

TEST(TimespanTicks, RefusesWhatTicksCannotHold) {
  int64_t t = 0;
  EXPECT_FALSE(kql::TimespanTicks("0.0277777777777777777:03:04", t));
  EXPECT_FALSE(kql::TimespanTicks("99999999999999999999.00:00:00", t));
  EXPECT_FALSE(kql::TimespanTicks("99999999999999999d", t));
  EXPECT_FALSE(kql::TimespanTicks("10:00:1e300", t));
}

}  // namespace
}  // namespace quarry::testing
