// KQL from bytes: lexer and parser (any input must end in a tree or a syntax error with a span
// inside the text), and the tree's dump.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kql/ast.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  quarry::kql::ParseResult result = quarry::kql::Parse(text);
  if (!result.ok && (result.error.span.begin > size || result.error.span.end > size ||
                     result.error.span.begin > result.error.span.end)) {
    __builtin_trap();  // a span outside the text would send messages past the query
  }
  if (result.ok) return quarry::kql::Dump(result.script).empty() ? 1 : 0;
  return 0;
}
