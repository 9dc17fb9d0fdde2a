// The ClickHouse filter of Sigma rules (detect/convert_clickhouse.h): what it reads, what it
// leaves open, and when it gives up on conditions. Whether it ever refuses an event the matcher
// accepts is checked against a cluster (tests/clickhouse/sigma_scan_clickhouse_test.cpp).
#include "detect/convert_clickhouse.h"

#include <gtest/gtest.h>

#include <fstream>
#include <memory>

#include "sigma/engine.h"
#include "test_util.h"

namespace quarry::testing {
namespace {

constexpr const char* kCmdkey = R"(title: cmdkey listing
id: 11111111-1111-4111-8111-111111111111
logsource:
  category: process_creation
  product: windows
detection:
  selection:
    Image|endswith: '\cmdkey.exe'
    CommandLine|contains:
      - ' /l'
      - ' -l'
  filter:
    ParentImage|endswith: '\trusted.exe'
  condition: selection and not filter
level: high
)";

constexpr const char* kLogon = R"(title: logon types
id: 22222222-2222-4222-8222-222222222222
logsource:
  product: windows
  service: security
detection:
  selection:
    EventID:
      - 4624
      - 4625
    LogonType: 10
  condition: selection
level: low
)";

constexpr const char* kInnerWildcard = R"(title: inner wildcard
id: 44444444-4444-4444-8444-444444444444
logsource:
  category: process_creation
  product: windows
detection:
  selection:
    Image|endswith: '\AppData\\*.exe'
  condition: selection
level: high
)";

constexpr const char* kKeywords = R"(title: keywords anywhere
id: 33333333-3333-4333-8333-333333333333
logsource:
  product: windows
detection:
  keywords:
    - 'mimikatz'
  condition: keywords
level: high
)";

std::unique_ptr<sigma::Engine> Load(const std::string& name,
                                    const std::vector<const char*>& rules) {
  auto dir = TempDir(name);
  for (size_t i = 0; i < rules.size(); ++i) {
    std::ofstream(dir / ("r" + std::to_string(i) + ".yml")) << rules[i];
  }
  auto engine = std::make_unique<sigma::Engine>();
  engine->AddPath(dir.string());
  engine->Finish();
  return engine;
}

std::vector<detect::StoreColumn> Columns(
    const std::vector<std::pair<std::string, ValueType>>& columns) {
  std::vector<detect::StoreColumn> out;
  out.reserve(columns.size());
  for (const auto& [name, type] : columns) out.push_back({name, type});
  return out;
}

const auto kSysmon = Columns({{"_eid", ValueType::kLong},
                              {"TimeGenerated", ValueType::kDateTime},
                              {"Channel", ValueType::kString},
                              {"EventID", ValueType::kLong},
                              {"Image", ValueType::kString},
                              {"CommandLine", ValueType::kString},
                              {"ParentImage", ValueType::kString}});

TEST(ClickHouseCandidates, GateAndConditionWithoutTheFilters) {
  auto engine = Load("chc_cmdkey", {kCmdkey});
  detect::CandidateFilter f =
      detect::ClickHouseCandidates(engine->rules(), "SysmonEvent", kSysmon, 100);
  ASSERT_FALSE(f.none);
  EXPECT_NE(f.gate.find("lower(\"Channel\") IN ('microsoft-windows-sysmon/operational')"),
            std::string::npos)
      << f.gate;
  EXPECT_NE(f.gate.find("\"EventID\" IN (1)"), std::string::npos) << f.gate;
  EXPECT_NE(f.condition.find("endsWith(lower(\"Image\"), '\\\\cmdkey.exe')"), std::string::npos)
      << f.condition;
  // The two values of one field: one regex, case-insensitive as a group (RE2 quoting).
  EXPECT_NE(f.condition.find(R"(match("CommandLine", '(?i:\\ \\-l|\\ \\/l)'))"), std::string::npos)
      << f.condition;
  // `not filter` never narrows the candidates.
  EXPECT_EQ(f.condition.find("ParentImage"), std::string::npos) << f.condition;
  EXPECT_FALSE(f.over_budget);
}

TEST(ClickHouseCandidates, ATableWithoutTheRulesFieldsIsNotRead) {
  auto engine = Load("chc_absent", {kCmdkey});
  auto columns = Columns({{"Channel", ValueType::kString},
                          {"EventID", ValueType::kLong},
                          {"TargetUserName", ValueType::kString}});
  EXPECT_TRUE(detect::ClickHouseCandidates(engine->rules(), "SecurityEvent", columns, 100).none);
  // Without a Channel column no Windows gate passes.
  auto no_channel = Columns({{"Image", ValueType::kString}, {"CommandLine", ValueType::kString}});
  EXPECT_TRUE(detect::ClickHouseCandidates(engine->rules(), "Custom", no_channel, 100).none);
}

TEST(ClickHouseCandidates, NumbersInANumberColumnAreCompared) {
  auto engine = Load("chc_numbers", {kLogon});
  auto columns = Columns({{"Channel", ValueType::kString},
                          {"EventID", ValueType::kLong},
                          {"LogonType", ValueType::kLong}});
  detect::CandidateFilter f =
      detect::ClickHouseCandidates(engine->rules(), "SecurityEvent", columns, 100);
  ASSERT_FALSE(f.none);
  EXPECT_NE(f.condition.find("\"EventID\" IN (4624, 4625)"), std::string::npos) << f.condition;
  EXPECT_NE(f.condition.find("lower(toString(\"LogonType\")) = '10'"), std::string::npos)
      << f.condition;
}

TEST(ClickHouseCandidates, WhatSqlCannotStateIsLeftOpen) {
  // Keywords search every field: the rule's gate passes every Windows event.
  auto engine = Load("chc_keywords", {kCmdkey, kKeywords});
  detect::CandidateFilter f =
      detect::ClickHouseCandidates(engine->rules(), "SysmonEvent", kSysmon, 100);
  ASSERT_FALSE(f.none);
  EXPECT_TRUE(f.condition.empty()) << f.condition;
}

TEST(ClickHouseCandidates, WildcardsInsideAreTestedPieceByPiece) {
  auto engine = Load("chc_inner", {kInnerWildcard});
  detect::CandidateFilter f =
      detect::ClickHouseCandidates(engine->rules(), "SysmonEvent", kSysmon, 100);
  ASSERT_FALSE(f.none);
  // 18.16 runs LIKE as a UTF-8 regex whose .* stops at other bytes: the pieces are tested alone.
  EXPECT_EQ(f.condition.find("LIKE"), std::string::npos) << f.condition;
  EXPECT_NE(f.condition.find(R"(positionCaseInsensitive("Image", '\\appdata\\') > 0)"),
            std::string::npos)
      << f.condition;
  EXPECT_NE(f.condition.find(R"(endsWith(lower("Image"), '.exe'))"), std::string::npos)
      << f.condition;
}

TEST(ClickHouseCandidates, OverTheBudgetTheGatesAloneFilter) {
  auto engine = Load("chc_budget", {kCmdkey});
  detect::CandidateFilter f =
      detect::ClickHouseCandidates(engine->rules(), "SysmonEvent", kSysmon, 1);
  ASSERT_FALSE(f.none);
  EXPECT_TRUE(f.over_budget);
  EXPECT_TRUE(f.condition.empty());
  EXPECT_FALSE(f.gate.empty());
}

}  // namespace
}  // namespace quarry::testing
