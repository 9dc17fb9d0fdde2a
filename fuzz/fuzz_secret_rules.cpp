// libFuzzer target for secret rule files: any text is read as Quarry's rule format and as a
// gitleaks configuration; whatever rules load are compiled into a scanner that runs their own
// examples and a fixed text, without a crash or a hang, and every finding lies inside its text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "secrets/examples.h"
#include "secrets/rule_set.h"
#include "secrets/scanner.h"

namespace {

void Exercise(const quarry::secrets::LoadedRules& loaded) {
  using namespace quarry::secrets;
  if (loaded.set.rules.size() > 64) return;  // keeps each input fast
  auto scanner = Scanner::Create(loaded.set);
  if (!scanner.ok()) return;
  auto scratch = (*scanner)->NewScratch();
  static const std::string kText =
      "TOKEN=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\npassword = \"Vq8Lm2Zr5tWx9Kp\"\n"
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n";
  std::vector<SecretFinding> found;
  (*scanner)->Scan(kText, "config/app.env", *scratch, found);
  for (const auto& f : found) {
    if (f.offset + f.length > kText.size() || f.line == 0 || f.column == 0) std::abort();
  }
  ExampleReport report = TestRuleExamples(loaded.set);
  if (report.rules != loaded.set.rules.size()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quarry::secrets;
  std::string text(reinterpret_cast<const char*>(data), size);
  LoadedRules ours;
  ReadQuarryRules(text, "fuzz.toml", ours);
  Exercise(ours);
  LoadedRules gitleaks;
  ReadGitleaksText(text, "/nonexistent/fuzz/gitleaks.toml", gitleaks);
  Exercise(gitleaks);
  return 0;
}
