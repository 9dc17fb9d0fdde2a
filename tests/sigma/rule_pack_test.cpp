// Our own rule pack (rules/): every rule loads, has its own id and carries an ATT&CK technique
// tag. Its samples (rules/*/x.tests/) run through `quarry rules test` (ctest rules.pack).
#include <gtest/gtest.h>

#include "sigma/engine.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

TEST(RulePack, EveryRuleLoadsAndIsTagged) {
  fs::path pack = SourceDir() / "rules";
  sigma::Engine engine;
  engine.AddPath(pack.string());
  engine.Finish([](const Finding& f) { ADD_FAILURE() << f.ToString(); });
  const sigma::Ruleset& rules = engine.rules();
  ASSERT_GE(rules.infos().size(), 30u);
  std::set<std::string> ids;
  for (size_t i = 0; i < rules.infos().size(); ++i) {
    const sigma::RuleInfo& info = rules.infos()[i];
    SCOPED_TRACE(info.path);
    EXPECT_TRUE(ids.insert(info.id).second) << "duplicate id " << info.id;
    bool technique = false;
    for (const auto& t : info.tags) technique = technique || t.rfind("attack.t", 0) == 0;
    EXPECT_TRUE(technique) << "no ATT&CK technique tag";
  }
}

}  // namespace
}  // namespace quarry::testing
