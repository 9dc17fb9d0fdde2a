// `quarry dump FILE.evtx`: the records of an EVTX file as evtx_dump-layout JSON, in file order.
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/dump.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct DumpArgs {
  app::DumpRequest request;
  std::string format = "jsonl";
};

int RunDump(const DumpArgs& args) {
  const bool array = args.format == "json";
  std::string out;
  out.reserve(1 << 20);
  bool first = true;
  if (array) out += "[";
  auto report = app::DumpEvtx(
      args.request,
      [&](std::string_view json) {
        if (array) out += first ? "\n" : ",\n";
        first = false;
        out += json;
        if (!array) out += '\n';
        if (out.size() > (1 << 20) - 65536) {
          std::fwrite(out.data(), 1, out.size(), stdout);
          out.clear();
        }
      },
      [](const Finding& f) {
        std::cerr << "quarry: " << f.where.file << ": " << f.message << " [" << f.code << "]\n";
      });
  CommandResult failed;
  if (Failed(report.status(), failed)) return failed.exit_code;
  if (array) out += "\n]\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  return report->records_lost ? kExitInput : kExitOk;
}

}  // namespace

void RegisterDump(CLI::App& app, CommandResult& result) {
  auto args = std::make_shared<DumpArgs>();
  auto* cmd = app.add_subcommand(
      "dump",
      "Print the records of an EVTX file as JSON in the evtx_dump layout (what Hayabusa and "
      "Zircolite read)");
  cmd->add_option("FILE", args->request.path, "EVTX file (.evtx, or gzip-compressed)")->required();
  cmd->add_option("--format", args->format, "jsonl (one record per line) or json (an array)")
      ->check(CLI::IsMember({"jsonl", "json"}));
  cmd->add_flag("--carve", args->request.carve,
                "also recover old records left in the slack space of chunks");
  cmd->add_option("--threads", args->request.threads,
                  "threads decoding chunks (default: one per core); output stays in file order")
      ->check(CLI::Range(1, 256));
  cmd->footer(
      "Damage (checksum mismatches, bad chunks or records) is reported on stderr with the file "
      "offset, and reading goes on with the next record. Exit code 3 when records were lost.\n\n"
      "Example:\n  quarry dump Security.evtx --format jsonl | jq -c '.Event.System.EventID'");
  cmd->callback([args, &result] { result.exit_code = RunDump(*args); });
}

}  // namespace quarry::cli
