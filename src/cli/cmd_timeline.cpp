// quarry timeline: every table of the case and its alerts in time order, with pivots.
#include <iostream>
#include <memory>

#include "app/timeline.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

struct TimelineArgs {
  app::TimelineRequest request;
  std::string format = "table";
  size_t width = 180;
};

void Run(const TimelineArgs& args, CommandResult& result) {
  auto format = app::ParseTimelineFormat(args.format);
  if (Failed(format.status(), result)) return;
  if (*format == app::TimelineFormat::kCsv) std::cout << app::TimelineCsvHeader() << "\n";
  if (*format == app::TimelineFormat::kTable) std::cout << app::TimelineTextHeader() << "\n";
  auto stats = app::Timeline(args.request, [&](const ir::TimelineEntry& e) {
    switch (*format) {
      case app::TimelineFormat::kTable:
        std::cout << app::TimelineTextLine(e, args.width);
        break;
      case app::TimelineFormat::kJsonl:
        std::cout << app::TimelineJsonLine(e);
        break;
      case app::TimelineFormat::kCsv:
        std::cout << app::TimelineCsvLine(e);
        break;
      case app::TimelineFormat::kTimesketch:
        std::cout << app::TimesketchLine(e);
        break;
    }
    std::cout << "\n";
    return static_cast<bool>(std::cout);
  });
  if (Failed(stats.status(), result)) return;
  // The summary goes where it cannot spoil machine output.
  std::ostream& note = *format == app::TimelineFormat::kTable ? std::cout : std::cerr;
  if (*format == app::TimelineFormat::kTable) note << "\n";
  note << stats->entries << " entr" << (stats->entries == 1 ? "y" : "ies") << " from "
       << stats->tables << " table(s)"
       << (stats->truncated ? "; stopped at --limit " + std::to_string(args.request.limit) : "")
       << "\n";
}

}  // namespace

void RegisterTimeline(CLI::App& app, CommandResult& result) {
  auto args = std::make_shared<TimelineArgs>();
  auto* cmd = app.add_subcommand(
      "timeline",
      "Every table of the case and its alerts in one timeline, ordered by time, one line per "
      "event with what a responder reads first; narrowed by time, host, user, process or IP");
  auto& r = args->request;
  cmd->add_option("--case", r.case_dir, "Case directory")->required();
  cmd->add_option("--from", r.from, "Only events at or after this time (ISO 8601, UTC)");
  cmd->add_option("--to", r.to, "Only events at or before this time (ISO 8601, UTC)");
  cmd->add_option("--host", r.host,
                  "Only this host (Computer; WS01 also matches WS01.corp.example)");
  cmd->add_option("--user", r.user,
                  "Only events whose user columns (TargetUserName, SubjectUserName, User, the "
                  "CloudTrail identity, ...) contain this, any case");
  cmd->add_option("--process", r.process,
                  "Only events whose process columns (Image, NewProcessName, ParentImage, "
                  "CommandLine, ...) contain this, any case");
  cmd->add_option("--ip", r.ip, "Only events with this address in an IP column");
  cmd->add_option("--around", r.around, "Only events within --window of this event's time (_eid)");
  cmd->add_option("--window", r.window, "With --around: the span on each side (default 10m)");
  cmd->add_flag("--alerts-only", r.alerts_only, "Only the alerts stored by quarry scan");
  cmd->add_flag("--no-alerts", r.no_alerts, "Only events, not the alerts");
  cmd->add_option("--limit", r.limit, "Stop after this many entries (default: all)");
  cmd->add_flag("--secrets", r.secrets,
                "Only events holding a credential (the rules of quarry secrets), each marked "
                "with the rules that found it");
  cmd->add_option("--format", args->format,
                  "table (default), jsonl, csv, or timesketch (JSONL with message, datetime, "
                  "timestamp and timestamp_desc, for Timesketch's importer)");
  cmd->add_option("--width", args->width, "table: cut lines to this many characters (0: never)");
  cmd->footer(
      "Examples:\n"
      "  quarry timeline --case ./case\n"
      "  quarry timeline --case ./case --host WS01 --from 2026-03-14T08:00:00Z --to "
      "2026-03-14T09:00:00Z\n"
      "  quarry timeline --case ./case --around 1000000042 --window 5m\n"
      "  quarry timeline --case ./case --user alice --format jsonl > alice.jsonl\n"
      "  quarry timeline --case ./case --format timesketch > case.jsonl   # import into "
      "Timesketch\n"
      "A filter a table cannot match (a host filter on CloudTrail, say) leaves that table out.");
  cmd->callback([args, &result] { Run(*args, result); });
}

}  // namespace quarry::cli
