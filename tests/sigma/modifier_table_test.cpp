// The modifier table: every modifier loads with its example value and with each modifier it says
// it combines with, and is refused where the table says it cannot stand. docs/sigma-modifiers.md
// is checked by tests/ingest/generated_docs_test.cpp.
#include <gtest/gtest.h>

#include <set>

#include "sigma/engine.h"
#include "sigma/modifiers.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
using sigma::Modifier;

// Loads a rule with one detection item; "" when it loads, else why not. Numbers stay unquoted:
// a quoted one is a string, which comparisons refuse.
std::string LoadItem(const std::string& key, std::string_view value) {
  bool number = value.find_first_not_of("0123456789") == std::string_view::npos;
  std::string yaml_value = number ? std::string(value) : "'" + std::string(value) + "'";
  std::string rule =
      "title: t\nid: 6f2b6a1e-0000-4000-8000-000000000001\nlogsource: {product: windows}\n"
      "detection:\n  sel:\n    '" +
      key + "': " + yaml_value + "\n  condition: sel\n";
  sigma::Engine engine;
  engine.AddText("rule.yml", rule);
  engine.Finish();
  for (const auto& load : engine.load_results()) {
    if (!load.loaded) return load.reason;
  }
  return "";
}

// Regex flags only stand after `re`.
std::string Chain(const Modifier& m) {
  return m.kind == Modifier::Kind::kRegexFlag ? "re|" + std::string(m.name) : std::string(m.name);
}

TEST(ModifierTable, EveryModifierLoadsAlone) {
  std::set<std::string_view> names;
  for (const Modifier& m : sigma::AllModifiers()) {
    SCOPED_TRACE(m.name);
    EXPECT_TRUE(names.insert(m.name).second) << "listed twice";
    EXPECT_FALSE(m.doc.empty());
    EXPECT_FALSE(m.example.empty());
    EXPECT_EQ(sigma::FindModifier(m.name), &m);
    EXPECT_EQ(LoadItem("Field|" + Chain(m), m.example), "");
  }
}

TEST(ModifierTable, EveryModifierLoadsWithWhatItCombinesWith) {
  for (const Modifier& m : sigma::AllModifiers()) {
    for (std::string_view name : sigma::CombinesWith(m)) {
      std::string other(name);
      SCOPED_TRACE(std::string(m.name) + "|" + other);
      EXPECT_NE(sigma::FindModifier(other), nullptr) << "names no modifier";
      EXPECT_EQ(LoadItem("Field|" + Chain(m) + "|" + other, m.example), "");
    }
  }
}

TEST(ModifierTable, PlacesAModifierCannotStandAreRefused) {
  for (const Modifier& m : sigma::AllModifiers()) {
    SCOPED_TRACE(m.name);
    if (m.first) {
      EXPECT_NE(LoadItem("Field|all|" + std::string(m.name), m.example)
                    .find("modifier '" + std::string(m.name) + "' must come first"),
                std::string::npos);
    }
    if (m.needs_field) {
      EXPECT_NE(LoadItem("|" + Chain(m), m.example).find("this modifier needs a field name"),
                std::string::npos);
    }
    if (m.kind == Modifier::Kind::kRegexFlag) {
      EXPECT_NE(LoadItem("Field|" + std::string(m.name), m.example)
                    .find("regex flag modifiers (i, m, s) need 're'"),
                std::string::npos);
    }
  }
  EXPECT_NE(LoadItem("Field|bogus", "x").find("rule.yml:6: unknown modifier 'bogus'"),
            std::string::npos)
      << LoadItem("Field|bogus", "x");
}

}  // namespace
}  // namespace quarry::testing
