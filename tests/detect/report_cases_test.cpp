// quarry rules coverage, lint and baseline over data (tests/detect/{coverage,lint,baseline}/): each
// folder's rules, over a case ingested from its evidence/ when it has one, against its
// expected.txt, the text report with paths relative to the folder. QUARRY_UPDATE_GOLDEN=1
// rewrites them after a deliberate change; review the diff. Needs the ATT&CK catalog.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <set>

#include "app/ingest_job.h"
#include "app/kql.h"
#include "app/rules.h"
#include "catalog/attack.h"
#include "sigma/engine.h"
#include "store/case.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

fs::path CasesDir(const char* command) {
  return SourceDir() / "tests" / "detect" / command;
}

// The folder's rule source, and its evidence ingested into a fresh case ("" without evidence).
struct Folder {
  fs::path dir;
  app::RuleSource rules;
  std::string case_dir;
};

Folder Prepare(const char* command, const std::string& name) {
  Folder f;
  f.dir = CasesDir(command) / name;
  f.rules.paths = {(f.dir / "rules").string()};
  if (fs::exists(f.dir / "evidence")) {
    f.case_dir = TempDir(std::string(command) + "_" + name).string();
    app::IngestOptions ingest;
    ingest.paths = {(f.dir / "evidence").string()};
    ingest.case_dir = f.case_dir;
    EXPECT_TRUE(app::RunIngest(ingest).ok());
  }
  return f;
}

void ExpectGolden(const Folder& f, const std::string& report, const char* file = "expected.txt") {
  std::string text = ReplaceAll(report, f.dir.string() + "/", "");
  fs::path golden = f.dir / file;
  if (std::getenv("QUARRY_UPDATE_GOLDEN") != nullptr) WriteFile(golden, text);
  ASSERT_TRUE(fs::exists(golden)) << "run with QUARRY_UPDATE_GOLDEN=1 to create " << golden;
  EXPECT_EQ(text, ReadFile(golden));
}

class CoverageCase : public ::testing::TestWithParam<std::string> {};

TEST_P(CoverageCase, ReportMatchesExpected) {
  if (catalog::FindDirectory().empty()) GTEST_SKIP() << "no ATT&CK catalog (../shared/corpora)";
  Folder f = Prepare("coverage", GetParam());
  auto report = app::RulesCoverage({f.rules, f.case_dir, ""});
  ASSERT_TRUE(report.ok()) << report.status().message();
  ExpectGolden(f, app::CoverageText(*report));
  // The layer scores each covered technique by its active rules.
  std::string layer = app::CoverageNavigator(*report);
  EXPECT_NE(layer.find("\"layer\":\"4.5\""), std::string::npos);
  for (const auto& t : report->techniques) {
    EXPECT_NE(layer.find("\"techniqueID\":\"" + t.id + "\",\"score\":" + std::to_string(t.active)),
              std::string::npos)
        << t.id;
  }
}

INSTANTIATE_TEST_SUITE_P(Folders, CoverageCase,
                         ::testing::ValuesIn(SubfolderNames(CasesDir("coverage"))),
                         [](const auto& param_info) { return param_info.param; });

class LintCase : public ::testing::TestWithParam<std::string> {};

TEST_P(LintCase, ReportMatchesExpected) {
  if (catalog::FindDirectory().empty()) GTEST_SKIP() << "no ATT&CK catalog (../shared/corpora)";
  Folder f = Prepare("lint", GetParam());
  std::string schema = fs::exists(f.dir / "schema") ? (f.dir / "schema").string() : "";
  auto report = app::LintRules({f.rules, f.case_dir, schema});
  ASSERT_TRUE(report.ok()) << report.status().message();
  ExpectGolden(f, app::LintText(*report));
  std::string json = app::LintJson(*report);
  EXPECT_NE(json.find("\"errors\":" + std::to_string(report->errors)), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Folders, LintCase, ::testing::ValuesIn(SubfolderNames(CasesDir("lint"))),
                         [](const auto& param_info) { return param_info.param; });

class BaselineCase : public ::testing::TestWithParam<std::string> {};

TEST_P(BaselineCase, ReportMatchesExpected) {
  Folder f = Prepare("baseline", GetParam());
  app::BaselineRequest request;
  request.rules = f.rules;
  request.case_dir = f.case_dir;
  auto report = app::BaselineRules(request);
  ASSERT_TRUE(report.ok()) << report.status().message();
  ExpectGolden(f, app::BaselineText(*report));
  EXPECT_NE(app::BaselineJson(*report).find("\"per_day\":{\"median\":"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Folders, BaselineCase,
                         ::testing::ValuesIn(SubfolderNames(CasesDir("baseline"))),
                         [](const auto& param_info) { return param_info.param; });

// A suggested filter, added to the rule as suggested, removes the alerts it says it does.
TEST(Baseline, SuggestedFilterRemovesWhatItSays) {
  Folder f = Prepare("baseline", "updater_noise");
  app::BaselineRequest request;
  request.rules.paths = {(f.dir / "rules" / "hidden_powershell.yml").string()};
  request.case_dir = f.case_dir;
  auto before = app::BaselineRules(request);
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->rules.size(), 1u);
  const detect::RuleBaseline& rule = before->rules[0];
  ASSERT_TRUE(rule.over_budget);
  ASSERT_FALSE(rule.suggestions.empty());
  for (const auto& s : rule.suggestions) {
    SCOPED_TRACE(s.sigma);
    std::string yaml = ReadFile(request.rules.paths[0]);
    // The selection goes under detection:, and the condition leaves it out.
    std::string selection = s.sigma.substr(0, s.sigma.find("\n#"));
    yaml = ReplaceAll(yaml, "    condition: selection",
                      "    " + ReplaceAll(selection, "\n", "\n    ") +
                          "\n    condition: selection and not filter_baseline_" +
                          selection.substr(std::string("filter_baseline_").size(), 1));
    fs::path filtered = TempDir("baseline_filter") / "filtered.yml";
    WriteFile(filtered, yaml);
    app::BaselineRequest again = request;
    again.rules.paths = {filtered.string()};
    auto after = app::BaselineRules(again);
    ASSERT_TRUE(after.ok());
    ASSERT_EQ(after->rules.size(), 1u) << yaml;
    EXPECT_EQ(after->rules[0].alerts, rule.alerts - s.removes) << yaml;
  }
}

TEST(Baseline, SigmaLiteralsMatchTheirValueOnly) {
  EXPECT_EQ(detect::SigmaLiteral("C:\\Program Files\\x.exe"), "C:\\Program Files\\x.exe");
  EXPECT_EQ(detect::SigmaLiteral("a*b?c"), "a\\*b\\?c");
  EXPECT_EQ(detect::SigmaLiteral("x\\*"), "x\\\\\\*");
}

class ConvertCase : public ::testing::TestWithParam<std::string> {};

// The rules' eids as the engine flags them in the case, by rule id; for correlations, the
// first group-by value of each alert.
struct Flagged {
  std::map<std::string, std::set<int64_t>> eids;
  std::map<std::string, std::set<std::string>> groups;
};

Flagged ScanFlags(const Folder& f) {
  Flagged flagged;
  auto& eids = flagged.eids;
  sigma::Engine engine;
  for (const auto& p : f.rules.paths) engine.AddPath(p);
  engine.Finish();
  sigma::Matcher matcher(engine.rules());
  // Base rules that only feed a correlation convert too: their matches count.
  sigma::AlertStream stream(
      engine,
      [&](const sigma::Alert& a) {
        eids[engine.info(a.info).id].insert(a.eid);
        if (!a.details.empty()) flagged.groups[engine.info(a.info).id].insert(a.details[0].second);
      },
      sigma::AlertStream::kIncludeSuppressed);
  auto c = store::Case::Open(f.case_dir, store::Case::Mode::kOpenExisting);
  EXPECT_TRUE(c.ok());
  if (!c.ok()) return flagged;
  EXPECT_TRUE((*c)->ForEachEvent({},
                                 [&](const Event& e) {
                                   stream.Event(matcher, e);
                                   return true;
                                 })
                  .ok());
  stream.Finish();
  return flagged;
}

TEST_P(ConvertCase, QueriesMatchExpectedAndReturnWhatScanFlags) {
  Folder f = Prepare("convert", GetParam());
  app::ConvertRequest request;
  request.rules = f.rules;
  request.case_dir = f.case_dir;
  auto report = app::ConvertRules(request);
  ASSERT_TRUE(report.ok()) << report.status().message();
  std::string failures;
  std::string text = app::ConvertText(*report, failures);
  ExpectGolden(f, text + "----\n" + failures);
  // SPL cannot run here: its text is checked against expected_spl.txt, and for balance.
  app::ConvertRequest spl = request;
  spl.to = "spl";
  auto spl_report = app::ConvertRules(spl);
  ASSERT_TRUE(spl_report.ok()) << spl_report.status().message();
  std::string spl_failures;
  std::string spl_text = app::ConvertText(*spl_report, spl_failures);
  ExpectGolden(f, spl_text + "----\n" + spl_failures, "expected_spl.txt");
  for (const auto& r : spl_report->rules) {
    int depth = 0, brackets = 0;
    bool quoted = false;
    for (size_t k = 0; k < r.query.size(); ++k) {
      char ch = r.query[k];
      if (quoted) {
        if (ch == '\\') ++k;
        if (ch == '"') quoted = false;
        continue;
      }
      quoted = ch == '"';
      depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
      brackets += ch == '[' ? 1 : ch == ']' ? -1 : 0;
      EXPECT_GE(depth, 0) << r.query;
    }
    EXPECT_EQ(depth, 0) << r.query;
    EXPECT_EQ(brackets, 0) << r.query;
    EXPECT_FALSE(quoted) << r.query;
  }
  Flagged flagged = ScanFlags(f);
  for (const auto& r : report->rules) {
    if (!r.converted) continue;
    SCOPED_TRACE(r.query);
    app::QueryRequest query;
    query.case_dir = f.case_dir;
    query.text = r.query;
    auto result = app::RunQuery(query);
    ASSERT_TRUE(result.ok()) << result.status().message();
    ASSERT_TRUE(result->ran);
    size_t eid = 0;
    while (eid < result->columns.size() && result->columns[eid].name != "_eid") ++eid;
    if (eid == result->columns.size()) {  // a correlation: its groups, by the first group-by
      std::set<std::string> groups;
      for (const auto& row : result->rows) groups.insert(row[0].ToText());
      EXPECT_EQ(groups, flagged.groups[r.id]) << r.rule;
      continue;
    }
    std::set<int64_t> got;
    for (const auto& row : result->rows) got.insert(row[eid].as_long());
    EXPECT_EQ(got, flagged.eids[r.id]) << r.rule;
  }
}

INSTANTIATE_TEST_SUITE_P(Folders, ConvertCase,
                         ::testing::ValuesIn(SubfolderNames(CasesDir("convert"))),
                         [](const auto& param_info) { return param_info.param; });

TEST(TechniqueTags, OnlyWellFormedTechniqueIdsAreRead) {
  EXPECT_EQ(catalog::TechniqueOfTag("attack.t1003.001"), "T1003.001");
  EXPECT_EQ(catalog::TechniqueOfTag("ATTACK.T1059"), "T1059");
  for (const char* tag : {"attack.t1003.01", "attack.t10031", "attack.credential-access",
                          "attack.g0016", "attack.t", "attack.t1003.", "cve.2021-44228"}) {
    EXPECT_EQ(catalog::TechniqueOfTag(tag), "") << tag;
  }
}

TEST(TechniqueTags, EveryTechniqueOfATagListIsReadOnce) {
  EXPECT_EQ(
      catalog::TechniquesOfTags(
          R"(["attack.credential_access","attack.t1003.001","ATTACK.T1059","attack.t1003.001"])"),
      (std::vector<std::string>{"T1003.001", "T1059"}));
  EXPECT_EQ(catalog::TechniquesOfTags("attack.t1003, attack.t10031 attack.s0002"),
            (std::vector<std::string>{"T1003"}));
  EXPECT_TRUE(catalog::TechniquesOfTags("").empty());
}

TEST(RegexLint, NestedUnboundedQuantifiersAreFound) {
  for (const char* bad : {"(a+)+", "(\\s*[a-z]+)*x", "((ab)*c)+", "(x{2,})+", "(?:a|b+)*"}) {
    EXPECT_TRUE(detect::NestedQuantifier(bad).has_value()) << bad;
  }
  for (const char* ok : {"a+b+", "(ab)+", "(a+)?", "[(a+)]+", "\\(a+\\)+", "(a{1,5})+", "(a+)"}) {
    EXPECT_FALSE(detect::NestedQuantifier(ok).has_value()) << ok;
  }
}

}  // namespace
}  // namespace quarry::testing
