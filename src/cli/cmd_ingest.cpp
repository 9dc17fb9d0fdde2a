#include <iostream>
#include <memory>

#include "app/ingest_job.h"
#include "cli/commands.h"
#include "cli/progress.h"

namespace quarry::cli {

void PrintError(const std::string& message) {
  std::cerr << "quarry: error: " << message << '\n';
}

namespace {

struct IngestArgs {
  std::vector<std::string> paths;
  std::string case_dir;
  std::string format = "table";
  size_t batch_size = 0;
  size_t max_record_mib = 16;
  size_t show_findings = 10;
  size_t threads = 1;
  bool carve = false;
  bool quiet = false;
  std::string store;
};

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
  cmd->add_option("--batch-size", args->batch_size,
                  "Events per committed batch (default 25000; 250000 on a ClickHouse store)")
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
  cmd->add_option("--store", args->store,
                  "Where a new case keeps its events: clickhouse://HOST:PORT/DATABASE (a "
                  "ClickHouse server or cluster; see docs/clickhouse.md). Recorded in the case's "
                  "quarry.toml; later commands need no option. Default: the case's own SQLite");
  cmd->footer(app::IngestFormatsHelp() +
              "\nAn EVTX file and its evtx_dump JSON give the same rows. A file already in the "
              "case\n(same SHA-256) adds nothing; an interrupted ingest resumes where its last "
              "committed\nbatch ended when the same command is run again.\n\n"
              "Exit codes: 0 everything was read; 3 something was skipped (damaged records, "
              "unreadable\nfiles), the rest was ingested; 2 usage error.\n\n"
              "Examples:\n"
              "  quarry ingest samples/evidence --case ./case\n"
              "  quarry ingest logs/*.json.gz cloudtrail/ --case ./case --format json\n"
              "  quarry ingest evtx/ --case ./big --store clickhouse://127.0.0.1:18123/quarry");
  cmd->callback([args, &result] {
    app::IngestOptions options;
    options.paths = args->paths;
    options.case_dir = args->case_dir;
    options.batch_size = args->batch_size;
    options.max_record_bytes = args->max_record_mib << 20;
    options.findings_shown_per_file = args->show_findings;
    options.threads = args->threads;
    options.evtx_carve = args->carve;
    options.store = args->store;
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
    if (Failed(report.status(), result)) return;
    if (args->format == "json") {
      std::cout << app::IngestReportJson(*report, args->case_dir) << '\n';
    } else if (args->format == "table") {
      std::cout << app::IngestReportText(*report, args->case_dir);
    } else {
      Render(app::IngestFilesTable(*report), *ParseOutputFormat(args->format), std::cout);
    }
    result.exit_code = report->anything_skipped() ? kExitInput : kExitOk;
  });
}

}  // namespace quarry::cli
