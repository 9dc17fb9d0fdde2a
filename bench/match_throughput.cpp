// Matcher-only throughput: events are read into memory first, so the timed loop is the Sigma
// matcher alone (no parsing, no output). Separates matching cost from reading cost in the scan
// benchmark. Usage: match_throughput RULES_DIR FILE [MAX_EVENTS] [PASSES]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/allocator.h"
#include "core/event.h"
#include "ingest/reader.h"
#include "sigma/loader.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s RULES_DIR FILE [MAX_EVENTS] [PASSES]\n", argv[0]);
    return 2;
  }
  quarry::KeepFreedMemoryForReuse();
  size_t max_events = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 200000;
  int passes = argc > 4 ? std::atoi(argv[4]) : 3;
  quarry::sigma::RuleLoader loader;
  loader.AddPath(argv[1]);
  quarry::sigma::Ruleset rules = loader.Finish();
  auto reader = quarry::ingest::OpenReader(argv[2], {}, [](const quarry::Finding&) {});
  if (!reader.ok()) {
    std::fprintf(stderr, "%s\n", reader.status().message().c_str());
    return 3;
  }
  std::vector<quarry::Event> events;
  quarry::Event event;
  while (events.size() < max_events && (*reader)->Next(event)) events.push_back(event);
  quarry::sigma::Matcher matcher(rules);
  for (int pass = 0; pass < passes; ++pass) {
    uint64_t matches = 0;
    auto start = std::chrono::steady_clock::now();
    for (const auto& e : events) matches += matcher.Match(e).size();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%zu rules, %zu events, %llu matches, %.3f s, %.0f events/s, %.2f us/event\n",
                rules.rules().size(), events.size(), static_cast<unsigned long long>(matches),
                seconds, static_cast<double>(events.size()) / seconds,
                seconds * 1e6 / static_cast<double>(events.size()));
  }
  return 0;
}
