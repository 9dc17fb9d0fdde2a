// Detection descriptions read by the built-in provider's rule grammar
// (tests/assist/rule_descriptions/<case>/): description.txt drafts to expected.kql over a fixed
// catalog (no case values). QUARRY_UPDATE_GOLDEN=1 rewrites the expected files after a
// deliberate change; review the diff.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "assist/provider.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

fs::path CasesDir() {
  return SourceDir() / "tests" / "assist" / "rule_descriptions";
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(CasesDir())) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

kql::TableSchema Table(std::string name, std::vector<std::string> columns) {
  kql::TableSchema t;
  t.name = std::move(name);
  for (std::string& c : columns) {
    kql::Type type = c == "TimeGenerated" ? kql::Type::kDateTime : kql::Type::kString;
    if (c == "EventID" || c == "DestinationPort") type = kql::Type::kLong;
    if (c == "RequestParameters" || c == "AdditionalEventData" || c == "ResponseElements") {
      type = kql::Type::kDynamic;
    }
    t.columns.push_back({std::move(c), type});
  }
  return t;
}

const kql::Catalog& Catalog() {
  static const kql::Catalog catalog = [] {
    kql::Catalog c;
    c.Add(Table("SysmonEvent",
                {"TimeGenerated", "Computer", "EventID", "Image", "ParentImage", "CommandLine",
                 "OriginalFileName", "User", "TargetObject", "Details", "TargetFilename",
                 "QueryName", "SourceImage", "TargetImage", "GrantedAccess", "DestinationIp",
                 "DestinationPort", "DestinationHostname", "SourceUser"}));
    c.Add(Table(
        "SecurityEvent",
        {"TimeGenerated", "Computer", "EventID", "SubjectUserName", "TargetUserName", "IpAddress",
         "LogonType", "NewProcessName", "ParentProcessName", "CommandLine", "ProcessName",
         "ServiceName", "TicketEncryptionType", "MemberName", "TaskName", "TaskContent"}));
    c.Add(Table("WindowsEvent", {"TimeGenerated", "Computer", "EventID", "Channel", "Provider",
                                 "ServiceName", "ImagePath", "AccountName"}));
    c.Add(Table("AWSCloudTrail",
                {"TimeGenerated", "EventName", "EventSource", "UserIdentityUserName",
                 "UserIdentityArn", "UserIdentityType", "SourceIpAddress", "ErrorCode",
                 "RequestParameters", "ResponseElements", "AdditionalEventData"}));
    return c;
  }();
  return catalog;
}

class RuleDescription : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleDescription, DraftsAsExpected) {
  fs::path dir = CasesDir() / GetParam();
  std::string description = ReadFile(dir / "description.txt");
  while (!description.empty() && description.back() == '\n') description.pop_back();
  assist::DraftRequest request;
  request.question = description;
  request.catalog = &Catalog();
  request.detection = true;
  auto draft = assist::MakeBuiltinProvider()->Answer(request);
  ASSERT_TRUE(draft.ok()) << draft.status().message();
  std::string got = draft->query + "\n";
  if (std::getenv("QUARRY_UPDATE_GOLDEN") != nullptr) WriteFile(dir / "expected.kql", got);
  ASSERT_TRUE(fs::exists(dir / "expected.kql")) << "got:\n" << got;
  EXPECT_EQ(got, ReadFile(dir / "expected.kql")) << description;
}

// Found by fuzz_assist: a long run of capitals after a CamelCase start made the CamelCase
// pattern backtrack exponentially (the draft never finished).
TEST(RuleDescriptionInput, LongRunOfCapitalsIsReadInTime) {
  assist::DraftRequest request;
  request.question = "Innic" + std::string(4000, 'H') + "\xb1" + std::string(40, 'H') + " Ar";
  request.catalog = &Catalog();
  request.detection = true;
  auto draft = assist::MakeBuiltinProvider()->Answer(request);
  EXPECT_TRUE(draft.ok());
}

INSTANTIATE_TEST_SUITE_P(Cases, RuleDescription, ::testing::ValuesIn(CaseNames()),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace quarry::testing
