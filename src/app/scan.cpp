#include "app/scan.h"

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "catalog/attack.h"
#include "core/time.h"

namespace quarry::app {
namespace {

Status ParseTime(const std::string& text, const char* option, std::optional<Timestamp>& out) {
  if (text.empty()) return Status::Ok();
  out = ParseIsoTime(text);
  if (!out) return UsageError(std::string(option) + ": '" + text + "' is not an ISO 8601 time");
  return Status::Ok();
}

std::vector<Count> Sorted(const std::map<std::string, int64_t>& counts) {
  std::vector<Count> out;
  out.reserve(counts.size());
  for (const auto& [k, v] : counts) out.push_back({k, v});
  std::stable_sort(out.begin(), out.end(),
                   [](const Count& a, const Count& b) { return a.count > b.count; });
  return out;
}

}  // namespace

// A mapping file or placeholder that does not read is a usage error: the options are wrong.
Status LoaderOptionsFrom(const RuleSource& source, sigma::LoaderOptions& out) {
  out.cache = true;  // a rule set seen before loads from ~/.cache/quarry without parsing YAML
  Status s;
  if (!source.mapping_file.empty()) s = sigma::LoadMappingFile(source.mapping_file, out);
  for (const auto& p : source.placeholders) {
    if (s.ok()) s = sigma::AddPlaceholder(p, out);
  }
  return s.ok() ? s : UsageError(s.message());
}

Result<ScanReport> Scan(const ScanRequest& request, const ScanSinks& sinks) {
  if (request.paths.empty() == request.case_dir.empty())
    return UsageError("give evidence PATHs or --case DIR (one of them)");
  sigma::LoaderOptions loader_options;
  sigma::Selection& selection = loader_options.selection;
  if (!request.min_level.empty() && !sigma::ParseLevel(request.min_level, selection.min_level)) {
    return UsageError("--min-level: '" + request.min_level +
                      "' is not informational, low, medium, high or critical");
  }
  selection.statuses = request.statuses;
  selection.tags = request.tags;
  selection.ids = request.rule_ids;
  ScanOptions options;
  QUARRY_RETURN_IF_ERROR(ParseTime(request.from, "--from", options.from));
  QUARRY_RETURN_IF_ERROR(ParseTime(request.to, "--to", options.to));
  QUARRY_RETURN_IF_ERROR(LoaderOptionsFrom(request.rules, loader_options));

  ScanReport report;
  sigma::Engine engine(loader_options);
  for (const auto& p : request.rules.paths) engine.AddPath(p);
  engine.Finish([&](const Finding& f) {
    ++report.rules_not_loaded;
    if (sinks.on_finding) sinks.on_finding(f);
  });
  for (const auto& info : engine.rules().infos()) report.rules_selected += info.selected;
  // Compiling a large pack cannot be interrupted; a cancel that came meanwhile stops here.
  if (sinks.cancelled && sinks.cancelled()) {
    return Status(StatusCode::kCancelled, "the scan was cancelled");
  }
  if (sinks.on_rules_loaded) sinks.on_rules_loaded(static_cast<int64_t>(report.rules_selected));
  if (report.rules_selected == 0) {
    return UsageError("no rule to scan with: " + std::to_string(engine.load_results().size()) +
                      " rule document(s) read, none loaded and selected by "
                      "--min-level/--status/--tag/--rule");
  }

  auto attack = catalog::Attack::LoadDefault();
  if (!attack.ok()) report.tactics_note = attack.status().message();
  std::map<std::string, int64_t> by_level, by_rule, by_host, by_tactic;
  options.paths = request.paths;
  options.case_dir = request.case_dir;
  options.engine = &engine;
  // Files: one thread per core by default. A case's events come from one SQLite reader and
  // cross cores to be matched, which costs more than it gains on few cores: one thread.
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  options.threads = request.threads != 0 ? request.threads : (request.case_dir.empty() ? cores : 1);
  options.on_finding = sinks.on_finding;
  options.cancelled = sinks.cancelled;
  options.store_alerts = request.store_alerts;
  options.store_filter = request.store_filter;
  options.on_alert = [&](const sigma::Alert& a) {
    const sigma::RuleInfo& info = engine.info(a.info);
    ++by_level[sigma::LevelName(info.level)];
    ++by_rule[info.title + " (" + sigma::LevelName(info.level) + ")"];
    ++by_host[a.computer.empty() ? "(no computer)" : a.computer];
    if (attack.ok()) {
      std::set<std::string> tactics;
      for (const auto& t : info.tags) {
        if (const catalog::Tactic* tactic = attack->TacticOfTag(t))
          tactics.insert(tactic->shortname);
      }
      for (const auto& t : tactics) ++by_tactic[t];
    }
    if (sinks.on_alert) sinks.on_alert({a, info});
  };
  QUARRY_ASSIGN_OR_RETURN(auto scanned, RunScan(options));
  static_cast<ScanCounts&>(report) = scanned;
  report.by_level = Sorted(by_level);
  report.by_rule = Sorted(by_rule);
  report.by_host = Sorted(by_host);
  report.by_tactic = Sorted(by_tactic);
  return report;
}

Result<RulesCheckReport> CheckRules(const RuleSource& source) {
  sigma::LoaderOptions loader_options;
  QUARRY_RETURN_IF_ERROR(LoaderOptionsFrom(source, loader_options));
  sigma::Engine engine(loader_options);
  for (const auto& p : source.paths) engine.AddPath(p);
  engine.Finish();
  RulesCheckReport report;
  report.rules = engine.load_results();
  for (const auto& r : report.rules) report.failed += !r.loaded;
  return report;
}

Table RulesCheckTable(const RulesCheckReport& report, bool failures_only) {
  Table out;
  out.columns = {"id", "path", "line", "title", "loaded", "reason", "notes"};
  for (const auto& r : report.rules) {
    if (failures_only && r.loaded) continue;
    std::string notes;
    for (const auto& n : r.notes) notes += (notes.empty() ? "" : "; ") + n;
    out.rows.push_back({Value::String(r.id), Value::String(r.path), Value::Long(r.line),
                        Value::String(r.title), Value::Bool(r.loaded), Value::String(r.reason),
                        Value::String(notes)});
  }
  return out;
}

}  // namespace quarry::app
