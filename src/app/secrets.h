// `quarry secrets` as jobs: scan files and folders, a git history or staged changes, or a
// case's events with the one secret rule set; check the rules' own examples. The CLI, the MCP
// server and the web API call these and render what they return.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/render.h"
#include "core/finding.h"
#include "core/status.h"
#include "ir/timeline.h"
#include "secrets/examples.h"
#include "secrets/scanner.h"
#include "secrets/sources.h"

namespace quarry::app {

struct SecretsScanRequest {
  std::vector<std::string> paths;       // files and folders; with git: the repository
  std::vector<std::string> rule_paths;  // our rule files or folders instead of the built-in set
  std::string config;                   // a gitleaks configuration (or one of ours)
  bool respect_gitignore = false;
  bool git = false;
  std::string git_range;            // with git: "A..B", a revision, or "" for HEAD
  bool staged = false;              // with git: the index against HEAD
  bool repository_at_path = false;  // with git: not a repository found in a folder above
  std::string case_dir;             // the case's events instead of files
  std::string baseline;  // fingerprints to leave out (a text file or an earlier JSON report)
  int threads = 0;
  std::function<void(uint64_t bytes, uint64_t files)> progress;
};

struct SecretsScanReport {
  std::vector<secrets::SecretFinding> findings;
  size_t baselined = 0;           // findings left out by the baseline
  std::vector<Finding> problems;  // rules that did not load, files that did not read
  secrets::SourceStats stats;
  size_t rules = 0;
  std::string source;  // "files", "git", "staged", "case"
  // 1 when findings remain, else 3 when something could not be read, else 0.
  int ExitCode() const;
};

// Usage errors: no path, both --git and --case, a baseline that cannot be read.
Result<SecretsScanReport> ScanSecrets(const SecretsScanRequest& request);

// Secrets in a case's events: every string column of every table, each finding with its _eid,
// table and column (field).
void ScanCaseEvents(const secrets::Scanner& scanner, const std::string& case_dir,
                    secrets::SourceScan& out);

// The one JSON form: an array of {rule_id, description, file, line, column, end_line, secret
// (redacted unless SHOW), fingerprint, entropy, tags, also, and commit/author/date (git) or
// eid/table/field (case) when known}.
std::string SecretsJson(const SecretsScanReport& report, bool show);
// One line per finding, then a summary.
std::string SecretsText(const SecretsScanReport& report, bool show);
// SARIF 2.1.0 for code scanning; secrets are always redacted.
std::string SecretsSarif(const SecretsScanReport& report);

// The built-in rules' scanner, compiled once (for hunts' rows and timeline entries).
const secrets::Scanner* BuiltInSecretScanner();

// A credential in a cell of a result table (a hunt's rows).
struct CellSecret {
  size_t row = 0;  // 0-based
  std::string column;
  secrets::SecretFinding finding;
};
std::vector<CellSecret> SecretsInTable(const Table& table);
// "Credentials in these rows" lines for people (secrets redacted); "" when there are none.
std::string CellSecretsText(const std::vector<CellSecret>& found);
// The ids of the rules that find a credential in an entry's fields (empty: none).
std::vector<std::string> SecretRulesIn(const ir::TimelineEntry& entry);

struct SecretRulesCheck {
  std::vector<Finding> problems;  // from loading
  secrets::ExampleReport examples;
  int ExitCode() const;
};
// Loads the rules (as ScanSecrets would) and runs their examples.
Result<SecretRulesCheck> CheckSecretRules(const std::vector<std::string>& rule_paths,
                                          const std::string& config);
std::string SecretRulesCheckText(const SecretRulesCheck& check);

}  // namespace quarry::app
