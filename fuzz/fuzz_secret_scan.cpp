// libFuzzer target for the secret scanner: any bytes scanned as a file with the built-in rules,
// as a report would and as the redactor does, without a crash or a hang; every finding lies
// inside the text at the line and column its offset gives.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "secrets/rule_set.h"
#include "secrets/scanner.h"

namespace {

using quarry::secrets::Scanner;

void Check(std::string_view text, const std::vector<quarry::secrets::SecretFinding>& found) {
  for (const auto& f : found) {
    if (f.offset + f.length > text.size() || f.length == 0) std::abort();
    std::string_view before = text.substr(0, f.offset);
    uint64_t line = 1 + static_cast<uint64_t>(std::count(before.begin(), before.end(), '\n'));
    size_t nl = before.rfind('\n');
    uint64_t column = f.offset - (nl == std::string_view::npos ? 0 : nl + 1) + 1;
    if (f.line != line || f.column != column) std::abort();
    if (f.encoding.empty() && text.substr(f.offset, f.length) != f.secret) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quarry::secrets;
  static const auto kReport = Scanner::Create(BuiltInRules().set);
  static const auto kRedact = [] {
    ScanOptions options;
    options.redaction = true;
    options.merge_overlaps = false;
    options.long_line = 256;  // exercises the windows of long lines on small inputs
    return Scanner::Create(BuiltInRules().set, options);
  }();
  if (!kReport.ok() || !kRedact.ok()) std::abort();
  static auto report_scratch = (*kReport)->NewScratch();
  static auto redact_scratch = (*kRedact)->NewScratch();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<SecretFinding> found;
  (*kReport)->Scan(text, "fuzz/input.txt", *report_scratch, found);
  Check(text, found);
  found.clear();
  (*kRedact)->Scan(text, "", *redact_scratch, found);
  Check(text, found);
  return 0;
}
