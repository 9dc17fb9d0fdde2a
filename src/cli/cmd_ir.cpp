// quarry ir: incident response over a case (process trees; more to come: sessions, clusters,
// claim verification, summaries).
#include <iostream>
#include <memory>

#include "app/timeline.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct TreesArgs {
  app::TimelineRequest request;
  std::string match;
  std::string format = "text";
};

void Trees(const TreesArgs& args, CommandResult& result) {
  auto forest = app::ProcessTrees(args.request);
  if (Failed(forest.status(), result)) return;
  if (args.format == "json") {
    std::cout << ir::ProcessForestJson(*forest) << "\n";
    return;
  }
  std::string text = ir::ProcessForestText(*forest, args.match);
  std::cout << text;
  if (!text.empty()) std::cout << "\n";
  std::cout << forest->nodes.size() << " process(es) in " << forest->roots.size() << " tree(s)"
            << (args.match.empty() ? "" : "; shown: the trees with '" + args.match + "'") << "\n";
}

}  // namespace

void RegisterIr(CLI::App& app, CommandResult& result) {
  auto* ir = app.add_subcommand("ir", "Incident response over a case: process trees");
  ir->require_subcommand(1);
  auto args = std::make_shared<TreesArgs>();
  auto* trees = ir->add_subcommand(
      "trees",
      "Process trees: Sysmon process creations linked by ProcessGuid, Security 4688 events by "
      "process id on the same host (the latest process with that id started before the "
      "child). Each process has an id to cite: P:<_eid of the event that started it>, or "
      "P:<host>:<guid or pid> for a parent seen only as a parent");
  auto& r = args->request;
  trees->add_option("--case", r.case_dir, "Case directory")->required();
  trees->add_option("--host", r.host, "Only this host (WS01 also matches WS01.corp.example)");
  trees->add_option("--from", r.from, "Only processes started at or after this time (ISO 8601)");
  trees->add_option("--to", r.to, "Only processes started at or before this time (ISO 8601)");
  trees->add_option("--match", args->match,
                    "Only the trees holding a process whose image or command line contains this");
  trees->add_option("--format", args->format, "text (indented trees) or json")
      ->check(CLI::IsMember({"text", "json"}));
  trees->footer(
      "Examples:\n"
      "  quarry ir trees --case ./case --host WS01 --match powershell\n"
      "  quarry ir trees --case ./case --format json > trees.json");
  trees->callback([args, &result] { Trees(*args, result); });
}

}  // namespace quarry::cli
