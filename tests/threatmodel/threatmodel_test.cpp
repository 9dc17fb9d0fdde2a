// quarry threat-model: the check cases (a model, a fixed catalog, the findings, threats and exit
// code it must give), the built-in catalog's condition tests, and the samples.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "app/threat_draft.h"
#include "app/threat_model.h"
#include "catalog/attack.h"
#include "test_util.h"
#include "threatmodel/model_writer.h"
#include "threatmodel/schema.h"

namespace quarry {
namespace {

namespace fs = std::filesystem;
using testing::SourceDir;

fs::path Dir() {
  return SourceDir() / "tests" / "threatmodel";
}

std::string Describe(const app::ThreatModelCheck& check) {
  std::string out;
  for (const auto& a : check.evaluation.threats)
    out += "  threat " + a.threat->id + " " + a.target + " " +
           threatmodel::ThreatStatusName(a.status) + " " + threatmodel::LevelName(a.severity) +
           "\n";
  for (const auto& f : check.findings) out += "  " + f.ToString() + "\n";
  return out;
}

class CheckCase : public ::testing::TestWithParam<std::string> {};

TEST_P(CheckCase, GivesTheExpectedThreatsFindingsAndExitCode) {
  fs::path dir = Dir() / "cases" / GetParam();
  app::ThreatModelRequest request;
  request.model_path = (dir / "model.yml").string();
  request.catalogs = {(Dir() / "cases" / "catalog.yml").string()};
  request.today = "2026-12-01";
  auto check = app::CheckThreatModel(request);
  ASSERT_TRUE(check.ok()) << check.status().message();
  const auto& c = **check;
  std::string got = Describe(c);
  std::istringstream expected(testing::ReadFile(dir / "expected.txt"));
  for (std::string line; std::getline(expected, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string what;
    words >> what;
    if (what == "exit") {
      int code = -1;
      words >> code;
      EXPECT_EQ(c.ExitCode(), code) << got;
    } else if (what == "finding" || what == "no-finding") {
      uint64_t at = 0;
      if (what == "finding") words >> at;
      std::string code;
      words >> code;
      bool found = false;
      for (const auto& f : c.findings) {
        if (f.code == code && (what == "no-finding" || f.where.line == at)) found = true;
      }
      EXPECT_EQ(found, what == "finding") << line << "\n" << got;
    } else if (what == "threat") {
      std::string id, target, status, severity;
      words >> id >> target >> status >> severity;
      bool found = false;
      for (const auto& a : c.evaluation.threats) {
        found |= a.threat->id == id && a.target == target &&
                 threatmodel::ThreatStatusName(a.status) == status &&
                 threatmodel::LevelName(a.severity) == severity;
      }
      EXPECT_TRUE(found) << line << "\n" << got;
    } else if (what == "no-threat" || what == "no-threat-on") {
      std::string id, target;
      words >> id >> target;
      for (const auto& a : c.evaluation.threats) {
        EXPECT_FALSE(a.threat->id == id && (target.empty() || a.target == target)) << line << "\n"
                                                                                   << got;
      }
    } else {
      ADD_FAILURE() << "unknown expectation: " << line;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, CheckCase,
                         ::testing::ValuesIn(testing::SubfolderNames(Dir() / "cases")));

// The built-in drafter: the components and flows a description implies, the questions it asks
// instead of guessing, and whether the draft reads as a model.
class DraftCase : public ::testing::TestWithParam<std::string> {};

TEST_P(DraftCase, RecognizesAndAsksAsExpected) {
  fs::path dir = Dir() / "drafts" / GetParam();
  app::ThreatDraftRequest request;
  request.description = testing::ReadFile(dir / "description.txt");
  request.catalogs = {(Dir() / "cases" / "catalog.yml").string()};
  auto draft = app::DraftThreatModel(request);
  ASSERT_TRUE(draft.ok()) << draft.status().message();
  std::string got = app::ThreatDraftText(*draft);
  const auto& model = draft->check->read.model;
  std::istringstream expected(testing::ReadFile(dir / "expected.txt"));
  for (std::string line; std::getline(expected, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string what, a, b;
    words >> what >> a >> b;
    if (what == "component") {
      bool found = false;
      for (const auto& c : model.components) found |= c.id == a && c.kind == b;
      EXPECT_TRUE(found) << line << "\n" << got;
    } else if (what == "flow") {
      bool found = false;
      for (const auto& f : model.flows) found |= f.from == a && f.to == b;
      EXPECT_TRUE(found) << line << "\n" << got;
    } else if (what == "question") {
      bool found = false;
      for (const auto& q : draft->questions) found |= q.find(a) != std::string::npos;
      EXPECT_TRUE(found) << line << "\n" << got;
    } else if (what == "valid" || what == "invalid") {
      EXPECT_EQ(draft->valid, what == "valid") << got;
    } else {
      ADD_FAILURE() << "unknown expectation: " << line;
    }
  }
  // A draft never decides anything.
  EXPECT_TRUE(model.decisions.empty());
}

INSTANTIATE_TEST_SUITE_P(Drafts, DraftCase,
                         ::testing::ValuesIn(testing::SubfolderNames(Dir() / "drafts")));

// Mapping ids are checked only when the shared catalogs are there; CI has them.
bool ReferencesPresent() {
  return !catalog::FindDirectory().empty();
}

TEST(BuiltInCatalog, LoadsCleanAndEveryConditionFiresOnlyWhereItsTestSays) {
  if (!ReferencesPresent()) GTEST_SKIP() << "the shared catalogs are absent: ids not checkable";
  auto report = app::CheckThreatCatalog({}, {(Dir() / "conditions").string()});
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->catalog->load.references_checked);
  std::string text = app::CatalogReportText(*report);
  for (const auto& f : report->findings) ADD_FAILURE() << f.ToString();
  EXPECT_EQ(report->tests.failed, 0) << text;
  EXPECT_TRUE(report->tests.untested.empty()) << text;
  EXPECT_GT(report->tests.passed, 0);
}

TEST(BuiltInCatalog, CoversEveryOwaspLlmCategoryWithSeveralThreats) {
  auto loaded = app::LoadThreatCatalog({});
  ASSERT_TRUE(loaded.ok());
  std::map<std::string, int> per_category;
  for (const auto& t : (*loaded)->load.catalog.threats) {
    for (const auto& id : t.owasp_llm) per_category[id]++;
  }
  for (int i = 1; i <= 10; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "LLM%02d:2025", i);
    EXPECT_GE(per_category[id], 3) << id;
  }
}

TEST(Samples, ReadCleanlyAndDecideOnlyWithRealMitigations) {
  std::vector<fs::path> models;
  for (const auto& entry : fs::directory_iterator(SourceDir() / "samples" / "threat-models"))
    models.push_back(entry.path());
  ASSERT_GE(models.size(), 3u);
  for (const auto& path : models) {
    app::ThreatModelRequest request;
    request.model_path = path.string();
    auto check = app::CheckThreatModel(request);
    ASSERT_TRUE(check.ok()) << path;
    const auto& c = **check;
    EXPECT_FALSE(c.input_error) << path << "\n" << Describe(c);
    for (const auto& f : c.findings) {
      bool model_problem = f.code.rfind("tm.model.", 0) == 0 && f.severity != Severity::kInfo;
      bool decision_problem = f.code.rfind("tm.decision.", 0) == 0;
      EXPECT_FALSE(model_problem || decision_problem) << path << ": " << f.ToString();
    }
    EXPECT_GT(c.evaluation.threats.size(), 10u) << path;
  }
}

// The complete model in docs/threat-model.md reads cleanly and its decisions hold.
TEST(Docs, TheExampleModelReadsAndItsDecisionsHold) {
  std::string doc = testing::ReadFile(SourceDir() / "docs" / "threat-model.md");
  size_t start = doc.find("```yaml\nquarry_threat_model: 1");
  ASSERT_NE(start, std::string::npos);
  start += 8;
  std::string model = doc.substr(start, doc.find("```", start) - start);
  fs::path file = testing::TempDir("tm-doc") / "example.yml";
  testing::WriteFile(file, model);
  app::ThreatModelRequest request;
  request.model_path = file.string();
  auto check = app::CheckThreatModel(request);
  ASSERT_TRUE(check.ok());
  for (const auto& f : (*check)->findings) {
    bool about_model = f.code.rfind("tm.model.", 0) == 0 && f.severity != Severity::kInfo;
    EXPECT_FALSE(about_model || f.code.rfind("tm.decision.", 0) == 0) << f.ToString();
  }
  int decided = 0;
  for (const auto& a : (*check)->evaluation.threats) decided += a.decision != nullptr;
  EXPECT_EQ(decided, 2) << Describe(**check);
}

// A model written back as YAML (how drafts are saved) reads back the same.
TEST(ModelWriter, SamplesAndHeldOutModelsRoundTrip) {
  std::vector<fs::path> models;
  for (const char* dir : {"samples/threat-models", "tests/threatmodel/heldout"}) {
    for (const auto& entry : fs::recursive_directory_iterator(SourceDir() / dir)) {
      if (entry.path().filename() == "model.yml" || entry.path().extension() == ".yml")
        if (entry.path().filename() != "expected.yml") models.push_back(entry.path());
    }
  }
  ASSERT_GE(models.size(), 3u);
  for (const auto& path : models) {
    auto first = threatmodel::ReadModelFile(path.string());
    ASSERT_FALSE(first.input_error) << path;
    std::string yaml = threatmodel::WriteModelYaml(first.model, "round trip", {});
    auto again = threatmodel::ReadModel(yaml, "again.yml");
    ASSERT_FALSE(again.input_error) << path << "\n" << yaml;
    ASSERT_EQ(again.model.components.size(), first.model.components.size()) << path;
    for (size_t i = 0; i < first.model.components.size(); ++i) {
      EXPECT_EQ(again.model.components[i].attributes, first.model.components[i].attributes)
          << path << ": " << first.model.components[i].id;
    }
    ASSERT_EQ(again.model.flows.size(), first.model.flows.size()) << path;
    for (size_t i = 0; i < first.model.flows.size(); ++i) {
      EXPECT_EQ(again.model.flows[i].attributes, first.model.flows[i].attributes)
          << path << ": " << first.model.flows[i].id;
      EXPECT_EQ(again.model.flows[i].id, first.model.flows[i].id) << path;
    }
  }
}

// docs/threat-model.schema.json is made from the attribute tables; rewritten by
// QUARRY_UPDATE_DOCS=1 threatmodel_tests.
TEST(Schema, DocsAreCurrent) {
  fs::path doc = SourceDir() / "docs" / "threat-model.schema.json";
  std::string schema = threatmodel::ModelJsonSchema();
  if (const char* update = std::getenv("QUARRY_UPDATE_DOCS"); update && *update == '1')
    testing::WriteFile(doc, schema);
  EXPECT_EQ(testing::ReadFile(doc), schema)
      << "run QUARRY_UPDATE_DOCS=1 threatmodel_tests to rewrite " << doc;
}

}  // namespace
}  // namespace quarry
