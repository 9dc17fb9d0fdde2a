// libFuzzer target for time parsing: every accepted text must format and re-parse to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/time.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto t = quarry::ParseIsoTime(text);
  if (!t) return 0;
  auto again = quarry::ParseIsoTime(quarry::FormatIsoTime(*t));
  if (!again || again->ticks != t->ticks) std::abort();
  return 0;
}
