// `quarry dump FILE.evtx`: the records of an EVTX file as evtx_dump-layout JSON, in file order.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "evtx/damage.h"
#include "evtx/evtx_reader.h"
#include "ingest/byte_source.h"

namespace quarry::cli {
namespace {

int DefaultThreads() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

struct DumpArgs {
  std::string path;
  std::string format = "jsonl";
  bool carve = false;
  int threads = 0;
};

int RunDump(const DumpArgs& args) {
  auto source = ingest::ByteSource::Open(args.path);
  if (!source.ok()) {
    PrintError(source.status().message());
    return kExitInput;
  }
  bool lost = false;
  int threads = args.threads > 0 ? args.threads : DefaultThreads();
  std::unique_ptr<evtx::DecodePool> pool;
  if (threads > 1) pool = std::make_unique<evtx::DecodePool>(threads);
  evtx::FileReader reader([&](char* buf, size_t n) { return (*source)->Read(buf, n); },
                          evtx::ChunkOptions{args.carve},
                          [&](const evtx::Damage& d) {
                            lost |= evtx::DamageLosesRecords(d.code);
                            std::cerr << "quarry: " << args.path << ": " << d.Where() << ": "
                                      << d.message << " [" << d.code << "]\n";
                          },
                          pool.get());
  std::string out;
  out.reserve(1 << 20);
  bool first = true;
  if (args.format == "json") out += "[";
  while (const evtx::Record* r = reader.Next()) {
    if (args.format == "json") {
      out += first ? "\n" : ",\n";
    }
    first = false;
    out += r->json;
    if (args.format == "jsonl") out += '\n';
    if (out.size() > (1 << 20) - 65536) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  if (args.format == "json") out += "\n]\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  return lost ? kExitInput : kExitOk;
}

}  // namespace

void RegisterDump(CLI::App& app, CommandResult& result) {
  auto args = std::make_shared<DumpArgs>();
  auto* cmd = app.add_subcommand(
      "dump",
      "Print the records of an EVTX file as JSON in the evtx_dump layout (what Hayabusa and "
      "Zircolite read)");
  cmd->add_option("FILE", args->path, "EVTX file (.evtx, or gzip-compressed)")->required();
  cmd->add_option("--format", args->format, "jsonl (one record per line) or json (an array)")
      ->check(CLI::IsMember({"jsonl", "json"}));
  cmd->add_flag("--carve", args->carve,
                "also recover old records left in the slack space of chunks");
  cmd->add_option("--threads", args->threads,
                  "threads decoding chunks (default: one per core); output stays in file order")
      ->check(CLI::Range(1, 256));
  cmd->footer(
      "Damage (checksum mismatches, bad chunks or records) is reported on stderr with the file "
      "offset, and reading goes on with the next record. Exit code 3 when records were lost.\n\n"
      "Example:\n  quarry dump Security.evtx --format jsonl | jq -c '.Event.System.EventID'");
  cmd->callback([args, &result] { result.exit_code = RunDump(*args); });
}

}  // namespace quarry::cli
