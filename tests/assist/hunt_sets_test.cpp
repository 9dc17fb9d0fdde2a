// Hunting question sets, each a folder of tests/assist (format: generalize/README.md): the
// generalization set, questions over one case of corpus evidence the built-in assistant was not
// developed against, and the failure kinds of issue 16 over evidence written for them. Each gold
// query must satisfy its own key; the built-in provider's accuracy (execution match: the result
// holds every expected value and no excluded one) must not fall below the set's floor (its
// `floor` file, in percent), and each miss is printed with the draft or why it was declined.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "app/ingest_job.h"
#include "assist/hunt.h"
#include "core/strings.h"
#include "test_util.h"

namespace quarry::testing {
namespace {

namespace fs = std::filesystem;

struct Question {
  std::string where;
  std::vector<std::string> steps;  // the question, then refinements
  std::string gold;
  std::vector<std::string> expect;
  std::vector<std::string> exclude;
  std::vector<std::string> explain;  // texts the draft's explanation must contain
};

std::vector<Question> LoadQuestions(const fs::path& set) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(set / "questions")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<Question> questions;
  for (const fs::path& file : files) {
    std::string text = ReadFile(file);
    int line = 1;
    for (const std::string& block : SplitSections(text, "====")) {
      std::vector<std::string> parts = SplitSections(block, "----");
      Question q;
      q.where = file.filename().string() + ":" + std::to_string(line);
      line += static_cast<int>(std::count(block.begin(), block.end(), '\n')) + 2;
      std::istringstream head(parts[0]);
      for (std::string l; std::getline(head, l);) {
        if (TrimAscii(l).empty()) continue;
        q.steps.push_back(l.rfind("then: ", 0) == 0 ? l.substr(6) : l);
      }
      if (parts.size() > 1) q.gold = std::string(TrimAscii(parts[1]));
      if (parts.size() > 2) {
        std::istringstream key(parts[2]);
        for (std::string l; std::getline(key, l);) {
          if (l.rfind("expect: ", 0) == 0) q.expect.push_back(l.substr(8));
          if (l.rfind("exclude: ", 0) == 0) q.exclude.push_back(l.substr(9));
          if (l.rfind("explain: ", 0) == 0) q.explain.push_back(l.substr(9));
        }
      }
      if (!q.steps.empty()) questions.push_back(std::move(q));
    }
  }
  return questions;
}

std::string CellText(const Value& v) {
  if (v.type() == ValueType::kString) return std::string(v.as_string());
  std::string out;
  AppendJsonValue(out, v);
  if (out.size() >= 2 && out.front() == '"') out = out.substr(1, out.size() - 2);
  return out;
}

bool HasCell(const query::QueryResult& r, const std::string& value) {
  for (const auto& row : r.rows) {
    for (const Value& v : row) {
      if (EqualsIgnoreCaseAscii(CellText(v), value)) return true;
    }
  }
  return false;
}

// Empty when the result matches the key; else what is wrong.
std::string Mismatch(const query::QueryResult& r, const Question& q) {
  for (const std::string& v : q.expect) {
    if (!HasCell(r, v)) return "missing '" + v + "'";
  }
  for (const std::string& v : q.exclude) {
    if (HasCell(r, v)) return "holds excluded '" + v + "'";
  }
  return "";
}

// One case per set, built once.
class HuntSet : public ::testing::TestWithParam<std::string> {
 protected:
  fs::path Set() const { return SourceDir() / "tests" / "assist" / GetParam(); }

  // The set's case, ingested from its case.txt; empty when its evidence is absent.
  fs::path Case() {
    static std::map<std::string, fs::path> built;
    if (auto it = built.find(GetParam()); it != built.end()) return it->second;
    fs::path corpora = CorporaDir();
    app::IngestOptions ingest;
    std::istringstream list(ReadFile(Set() / "case.txt"));
    for (std::string l; std::getline(list, l);) {
      if (l.empty() || l[0] == '#') continue;
      if (l == "samples/") {
        ingest.paths.push_back((SourceDir() / "samples" / "evidence").string());
      } else if (l.rfind("repo:", 0) == 0) {
        ingest.paths.push_back((SourceDir() / l.substr(5)).string());
      } else if (l.rfind("corpora:", 0) == 0) {  // relative to ../shared/corpora itself
        if (corpora.empty() || !fs::exists(corpora / l.substr(8))) {
          return built[GetParam()] = fs::path();
        }
        ingest.paths.push_back((corpora / l.substr(8)).string());
      } else if (corpora.empty() || !fs::exists(corpora / "json" / l)) {
        return built[GetParam()] = fs::path();
      } else {
        ingest.paths.push_back((corpora / "json" / l).string());
      }
    }
    ingest.case_dir = TempDir("hunt_set_" + GetParam()).string();
    EXPECT_TRUE(app::RunIngest(ingest).ok());
    return built[GetParam()] = ingest.case_dir;
  }
};

TEST_P(HuntSet, EachGoldQuerySatisfiesItsKey) {
  fs::path case_dir = Case();
  if (case_dir.empty()) GTEST_SKIP() << "../shared/corpora/json is absent: not run";
  std::vector<Question> questions = LoadQuestions(Set());
  ASSERT_FALSE(questions.empty());
  for (const Question& q : questions) {
    EXPECT_FALSE(q.expect.empty()) << q.where << ": no expect: line";
    auto gold = query::RunQuery(case_dir.string(), q.gold, query::QueryOptions{});
    ASSERT_TRUE(gold.ok()) << q.where << ": " << gold.status().message();
    EXPECT_TRUE(gold->ran) << q.where << ": the gold query does not run";
    EXPECT_EQ(Mismatch(*gold, q), "") << q.where << "\n  gold: " << q.gold;
  }
}

TEST_P(HuntSet, BuiltinProviderAccuracyIsAtLeastTheFloor) {
  fs::path case_dir = Case();
  if (case_dir.empty()) GTEST_SKIP() << "../shared/corpora/json is absent: not run";
  double floor = std::stod(ReadFile(Set() / "floor"));
  std::vector<Question> questions = LoadQuestions(Set());
  auto provider = assist::MakeBuiltinProvider();
  query::QueryOptions options;
  int matched = 0, declined = 0;
  std::string misses;
  for (const Question& q : questions) {
    std::vector<assist::HuntStep> steps;
    for (const std::string& text : q.steps) {
      auto step = assist::DraftStep(*provider, case_dir.string(), text, steps, options);
      ASSERT_TRUE(step.ok()) << q.where << ": " << step.status().message();
      steps.push_back(std::move(*step));
    }
    const assist::HuntStep& last = steps.back();
    std::string why;
    if (!last.runnable) {
      ++declined;
      why = "declined: " + last.draft.explanation;
      for (const std::string& w : last.draft.not_understood) why += " " + w;
      for (const Finding& f : last.findings) {
        if (f.severity == Severity::kError) why += " [" + f.code + "] " + f.message;
      }
    } else {
      auto rows = assist::RunStep(last, case_dir.string(), options);
      ASSERT_TRUE(rows.ok()) << q.where << ": " << rows.status().message();
      why = Mismatch(*rows, q);
      for (const std::string& text : q.explain) {
        if (why.empty() && last.draft.explanation.find(text) == std::string::npos) {
          why = "the explanation does not say '" + text + "': " + last.draft.explanation;
        }
      }
      if (why.empty()) {
        ++matched;
        continue;
      }
    }
    misses += q.where + "  " + q.steps.front() + "\n    draft: " + last.draft.query + "\n    " +
              why + "\n";
  }
  double accuracy = 100.0 * matched / static_cast<double>(questions.size());
  std::cout << GetParam() << ": " << matched << " of " << questions.size()
            << " answered (execution match), " << declined << " declined, "
            << questions.size() - static_cast<size_t>(matched + declined) << " wrong: " << accuracy
            << "%\n"
            << misses;
  EXPECT_GE(accuracy, floor) << misses;
}

INSTANTIATE_TEST_SUITE_P(Sets, HuntSet, ::testing::Values("kinds", "generalize", "heldout", "heldout2", "heldout3"));

}  // namespace
}  // namespace quarry::testing
