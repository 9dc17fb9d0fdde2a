#include <iostream>
#include <memory>

#include "app/ingest_job.h"
#include "app/render.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "core/strings.h"

namespace quarry::cli {

void PrintError(const std::string& message) {
  std::cerr << "quarry: error: " << message << '\n';
}

namespace {

struct IngestArgs {
  std::vector<std::string> paths;
  std::string case_dir;
  std::string format = "table";
  size_t batch_size = 25000;
  size_t max_record_mib = 16;
  size_t show_findings = 10;
  size_t threads = 1;
  bool carve = false;
  bool quiet = false;
};

std::string TablesSummary(const std::map<std::string, int64_t>& tables) {
  std::string out;
  for (const auto& [name, n] : tables) {
    if (!out.empty()) out += ", ";
    out += name + " " + std::to_string(n);
  }
  return out;
}

void PrintHuman(const app::IngestReport& report, const std::string& case_dir) {
  int64_t files_new = 0, files_known = 0, files_failed = 0, skipped = 0;
  for (const auto& f : report.files) {
    std::string detail;
    switch (f.state) {
      case app::FileOutcome::State::kUnreadable:
        ++files_failed;
        detail = f.error;
        break;
      case app::FileOutcome::State::kAlreadyInCase:
        ++files_known;
        detail = std::to_string(f.events) + " events already in the case";
        break;
      default:
        ++files_new;
        detail = f.format + ", " + std::to_string(f.events_added) + " events";
        if (!f.tables.empty()) detail += " -> " + TablesSummary(f.tables);
        if (f.skipped) detail += ", " + std::to_string(f.skipped) + " records skipped";
        if (f.repaired) detail += ", " + std::to_string(f.repaired) + " repaired";
        if (f.damaged) detail += ", file cut short";
    }
    skipped += f.skipped;
    std::cout << app::FileStateName(f.state) << "  " << f.path << "  (" << detail << ")\n";
  }
  double rate = report.seconds > 0 ? static_cast<double>(report.events_added) / report.seconds : 0;
  std::cout
      << "\n"
      << report.events_added << " events added to " << case_dir << " from " << files_new
      << " file(s) in "
      << Value::Real(static_cast<double>(static_cast<int64_t>(report.seconds * 100)) / 100).ToText()
      << " s (" << static_cast<int64_t>(rate) << " events/s)";
  if (files_known) std::cout << "; " << files_known << " file(s) already in the case";
  if (files_failed) std::cout << "; " << files_failed << " file(s) not ingested";
  if (skipped) std::cout << "; " << skipped << " damaged record(s) skipped";
  std::cout << "\n";
  if (report.anything_skipped()) {
    std::cout << "Some input was not read whole: see the messages above (exit code 3).\n";
  }
}

Table FilesTable(const app::IngestReport& report) {
  Table out;
  out.columns = {"path",    "state",    "format",   "sha256",  "events", "events_added",
                 "skipped", "repaired", "findings", "damaged", "error",  "tables"};
  for (const auto& f : report.files) {
    out.rows.push_back({Value::String(f.path), Value::String(app::FileStateName(f.state)),
                        Value::String(f.format), Value::String(f.sha256), Value::Long(f.events),
                        Value::Long(f.events_added), Value::Long(f.skipped),
                        Value::Long(f.repaired), Value::Long(f.findings), Value::Bool(f.damaged),
                        Value::String(f.error), Value::String(TablesSummary(f.tables))});
  }
  return out;
}

std::string ReportJson(const app::IngestReport& report, const std::string& case_dir) {
  std::string out = "{\"case\":";
  AppendJsonString(out, case_dir);
  out += ",\"events_added\":" + std::to_string(report.events_added);
  out += ",\"seconds\":" + Value::Real(report.seconds).ToText();
  out += ",\"complete\":";
  out += report.anything_skipped() ? "false" : "true";
  out += ",\"files\":[";
  for (size_t i = 0; i < report.files.size(); ++i) {
    const auto& f = report.files[i];
    if (i) out += ',';
    out += "{\"path\":";
    AppendJsonString(out, f.path);
    out += ",\"state\":";
    AppendJsonString(out, app::FileStateName(f.state));
    out += ",\"format\":";
    AppendJsonString(out, f.format);
    out += ",\"sha256\":";
    AppendJsonString(out, f.sha256);
    out += ",\"events\":" + std::to_string(f.events);
    out += ",\"events_added\":" + std::to_string(f.events_added);
    out += ",\"skipped\":" + std::to_string(f.skipped);
    out += ",\"repaired\":" + std::to_string(f.repaired);
    out += ",\"findings\":" + std::to_string(f.findings);
    out += ",\"damaged\":";
    out += f.damaged ? "true" : "false";
    if (!f.error.empty()) {
      out += ",\"error\":";
      AppendJsonString(out, f.error);
    }
    out += ",\"tables\":{";
    bool first = true;
    for (const auto& [name, n] : f.tables) {
      if (!first) out += ',';
      first = false;
      AppendJsonString(out, name);
      out += ':' + std::to_string(n);
    }
    out += "}}";
  }
  out += "],\"path_errors\":[";
  for (size_t i = 0; i < report.path_errors.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(out, report.path_errors[i].ToString());
  }
  out += "]}";
  return out;
}

}  // namespace

void RegisterIngest(CLI::App& app, CommandResult& result) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand("ingest", "Read evidence files and folders into a case");
  cmd->add_option("paths", args->paths,
                  "Files or folders (searched recursively); .gz is read transparently")
      ->required();
  cmd->add_option("--case", args->case_dir, "Case directory (created if missing)")->required();
  cmd->add_option("--format", args->format,
                  "Report format: table (per file, then a summary), json (one report object), or "
                  "jsonl/csv (one row per file)")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv"}));
  cmd->add_option("--batch-size", args->batch_size, "Events per committed batch")
      ->check(CLI::Range(size_t{1}, size_t{10'000'000}));
  cmd->add_option("--max-record-size", args->max_record_mib,
                  "Largest record kept, in MiB; larger ones are reported and skipped")
      ->check(CLI::Range(size_t{1}, size_t{1024}));
  cmd->add_option("--show-findings", args->show_findings,
                  "Problems printed per file before summarising");
  cmd->add_option("--threads", args->threads,
                  "1: parse and store on one thread; N > 1: parse ahead on a second thread "
                  "and decode EVTX chunks on N threads")
      ->check(CLI::Range(size_t{1}, size_t{64}));
  cmd->add_flag("--carve", args->carve,
                "EVTX: also recover old records left in the slack space of chunks");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress bar and no per-problem messages");
  cmd->footer(
      "Formats are recognised by content: Windows EVTX (damaged chunks and records are "
      "reported and\n"
      "skipped), evtx_dump-style JSON (one object per line, pretty-printed or concatenated), "
      "flat\n"
      "JSON lines (NXLog, winlogbeat, Sentinel exports), JSON arrays, AWS CloudTrail\n"
      "({\"Records\":[...]} or one record per line), CSV with a header, syslog and auditd. "
      "Gzip is\n"
      "read transparently. An EVTX file and its evtx_dump JSON give the same rows.\n"
      "A file already in the case (same SHA-256) adds nothing; an interrupted ingest resumes "
      "where\n"
      "its last committed batch ended when the same command is run again.\n\n"
      "Exit codes: 0 everything was read; 3 something was skipped (damaged records, unreadable\n"
      "files), the rest was ingested; 2 usage error.\n\n"
      "Examples:\n"
      "  quarry ingest samples/evidence --case ./case\n"
      "  quarry ingest logs/*.json.gz cloudtrail/ --case ./case --format json");
  cmd->callback([args, &result] {
    app::IngestOptions options;
    options.paths = args->paths;
    options.case_dir = args->case_dir;
    options.batch_size = args->batch_size;
    options.max_record_bytes = args->max_record_mib << 20;
    options.findings_shown_per_file = args->show_findings;
    options.threads = args->threads;
    options.evtx_carve = args->carve;
    auto bar = std::make_shared<ProgressBar>(!args->quiet && StderrIsTerminal());
    options.on_finding = [bar, args](const Finding& f) {
      if (args->quiet) return;
      bar->Clear();
      std::cerr << "quarry: " << f.ToString() << '\n';
    };
    options.on_progress = [bar](const app::IngestProgress& p) {
      std::string label = std::string(p.phase) + " file " + std::to_string(p.file_index + 1) + "/" +
                          std::to_string(p.file_count);
      bar->Update(p.bytes_done, p.bytes_total, p.events, label);
    };
    auto report = app::RunIngest(options);
    bar->Clear();
    if (!report.ok()) {
      PrintError(report.status().message());
      result.exit_code = kExitInput;
      return;
    }
    if (args->format == "json") {
      std::cout << ReportJson(*report, args->case_dir) << '\n';
    } else if (args->format == "table") {
      PrintHuman(*report, args->case_dir);
    } else {
      Render(FilesTable(*report), *ParseOutputFormat(args->format), std::cout);
    }
    result.exit_code = report->anything_skipped() ? kExitInput : kExitOk;
  });
}

}  // namespace quarry::cli
