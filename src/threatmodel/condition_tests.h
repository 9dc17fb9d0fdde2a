// The condition tests of a catalog: for each threat, a minimal model where it must apply to a
// named target and one where it must apply to nothing (tests/threatmodel/conditions/*.yml).
#pragma once

#include <string>
#include <vector>

#include "threatmodel/catalog.h"

namespace quarry::threatmodel {

struct ConditionTestResult {
  std::string threat;
  std::string file;
  int line = 0;
  std::vector<std::string> failures;  // empty: passed
};

struct ConditionTestReport {
  std::vector<ConditionTestResult> results;
  std::vector<std::string> untested;  // catalog threats with no test
  std::vector<Finding> problems;      // test files that do not read
  int passed = 0;
  int failed = 0;
};

ConditionTestReport RunConditionTests(const Catalog& catalog,
                                      const std::vector<CatalogFile>& test_files);

}  // namespace quarry::threatmodel
