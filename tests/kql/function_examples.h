// The example of a function table entry (FunctionSpec::example) as a whole query, shared by the
// tests that bind, lower and run the examples.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "kql/function_table.h"

namespace quarry::testing {

// The rows the examples read: one, with these columns.
inline constexpr std::string_view kExampleRows =
    "datatable(x: long, Account: string, Computer: string, Duration: long, Failed: bool, "
    "TimeGenerated: datetime)[1, \"alice\", \"ws1\", 5, true, datetime(2024-05-01)]";

// A query that calls the function as its example does: in extend for a scalar function, in
// summarize for an aggregate (unnamed for those that name their several columns themselves).
inline std::string ExampleQuery(const kql::FunctionSpec& f) {
  if (f.kind == kql::FunctionKind::kScalar)
    return std::string(kExampleRows) + " | extend r = " + std::string(f.example);
  bool names_its_columns = f.name == "arg_max" || f.name == "arg_min" || f.name == "percentiles";
  return std::string(kExampleRows) + " | summarize " + (names_its_columns ? "" : "r = ") +
         std::string(f.example);
}

// The test name of a function in a suite instantiated over AllFunctions: its name.
inline std::string FunctionTestName(
    const ::testing::TestParamInfo<const kql::FunctionSpec*>& info) {
  return std::string(info.param->name);
}

}  // namespace quarry::testing
