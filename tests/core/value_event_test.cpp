#include <gtest/gtest.h>

#include "core/event.h"
#include "core/value.h"

namespace quarry {
namespace {

TEST(Value, TextRendering) {
  EXPECT_EQ(Value::Long(-42).ToText(), "-42");
  EXPECT_EQ(Value::Real(1.5).ToText(), "1.5");
  EXPECT_EQ(Value::Bool(true).ToText(), "true");
  EXPECT_EQ(Value().ToText(), "");
  EXPECT_EQ(Value::DateTime(Timestamp{0}).ToText(), "1970-01-01T00:00:00Z");
  EXPECT_EQ(Value::Dynamic("[1,2]").ToText(), "[1,2]");
  ValueType t;
  ASSERT_TRUE(ParseValueTypeName("datetime", t));
  EXPECT_EQ(t, ValueType::kDateTime);
  EXPECT_FALSE(ParseValueTypeName("int", t));
}

TEST(Event, ReuseKeepsOnlyLiveFields) {
  Event e;
  e.AddString("a", "1");
  e.AddString("b", "2");
  e.AddLong("c", 3);
  EXPECT_EQ(e.size(), 3u);
  e.Clear();
  e.AddString("x", "9");
  ASSERT_EQ(e.fields().size(), 1u);
  EXPECT_EQ(e.fields()[0].name, "x");
  EXPECT_EQ(e.Find("a"), nullptr);
}

TEST(Event, RemoveAndRenameKeepOrder) {
  Event e;
  e.AddString("a", "1");
  e.AddString("b", "2");
  e.AddString("c", "3");
  EXPECT_TRUE(e.Remove("b"));
  EXPECT_FALSE(e.Remove("zz"));
  e.Rename("c", "C");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e.fields()[0].name, "a");
  EXPECT_EQ(e.fields()[1].name, "C");
  EXPECT_EQ(e.Find("C")->as_string(), "3");
}

}  // namespace
}  // namespace quarry
