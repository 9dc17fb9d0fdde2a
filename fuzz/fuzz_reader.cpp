// libFuzzer target for the evidence readers. QUARRY_FUZZ_FORMAT picks the reader at build time
// (json, csv, auditd, syslog) or, when 0, lets content sniffing choose.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/event.h"
#include "ingest/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  quarry::ingest::ReaderOptions options;
  options.max_record_bytes = 4096;  // exercise the oversized-record paths too
  options.format = static_cast<quarry::ingest::Format>(QUARRY_FUZZ_FORMAT);
  std::string bytes(reinterpret_cast<const char*>(data), size);
  auto reader = quarry::ingest::OpenReaderFromMemory("fuzz.input", std::move(bytes), options,
                                                     [](const quarry::Finding&) {});
  if (!reader.ok()) return 0;
  quarry::Event event;
  size_t events = 0;
  while ((*reader)->Next(event)) {
    for (const auto& f : event.fields()) (void)f.value.ToText();
    if (++events > 100000) break;
  }
  return 0;
}
