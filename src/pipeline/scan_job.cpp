#include "pipeline/scan_job.h"

#include <chrono>

#include "evtx/evtx_reader.h"
#include "ingest/reader.h"
#include "pipeline/ingest_job.h"

namespace quarry::pipeline {
namespace {

// Fields worth showing beside an alert, in order of preference; the first few present are kept.
constexpr const char* kDetailFields[] = {
    "CommandLine",     "Image",          "ParentImage",     "TargetImage",
    "TargetFilename",  "TargetObject",   "Details",         "QueryName",
    "ScriptBlockText", "TargetUserName", "SubjectUserName", "User",
    "IpAddress",       "SourceIp",       "DestinationIp",   "DestinationPort",
    "ServiceName",     "ImagePath",      "NewProcessName",  "ParentProcessName",
    "EventName",       "EventSource",    "SourceIpAddress", "UserIdentityArn",
    "PipeName",        "ImageLoaded",    "GrantedAccess",   "Data"};
constexpr size_t kMaxDetails = 4;
constexpr size_t kMaxDetailLength = 300;

std::string FieldText(const Event& e, std::string_view name) {
  const Value* v = e.Find(name);
  if (v == nullptr || v->is_null()) return {};
  return v->type() == ValueType::kString ? v->as_string() : v->ToText();
}

Alert MakeAlert(int rule, const Event& e) {
  Alert a;
  a.rule = rule;
  a.time = e.time;
  a.computer = FieldText(e, "Computer");
  a.channel = FieldText(e, "Channel");
  a.event_id = FieldText(e, "EventID");
  a.table = e.table;
  a.source = e.provenance.source;
  a.record = e.provenance.offset;
  for (const char* name : kDetailFields) {
    if (a.details.size() >= kMaxDetails) break;
    std::string text = FieldText(e, name);
    if (text.empty()) continue;
    if (text.size() > kMaxDetailLength) text = text.substr(0, kMaxDetailLength) + "…";
    a.details.emplace_back(name, std::move(text));
  }
  return a;
}

}  // namespace

Result<ScanReport> RunScan(const ScanOptions& options) {
  if (options.rules == nullptr) return InvalidArgument("no rules to scan with");
  auto start = std::chrono::steady_clock::now();
  ScanReport report;
  std::vector<Finding> path_errors;
  std::vector<std::string> files = ExpandPaths(options.paths, "", path_errors);
  for (const auto& f : path_errors) {
    ++report.unreadable_files;
    if (options.on_finding) options.on_finding(f);
  }
  std::unique_ptr<evtx::DecodePool> pool;
  if (options.threads > 1)
    pool = std::make_unique<evtx::DecodePool>(static_cast<int>(options.threads));
  sigma::Matcher matcher(*options.rules);
  Event event;
  for (const auto& path : files) {
    ++report.files;
    ingest::ReaderOptions ropts;
    ropts.evtx_pool = pool.get();
    auto reader = ingest::OpenReader(path, ropts, [&](const Finding& f) {
      if (options.on_finding) options.on_finding(f);
    });
    if (!reader.ok()) {
      ++report.unreadable_files;
      if (options.on_finding) {
        Finding f;
        f.severity = Severity::kWarning;
        f.code = "scan.unreadable";
        f.message = reader.status().message() + "; not scanned";
        f.where.file = path;
        options.on_finding(f);
      }
      continue;
    }
    while ((*reader)->Next(event)) {
      ++report.events;
      if (event.time && ((options.from && *event.time < *options.from) ||
                         (options.to && !(*event.time < *options.to)))) {
        continue;
      }
      for (int rule : matcher.Match(event)) {
        ++report.alerts;
        if (options.on_alert) options.on_alert(MakeAlert(rule, event));
      }
    }
    report.skipped_records += static_cast<int64_t>((*reader)->stats().skipped);
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace quarry::pipeline
