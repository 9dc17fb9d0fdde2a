// libFuzzer target for what `quarry review` reads from outside: any text as a unified diff
// (files, hunks, the new side rebuilt from them, every pattern rule over it) and as the
// findings a model or an agent claims, each verified against a small fixed change. Nothing may
// crash or hang, and every finding must point inside its file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "review/claimed.h"
#include "review/code_view.h"
#include "review/cwe.h"
#include "review/diff.h"
#include "review/input.h"
#include "review/rules.h"
#include "review/symbols.h"
#include "review/verify.h"

namespace {

using namespace quarry::review;

ReviewInput FixedChange() {
  ReviewInput input;
  input.root = "/nonexistent/quarry-fuzz";
  ReviewedFile file;
  file.path = "app.py";
  file.language = Language::kPython;
  file.text =
      "import os\n\ndef run(request):\n    cmd = request.args['c']\n    os.system('ls ' + cmd)\n"
      "    return cursor.execute(f\"SELECT * FROM t WHERE a = {cmd}\")\n";
  file.all_changed = false;
  file.changed = {4, 5, 6};
  input.files.push_back(file);
  return input;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  DiffParse parsed = ParseUnifiedDiff(text, "fuzz.diff");
  ReviewInput input;
  input.root = "/nonexistent/quarry-fuzz";
  AddDiffFiles(parsed, "fuzz.diff", "/nonexistent/quarry-fuzz", false, input);
  for (const auto& file : input.files) {
    for (const auto& f : RunPatternRules(BuiltInPatternRules(), file))
      if (f.finding.where.line == 0 || f.finding.where.line > file.LineCount() + 1) std::abort();
  }
  for (Language language :
       {Language::kC, Language::kPython, Language::kJavaScript, Language::kJava}) {
    CodeView view = MakeCodeView(text, language);
    if (view.code.size() != text.size()) std::abort();
  }
  static const ReviewInput kChange = FixedChange();
  ClaimedFindings claimed = ReadClaimedFindings(text, "model", "fuzz.json");
  SymbolIndex symbols;
  for (const auto& file : kChange.files) symbols.AddIdentifiers(file.text);
  VerifyFindings(claimed.findings, kChange, symbols, CweTable::BuiltIn());
  for (const auto& f : claimed.findings)
    if (f.status != Verdict::kRejected && f.finding.where.line > kChange.files[0].LineCount())
      std::abort();
  MergeFindings(std::move(claimed.findings), CweTable::BuiltIn());
  return 0;
}
