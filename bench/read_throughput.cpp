// Reader-only throughput (no store): events/s and MB/s for one file, to separate parsing cost
// from storage cost in the ingest benchmark. Usage: read_throughput FILE
#include <chrono>
#include <cstdio>

#include "core/event.h"
#include "ingest/reader.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  auto reader = quarry::ingest::OpenReader(argv[1], {}, [](const quarry::Finding&) {});
  if (!reader.ok()) {
    std::fprintf(stderr, "%s\n", reader.status().message().c_str());
    return 3;
  }
  quarry::Event event;
  uint64_t events = 0, fields = 0;
  while ((*reader)->Next(event)) {
    ++events;
    fields += event.size();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double mb = static_cast<double>((*reader)->raw_position()) / 1e6;
  std::printf("%llu events, %llu fields, %.2f s, %.0f events/s, %.1f MB/s\n",
              static_cast<unsigned long long>(events), static_cast<unsigned long long>(fields),
              seconds, static_cast<double>(events) / seconds, mb / seconds);
  return 0;
}
