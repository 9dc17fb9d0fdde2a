// Sigma rules from bytes: YAML, detections, modifiers and conditions, then a match against a
// fixed event so the compiled form is exercised too.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/event.h"
#include "sigma/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  quarry::sigma::RuleLoader loader;
  loader.AddText("fuzz.yml", std::string(reinterpret_cast<const char*>(data), size));
  quarry::sigma::Ruleset rules = loader.Finish();
  quarry::Event e;
  e.table = "fuzz";
  e.AddString("CommandLine", "powershell -enc SQBFAFgA /c whoami");
  e.AddString("Image", "C:\\Windows\\System32\\cmd.exe");
  e.AddString("SourceIp", "10.1.2.3");
  e.AddLong("EventID", 1);
  quarry::sigma::Matcher matcher(rules);
  return matcher.Match(e).size() > 1000000 ? 1 : 0;
}
