// libFuzzer target for the evidence readers. QUARRY_FUZZ_READER names the reader of the reader
// table that reads every input, or is "any" to let content sniffing choose; CMake builds one
// target per table entry (fuzz_reader_<name>).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/event.h"
#include "ingest/reader.h"
#include "ingest/reader_table.h"

namespace {

quarry::ingest::ReaderOptions Options() {
  quarry::ingest::ReaderOptions options;
  options.max_record_bytes = 4096;  // exercise the oversized-record paths too
  std::string_view name = QUARRY_FUZZ_READER;
  if (name != "any") {
    const quarry::ingest::ReaderEntry* reader = quarry::ingest::FindReader(name);
    if (reader == nullptr) {
      std::fprintf(stderr, "QUARRY_FUZZ_READER=%s is no reader of the reader table\n",
                   QUARRY_FUZZ_READER);
      std::abort();
    }
    options.format = reader->format;
  }
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const quarry::ingest::ReaderOptions options = Options();
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
