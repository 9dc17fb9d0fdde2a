// Sigma rules from bytes: YAML, detections, modifiers and conditions, then a match against a
// fixed event so the compiled form is exercised too. Inputs starting with 'Q' are read as a
// compiled-rule cache file instead (RulesetCodec), which must refuse what it cannot trust.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
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
  quarry::sigma::Matcher matcher(rules);
  return matcher.Match(e).size() > 1000000 ? 1 : 0;
}
