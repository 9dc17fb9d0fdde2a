// Our hunting question set over the built-in sample evidence (samples/evidence, scanned with
// rules/ as `make run` does). Each case under tests/assist/hunts is a question (and "then:"
// refinements), a hand-written gold query and the rows it returns. The built-in provider must
// answer each with a query whose rows match the gold rows on the gold query's columns
// (execution match), or, for a case marked "not understood: WORDS" / "no query", say so.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/ingest_job.h"
#include "app/scan_job.h"
#include "assist/hunt.h"
#include "core/strings.h"
#include "sigma/loader.h"
#include "test_util.h"

namespace quarry::testing {
namespace {

namespace fs = std::filesystem;

struct HuntCase {
  std::string where;
  std::vector<std::string> questions;  // the question, then refinements
  std::string gold;                    // a query, "no query", or "not understood: a, b"
  std::vector<std::string> rows;       // gold rows as JSON lines
};

std::vector<HuntCase> LoadCases() {
  std::vector<HuntCase> cases;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(SourceDir() / "tests" / "assist" / "hunts")) {
    files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::string text = ReadFile(file);
    int line = 1;
    for (const std::string& block : SplitSections(text, "====")) {
      std::vector<std::string> parts = SplitSections(block, "----");
      HuntCase c;
      c.where = file.filename().string() + ":" + std::to_string(line);
      line += static_cast<int>(std::count(block.begin(), block.end(), '\n')) + 2;
      std::istringstream head(parts[0]);
      for (std::string l; std::getline(head, l);) {
        if (l.empty()) continue;
        c.questions.push_back(l.rfind("then: ", 0) == 0 ? l.substr(6) : l);
      }
      if (parts.size() > 1) c.gold = std::string(TrimAscii(parts[1]));
      if (parts.size() > 2) {
        std::istringstream rows(parts[2]);
        for (std::string l; std::getline(rows, l);) {
          if (!l.empty() && l != "(no rows)") c.rows.push_back(l);
        }
      }
      cases.push_back(std::move(c));
    }
  }
  return cases;
}

// Each row as JSON over `columns` (those of the gold query), sorted: a multiset to compare.
std::vector<std::string> Project(const query::QueryResult& r,
                                 const std::vector<std::string>& columns, bool& missing) {
  std::vector<std::string> rows;
  missing = false;
  std::vector<int> index;
  for (const std::string& c : columns) {
    int at = -1;
    for (size_t i = 0; i < r.columns.size(); ++i) {
      if (r.columns[i].name == c) at = static_cast<int>(i);
    }
    if (at < 0) missing = true;
    index.push_back(at);
  }
  for (const auto& row : r.rows) {
    std::string out = "{";
    for (size_t k = 0; k < columns.size(); ++k) {
      if (k) out += ",";
      AppendJsonString(out, columns[k]);
      out += ":";
      if (index[k] >= 0) AppendJsonValue(out, row[static_cast<size_t>(index[k])]);
    }
    rows.push_back(out + "}");
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

class HuntQuestions : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    case_dir_ = new fs::path(TempDir("hunt_questions"));
    app::IngestOptions ingest;
    ingest.paths = {(SourceDir() / "samples" / "evidence").string()};
    ingest.case_dir = case_dir_->string();
    ASSERT_TRUE(app::RunIngest(ingest).ok());
    sigma::Engine engine;
    engine.AddPath((SourceDir() / "rules").string());
    engine.Finish();
    app::ScanOptions scan;
    scan.case_dir = case_dir_->string();
    scan.engine = &engine;
    ASSERT_TRUE(app::RunScan(scan).ok());
  }
  static void TearDownTestSuite() { delete case_dir_; }
  static fs::path* case_dir_;
};
fs::path* HuntQuestions::case_dir_ = nullptr;

TEST_F(HuntQuestions, BuiltinProviderAnswersEachOrSaysWhatItDidNotUnderstand) {
  std::vector<HuntCase> cases = LoadCases();
  ASSERT_GE(cases.size(), 60u);
  auto provider = assist::MakeBuiltinProvider();
  query::QueryOptions options;
  int matched = 0, declined = 0;
  for (const HuntCase& c : cases) {
    std::vector<assist::HuntStep> steps;
    for (const std::string& q : c.questions) {
      auto step = assist::DraftStep(*provider, case_dir_->string(), q, steps, options);
      ASSERT_TRUE(step.ok()) << c.where << ": " << step.status().message();
      steps.push_back(std::move(*step));
    }
    const assist::HuntStep& last = steps.back();
    std::string context =
        c.where + "\n  question: " + c.questions.front() + "\n  draft: " + last.draft.query;
    if (c.gold == "no query") {
      EXPECT_TRUE(last.draft.query.empty()) << context;
      EXPECT_FALSE(last.runnable) << context;
      declined += last.draft.query.empty();
      continue;
    }
    if (c.gold.rfind("not understood:", 0) == 0) {
      bool all = true;
      std::string words = c.gold.substr(15);
      std::istringstream in(words);
      for (std::string w; std::getline(in, w, ',');) {
        std::string word(TrimAscii(w));
        bool said =
            std::any_of(last.draft.not_understood.begin(), last.draft.not_understood.end(),
                        [&](const std::string& n) { return n.find(word) != std::string::npos; });
        EXPECT_TRUE(said) << context << "\n  should say it did not understand '" << word << "'";
        all = all && said;
      }
      declined += all;
      continue;
    }
    auto gold = query::RunQuery(case_dir_->string(), c.gold, options);
    ASSERT_TRUE(gold.ok() && gold->ran) << context << "\n  gold does not run: " << c.gold;
    std::vector<std::string> columns;
    for (const auto& col : gold->columns) columns.push_back(col.name);
    bool missing = false;
    std::vector<std::string> gold_rows = Project(*gold, columns, missing);
    std::vector<std::string> expected = c.rows;
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(gold_rows, expected) << context << "\n  the gold query's rows changed";
    EXPECT_TRUE(last.runnable) << context << "\n  the draft does not pass the checks";
    if (!last.runnable) continue;
    auto run = assist::RunStep(last, case_dir_->string(), options);
    ASSERT_TRUE(run.ok()) << context;
    std::vector<std::string> got = Project(*run, columns, missing);
    EXPECT_FALSE(missing) << context << "\n  the draft lacks a column of the gold query";
    EXPECT_EQ(got, gold_rows) << context << "\n  gold: " << c.gold;
    matched += !missing && got == gold_rows;
  }
  std::cout << "built-in provider: " << matched << " of "
            << cases.size() - static_cast<size_t>(declined) << " answerable questions match the "
            << "gold rows; " << declined << " of the rest are declined plainly\n";
}

}  // namespace
}  // namespace quarry::testing
