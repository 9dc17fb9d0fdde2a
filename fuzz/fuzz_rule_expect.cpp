// A rule tests folder's expect.yml from bytes (quarry rules test): whatever it holds comes back
// as findings with its file and line, never an exception, hang or crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "detect/rule_tests.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  quarry::detect::TestSpec spec;
  spec.dir = "x.tests";
  spec.expect_file = "x.tests/expect.yml";
  quarry::detect::Sample known;
  known.name = "positive/a.jsonl";
  known.path = "x.tests/positive/a.jsonl";
  spec.samples.push_back(known);
  quarry::detect::ParseExpect(std::string_view(reinterpret_cast<const char*>(data), size),
                              "/corpora", spec);
  for (const auto& p : spec.problems) {
    if (p.where.file != spec.expect_file) __builtin_trap();
  }
  return 0;
}
