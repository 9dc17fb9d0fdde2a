// Renderings of quarry ingest's report (declared in ingest_job.h).
#include <sstream>

#include "app/ingest_job.h"
#include "core/json.h"
#include "ingest/reader_table.h"

namespace quarry::app {
namespace {

std::string TablesSummary(const std::map<std::string, int64_t>& tables) {
  std::string out;
  for (const auto& [name, n] : tables) {
    if (!out.empty()) out += ", ";
    out += name + " " + std::to_string(n);
  }
  return out;
}

}  // namespace

std::string IngestFormatsHelp() {
  return ingest::FormatsHelp();
}

std::string IngestReportText(const IngestReport& report, const std::string& case_dir) {
  std::ostringstream out;
  int64_t files_new = 0, files_known = 0, files_failed = 0, skipped = 0;
  for (const auto& f : report.files) {
    std::string detail;
    switch (f.state) {
      case FileOutcome::State::kUnreadable:
        ++files_failed;
        detail = f.error;
        break;
      case FileOutcome::State::kAlreadyInCase:
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
    out << FileStateName(f.state) << "  " << f.path << "  (" << detail << ")\n";
  }
  double rate = report.seconds > 0 ? static_cast<double>(report.events_added) / report.seconds : 0;
  out << "\n"
      << report.events_added << " events added to " << case_dir << " from " << files_new
      << " file(s) in "
      << Value::Real(static_cast<double>(static_cast<int64_t>(report.seconds * 100)) / 100).ToText()
      << " s (" << static_cast<int64_t>(rate) << " events/s)";
  if (files_known) out << "; " << files_known << " file(s) already in the case";
  if (files_failed) out << "; " << files_failed << " file(s) not ingested";
  if (skipped) out << "; " << skipped << " damaged record(s) skipped";
  out << "\n";
  if (report.anything_skipped()) {
    out << "Some input was not read whole: see the messages above (exit code 3).\n";
  }
  return out.str();
}

Table IngestFilesTable(const IngestReport& report) {
  Table out;
  out.columns = {"path",    "state",    "format",   "sha256",  "events", "events_added",
                 "skipped", "repaired", "findings", "damaged", "error",  "tables"};
  for (const auto& f : report.files) {
    out.rows.push_back({Value::String(f.path), Value::String(FileStateName(f.state)),
                        Value::String(f.format), Value::String(f.sha256), Value::Long(f.events),
                        Value::Long(f.events_added), Value::Long(f.skipped),
                        Value::Long(f.repaired), Value::Long(f.findings), Value::Bool(f.damaged),
                        Value::String(f.error), Value::String(TablesSummary(f.tables))});
  }
  return out;
}

std::string IngestReportJson(const IngestReport& report, const std::string& case_dir) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject()
      .Field("case", case_dir)
      .Field("events_added", report.events_added)
      .Field("seconds", report.seconds)
      .Field("complete", !report.anything_skipped())
      .Key("files")
      .BeginArray();
  for (const auto& f : report.files) {
    w.BeginObject()
        .Field("path", f.path)
        .Field("state", FileStateName(f.state))
        .Field("format", f.format)
        .Field("sha256", f.sha256)
        .Field("events", f.events)
        .Field("events_added", f.events_added)
        .Field("skipped", f.skipped)
        .Field("repaired", f.repaired)
        .Field("findings", f.findings)
        .Field("damaged", f.damaged);
    if (!f.error.empty()) w.Field("error", f.error);
    w.Key("tables").BeginObject();
    for (const auto& [name, n] : f.tables) w.Field(name, n);
    w.EndObject().EndObject();
  }
  w.EndArray().Key("path_errors").BeginArray();
  for (const auto& e : report.path_errors) w.String(e.ToString());
  w.EndArray().EndObject();
  return out;
}

}  // namespace quarry::app
