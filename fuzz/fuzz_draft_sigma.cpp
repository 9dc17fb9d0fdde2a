// A drafted query (what a language model or the built-in provider writes) turned into a Sigma
// rule: any text either converts or is refused with a message, and every rule it writes must
// load without a problem (a draft that converts and then fails to load would reach a person as
// a rule that cannot run).
#include <cstddef>
#include <cstdint>
#include <string>

#include "detect/draft_sigma.h"
#include "sigma/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  quarry::detect::RuleMeta meta;
  meta.title = "fuzz";
  meta.id = "00000000-0000-4000-8000-000000000001";
  meta.correlation_id = "00000000-0000-4000-8000-000000000002";
  meta.name = "fuzz_rule";
  meta.description = "fuzz";
  meta.author = "fuzz";
  meta.date = "2026-12-05";
  auto draft = quarry::detect::SigmaFromKql(text, meta);
  if (!draft.ok()) {
    if (draft.status().message().empty()) __builtin_trap();  // a refusal must say why
    return 0;
  }
  quarry::sigma::RuleLoader loader;
  loader.AddText("draft.yml", draft->yaml);
  quarry::sigma::Ruleset rules = loader.Finish();
  for (const auto& r : loader.results()) {
    if (!r.loaded) __builtin_trap();  // converted but does not load
  }
  return 0;
}
