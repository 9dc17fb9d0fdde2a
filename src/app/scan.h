// `quarry scan` and `quarry rules check` as jobs: the CLI, the MCP server and the web API call
// these and render what they return.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/render.h"
#include "app/scan_job.h"
#include "core/finding.h"
#include "core/status.h"
#include "sigma/engine.h"

namespace quarry::app {

// Which rules to load and how (shared by scan and rules check).
struct RuleSource {
  std::vector<std::string> paths;         // rule files or folders
  std::string mapping_file;               // logsource mapping (empty: none)
  std::vector<std::string> placeholders;  // NAME=VALUE
};

// The loader options a rule source asks for (with the compiled-rule cache); a usage error when
// the mapping file or a placeholder does not read.
Status LoaderOptionsFrom(const RuleSource& source, sigma::LoaderOptions& out);

struct ScanRequest {
  std::vector<std::string> paths;  // evidence files or folders, or
  std::string case_dir;            // a case (alerts are stored in its Alerts table)
  RuleSource rules;
  // Selection, applied before the rules are compiled.
  std::string min_level;  // informational, low, medium, high or critical; "" for any
  std::vector<std::string> statuses;
  std::vector<std::string> tags;
  std::vector<std::string> rule_ids;            // ids or names
  std::string from, to;                         // ISO 8601; "" for unbounded
  size_t threads = 0;                           // 0: one per core for files, 1 for a case
  bool store_alerts = true;                     // false: a case is scanned without writing to it
  ScanOptions::StoreFilterLimits store_filter;  // a ClickHouse case: when conditions filter there
};

// An alert with its rule, as renderers and sinks see it; valid during the call only (the rules
// belong to the scan).
struct AlertView {
  const sigma::Alert& alert;
  const sigma::RuleInfo& rule;
};

struct Count {
  std::string key;
  int64_t count = 0;
};

// What the scan read and found (ScanCounts: files, events, alerts, stored alerts, time), the rules
// it ran and the summaries.
struct ScanReport : ScanCounts {
  size_t rules_selected = 0;    // rules and correlations that alert on their own
  size_t rules_not_loaded = 0;  // among the selected
  // Summaries, largest first (ties by name).
  std::vector<Count> by_level, by_rule, by_host, by_tactic;
  std::string tactics_note;  // why by_tactic is empty when the ATT&CK catalog was not found
  bool damaged_input() const { return unreadable_files > 0 || skipped_records > 0; }
};

struct ScanSinks {
  std::function<void(const AlertView&)> on_alert;  // in input order
  std::function<void(const Finding&)> on_finding;  // rules that did not load, damaged input
  std::function<bool()> cancelled;                 // true stops the scan with kCancelled
  // Called once the rules are compiled (the long part of a scan with a large pack), with the
  // number of rules selected, before any event is read.
  std::function<void(int64_t rules)> on_rules_loaded;
};

// Errors: a usage error for a bad request (level, time, mapping, no rule selected), anything
// else for input that could not be scanned at all.
Result<ScanReport> Scan(const ScanRequest& request, const ScanSinks& sinks);

// Writes alerts as they come in one format: JSON lines, a JSON array, CSV, or for a table the
// first `table_head` alerts, written at Finish with the summary.
class AlertWriter {
 public:
  AlertWriter(OutputFormat format, std::ostream& out, size_t table_head = 50);
  void Write(const AlertView& a);
  // Closes the JSON array; for a table, the head of the timeline and the report's summaries.
  void Finish(const ScanReport& report);

 private:
  void Flush(bool force);
  OutputFormat format_;
  std::ostream& out_;
  size_t table_head_;
  std::string buffer_;
  bool first_ = true;
  int64_t written_ = 0;
  // Copies: the head is printed after the scan, whose rules are gone by then.
  std::vector<std::pair<sigma::Alert, sigma::RuleInfo>> head_;
};

// One alert as a JSON object (the jsonl/json line of quarry scan).
void AppendAlertJson(std::string& out, const AlertView& a);

struct RulesCheckReport {
  std::vector<sigma::RuleLoad> rules;  // one per rule document, and per unreadable file
  size_t failed = 0;
};
Result<RulesCheckReport> CheckRules(const RuleSource& source);
// The report as a table: every rule, or only those that did not load.
Table RulesCheckTable(const RulesCheckReport& report, bool failures_only);

}  // namespace quarry::app
