// `quarry scan` (Sigma rules over evidence) and `quarry rules check` (which rules load).
#include <iostream>
#include <memory>

#include "app/render.h"
#include "app/scan.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct ScanArgs {
  app::ScanRequest request;
  std::string format = "table";
  bool quiet = false;
};

// Rules that do not load: the first few, then a count; damaged input: each, unless --quiet.
class FindingPrinter {
 public:
  explicit FindingPrinter(bool quiet) : quiet_(quiet) {}
  void operator()(const Finding& f) {
    if (quiet_) return;
    if (f.code == "sigma.rule_not_loaded" && ++not_loaded_ > kShown) return;
    std::cerr << "quarry: "
              << (f.code == "sigma.rule_not_loaded" ? "rule not loaded: " + f.message
                                                    : f.ToString())
              << '\n';
  }
  void Finish() const {
    if (quiet_ || not_loaded_ <= kShown) return;
    std::cerr << "quarry: " << not_loaded_
              << " rules not loaded in all; `quarry rules check` lists them with the reason\n";
  }

 private:
  static constexpr size_t kShown = 5;
  bool quiet_;
  size_t not_loaded_ = 0;
};

void RunScan(const ScanArgs& args, CommandResult& result) {
  auto format = ParseOutputFormat(args.format);
  if (!format.ok()) {
    PrintError(format.status().message());
    result.exit_code = kExitUsage;
    return;
  }
  app::AlertWriter writer(*format, std::cout);
  FindingPrinter findings(args.quiet);
  app::ScanSinks sinks;
  sinks.on_alert = [&](const app::AlertView& a) { writer.Write(a); };
  sinks.on_finding = [&](const Finding& f) { findings(f); };
  auto report = app::Scan(args.request, sinks);
  findings.Finish();
  if (Failed(report.status(), result)) return;
  writer.Finish(*report);
  if (!args.request.case_dir.empty() && !args.quiet) {
    if (report->alerts_already_stored) {
      std::cerr << "quarry: this scan (same rules, same evidence) is already in the case's "
                   "Alerts table; nothing added\n";
    } else {
      std::cerr << "quarry: " << report->alerts_stored << " alert(s) stored in table Alerts of "
                << args.request.case_dir << '\n';
    }
  }
  if (report->damaged_input()) result.exit_code = kExitInput;
}

}  // namespace

void RegisterScan(CLI::App& app, CommandResult& result) {
  auto args = std::make_shared<ScanArgs>();
  auto* cmd = app.add_subcommand("scan", "Run Sigma rules over evidence files and folders");
  cmd->add_option("PATH", args->request.paths, "Evidence files or folders (EVTX, JSON, CSV, …)");
  cmd->add_option("--case", args->request.case_dir,
                  "Scan the events of this case instead, and store the alerts in its Alerts table");
  cmd->add_option("--rules", args->request.rules.paths, "Sigma rule files or folders (repeatable)")
      ->required();
  cmd->add_option("--format", args->format,
                  "table (timeline head and summary), jsonl, json or csv (the whole timeline)")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv"}));
  cmd->add_option("--min-level", args->request.min_level,
                  "Only rules of this level or above: informational, low, medium, high, critical");
  cmd->add_option("--status", args->request.statuses,
                  "Only rules with this status (repeatable): stable, test, experimental, …");
  cmd->add_option("--tag", args->request.tags,
                  "Only rules with this tag (repeatable), e.g. attack.t1003");
  cmd->add_option("--rule", args->request.rule_ids,
                  "Only the rule with this id or name (repeatable)");
  cmd->add_option("--from", args->request.from, "Only events at or after this time (ISO 8601)");
  cmd->add_option("--to", args->request.to, "Only events before this time (ISO 8601)");
  cmd->add_option("--threads", args->request.threads,
                  "Threads reading and matching (default: one per core for files, 1 for a case); "
                  "alerts, offsets and warnings keep input order whatever the count")
      ->check(CLI::Range(size_t{1}, size_t{256}));
  cmd->add_flag("-q,--quiet", args->quiet, "No per-problem messages");
  cmd->add_option("--mapping", args->request.rules.mapping_file,
                  "Logsource mapping file adding services and categories (see docs/cli.md)");
  cmd->add_option("--placeholder", args->request.rules.placeholders,
                  "Value of an expand placeholder, NAME=VALUE (repeatable; several values OR)");
  cmd->footer(
      "Rules are gated by their logsource (Sysmon categories and Windows services to channels and\n"
      "event ids, process_creation also on Security 4688 with its field names). Rules that do not\n"
      "load are reported; `quarry rules check` lists every one with the reason.\n\n"
      "--min-level, --status, --tag and --rule select rules before they are compiled: only\n"
      "their alerts are shown and stored. A selected correlation still reads the rules it refers\n"
      "to, without showing their alerts. ATT&CK tactic names come from the ATT&CK catalog\n"
      "(QUARRY_CATALOGS, or the shared corpora's catalogs folder).\n\n"
      "Exit codes: 0 scanned everything; 3 some input was damaged or unreadable; 2 usage error.\n\n"
      "Examples:\n"
      "  quarry scan ./evidence --rules rules/ --min-level high\n"
      "  quarry scan Security.evtx --rules sigma/rules/windows --format jsonl > alerts.jsonl\n"
      "  quarry scan --case ./case --rules rules/   # alerts also land in the case's Alerts table");
  cmd->callback([args, &result] { RunScan(*args, result); });
}

}  // namespace quarry::cli
