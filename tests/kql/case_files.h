// Query case files shared by the KQL test harnesses: cases separated by lines of "====", each a
// query, a line "----", then what is expected (its form depends on the harness). Harnesses run
// one gtest per case (INSTANTIATE_TEST_SUITE_P over LoadQueryCases, named by CaseTestName).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include "test_util.h"

namespace quarry::testing {

struct QueryCase {
  std::string where;  // file:line
  std::string query;
  std::string expected;
};

inline std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  size_t start = s.find_first_not_of('\n');
  return start == std::string::npos ? std::string() : s.substr(start);
}

// The cases of every file in tests/FOLDER.
inline std::vector<QueryCase> LoadQueryCases(const std::string& folder) {
  std::vector<QueryCase> cases;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(SourceDir() / "tests" / folder)) {
    files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const std::filesystem::path& file : files) {
    std::ifstream in(file);
    std::string line, query, expected;
    bool in_expected = false;
    int number = 0, start = 1;
    auto flush = [&] {
      if (!Trim(query).empty()) {
        cases.push_back(
            {file.filename().string() + ":" + std::to_string(start), Trim(query), Trim(expected)});
      }
      query.clear();
      expected.clear();
      in_expected = false;
    };
    while (std::getline(in, line)) {
      ++number;
      if (line == "====") {
        flush();
        start = number + 1;
      } else if (line == "----") {
        in_expected = true;
      } else {
        (in_expected ? expected : query) += line + "\n";
      }
    }
    flush();
  }
  return cases;
}

// A case's name as a gtest parameter name: its file and line ("01_strings.txt:12" is
// 01_strings_12), so that a failing case names itself and the others still run.
inline std::string CaseName(const QueryCase& c) {
  std::string name;
  for (char ch : c.where.substr(0, c.where.find(".txt")) + c.where.substr(c.where.find(':'))) {
    bool word = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    name += word ? ch : '_';
  }
  return name;
}

// gtest prints a failing parameter with this: where the case is.
inline void PrintTo(const QueryCase& c, std::ostream* out) {
  *out << c.where;
}

// The test name of a case in a suite instantiated over LoadQueryCases.
inline std::string CaseTestName(const ::testing::TestParamInfo<QueryCase>& info) {
  return CaseName(info.param);
}

}  // namespace quarry::testing
