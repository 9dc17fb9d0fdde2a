// Sigma rules from bytes: YAML, detections, modifiers and conditions, then a match against a
// fixed event so the compiled form is exercised too. Inputs starting with 'Q' are read as a
// compiled-rule cache file instead (RulesetCodec), which must refuse what it cannot trust.
// Whatever compiles is also written as the ClickHouse filter of a scan (any nesting, any value).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "detect/convert_clickhouse.h"
#include "sigma/loader.h"
#include "sigma/ruleset_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  quarry::sigma::Ruleset rules;
  if (size > 0 && data[0] == 'Q') {
    std::vector<quarry::sigma::RuleLoad> results;
    std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (!quarry::sigma::RulesetCodec::Decode(bytes, rules, results)) return 0;
    rules.Finish();
  } else {
    quarry::sigma::RuleLoader loader;
    loader.AddText("fuzz.yml", std::string(reinterpret_cast<const char*>(data), size));
    rules = loader.Finish();
  }
  quarry::Event e;
  e.table = "fuzz";
  e.AddString("CommandLine", "powershell -enc SQBFAFgA /c whoami");
  e.AddString("Image", "C:\\Windows\\System32\\cmd.exe");
  e.AddString("SourceIp", "10.1.2.3");
  e.AddLong("EventID", 1);
  const std::vector<quarry::detect::StoreColumn> columns = {
      {"Channel", quarry::ValueType::kString},     {"EventID", quarry::ValueType::kLong},
      {"CommandLine", quarry::ValueType::kString}, {"commandline", quarry::ValueType::kDynamic},
      {"Image", quarry::ValueType::kLong},         {"SourceIp", quarry::ValueType::kReal}};
  for (const char* table : {"SysmonEvent", "fuzz"}) {
    auto filter = quarry::detect::ClickHouseCandidates(rules, table, columns, 64);
    if (filter.none && !filter.condition.empty()) __builtin_trap();
  }
  quarry::sigma::Matcher matcher(rules);
  return matcher.Match(e).size() > 1000000 ? 1 : 0;
}
