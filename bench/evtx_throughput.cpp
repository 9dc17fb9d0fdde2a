// EVTX decoding throughput (binary XML to evtx_dump JSON, no output written): events/s and MB/s
// over a list of files held in memory, so disk speed does not enter. CPU time is reported
// beside wall time to give the per-core rate.
// Usage: evtx_throughput [--threads N] [--repeat R] FILE... (or @LIST, one path per line)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/allocator.h"
#include "evtx/evtx_reader.h"

namespace {

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto secs = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return secs(usage.ru_utime) + secs(usage.ru_stime);
}

bool AddPaths(const std::string& arg, std::vector<std::string>& paths) {
  if (arg.empty() || arg[0] != '@') {
    paths.push_back(arg);
    return true;
  }
  std::ifstream list(arg.substr(1));
  if (!list) return false;
  for (std::string line; std::getline(list, line);) {
    if (!line.empty()) paths.push_back(line);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  quarry::KeepFreedMemoryForReuse();
  int threads = 1;
  int repeat = 1;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      threads = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
    } else if (!AddPaths(argv[i], paths)) {
      std::fprintf(stderr, "cannot read list %s\n", argv[i]);
      return 2;
    }
  }
  if (paths.empty() || threads < 1 || repeat < 1) {
    std::fprintf(stderr, "usage: %s [--threads N] [--repeat R] FILE... | @LIST\n", argv[0]);
    return 2;
  }
  std::vector<std::string> files;
  uint64_t bytes = 0;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary | std::ios::ate);
    std::string data(static_cast<size_t>(in.tellg()), '\0');
    in.seekg(0);
    in.read(data.data(), static_cast<std::streamsize>(data.size()));
    bytes += data.size();
    files.push_back(std::move(data));
  }
  uint64_t records = 0, json_bytes = 0, damage = 0;
  std::unique_ptr<quarry::evtx::DecodePool> pool;
  if (threads > 1) pool = std::make_unique<quarry::evtx::DecodePool>(threads);
  double cpu_start = CpuSeconds();
  auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < repeat; ++r) {
    for (const auto& data : files) {
      size_t pos = 0;
      quarry::evtx::FileReader reader(
          [&](char* buf, size_t n) -> quarry::Result<size_t> {
            size_t take = std::min(n, data.size() - pos);
            std::memcpy(buf, data.data() + pos, take);
            pos += take;
            return take;
          },
          {}, [&](const quarry::evtx::Damage&) { ++damage; }, pool.get());
      while (const quarry::evtx::Record* rec = reader.Next()) {
        ++records;
        json_bytes += rec->json.size();
      }
    }
  }
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu = CpuSeconds() - cpu_start;
  double mb = static_cast<double>(bytes) * repeat / 1e6;
  std::printf(
      "files=%zu threads=%d records=%llu input_mb=%.1f json_mb=%.1f damage=%llu wall_s=%.3f "
      "cpu_s=%.3f events_per_s=%.0f mb_per_s=%.1f events_per_cpu_s=%.0f\n",
      files.size(), threads, static_cast<unsigned long long>(records), mb,
      static_cast<double>(json_bytes) / 1e6, static_cast<unsigned long long>(damage), wall, cpu,
      static_cast<double>(records) / wall, mb / wall, static_cast<double>(records) / cpu);
  return 0;
}
