// EVTX from bytes: file header, chunks, records and binary XML, rendered as JSON or mapped
// straight onto events (the low bits of the size pick carving and the mapping).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "evtx/evtx_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  size_t pos = 0;
  quarry::evtx::FileReader reader(
      [&](char* buf, size_t n) -> quarry::Result<size_t> {
        size_t k = std::min(n, size - pos);
        std::memcpy(buf, data + pos, k);
        pos += k;
        return k;
      },
      quarry::evtx::ChunkOptions{size % 2 == 0, size % 4 < 2}, [](const quarry::evtx::Damage&) {});
  size_t total = 0;
  while (const quarry::evtx::Record* r = reader.Next()) {
    total += r->json.size();
    if (r->event != nullptr) total += r->event->size();
  }
  return total == static_cast<size_t>(-1) ? 1 : 0;
}
