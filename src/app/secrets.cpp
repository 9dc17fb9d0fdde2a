#include "app/secrets.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <simdjson.h>

#include "secrets/rule_set.h"

namespace quarry::app {
namespace {

// Fingerprints from a baseline: an earlier JSON report (an array of findings) or a text file
// of fingerprints, one per line, `#` starting a comment.
Result<std::set<std::string>> ReadBaseline(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return UsageError(path + ": cannot read the baseline");
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  std::set<std::string> out;
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '[') {
    simdjson::dom::parser parser;
    simdjson::dom::array items;
    if (parser.parse(text).get(items) != simdjson::SUCCESS) {
      return UsageError(path + ": the baseline is not a JSON array of findings");
    }
    for (simdjson::dom::element item : items) {
      std::string_view fp;
      if (item["fingerprint"].get(fp) == simdjson::SUCCESS) out.emplace(fp);
    }
    return out;
  }
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    line = line.substr(0, line.find('#'));
    line.erase(0, line.find_first_not_of(" \t\r"));
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (!line.empty()) out.insert(line);
  }
  return out;
}

}  // namespace

int SecretsScanReport::ExitCode() const {
  if (!findings.empty()) return 1;
  bool error = std::any_of(problems.begin(), problems.end(),
                           [](const Finding& f) { return f.severity == Severity::kError; });
  return error ? 3 : 0;
}

Result<SecretsScanReport> ScanSecrets(const SecretsScanRequest& request) {
  if (!request.case_dir.empty() && (request.git || request.staged)) {
    return UsageError("--case and --git/--staged scan different things; give one");
  }
  if (request.case_dir.empty() && !request.git && !request.staged && request.paths.empty()) {
    return UsageError("nothing to scan: give files or folders, --git, --staged or --case DIR");
  }
  std::set<std::string> baseline;
  if (!request.baseline.empty()) {
    QUARRY_ASSIGN_OR_RETURN(baseline, ReadBaseline(request.baseline));
  }
  QUARRY_ASSIGN_OR_RETURN(secrets::LoadedRules loaded,
                          secrets::LoadRules(request.rule_paths, request.config));
  SecretsScanReport report;
  report.problems = loaded.problems;
  report.rules = loaded.set.rules.size();
  QUARRY_ASSIGN_OR_RETURN(auto scanner, secrets::Scanner::Create(std::move(loaded.set)));
  secrets::SourceScan scan;
  if (!request.case_dir.empty()) {
    report.source = "case";
    ScanCaseEvents(*scanner, request.case_dir, scan);
  } else if (request.git || request.staged) {
    report.source = request.staged ? "staged" : "git";
    secrets::GitScanOptions options;
    options.range = request.git_range;
    options.staged = request.staged;
    options.no_search = request.repository_at_path;
    std::string repo = request.paths.empty() ? "." : request.paths.front();
    if (request.paths.size() > 1) {
      return UsageError("--git and --staged take one repository path");
    }
    secrets::ScanGit(*scanner, repo, options, scan);
  } else {
    report.source = "files";
    secrets::FileScanOptions options;
    options.respect_gitignore = request.respect_gitignore;
    options.threads = request.threads;
    options.progress = request.progress;
    secrets::ScanFiles(*scanner, request.paths, options, scan);
  }
  report.stats = scan.stats;
  report.problems.insert(report.problems.end(), scan.problems.begin(), scan.problems.end());
  for (auto& f : scan.findings) {
    if (baseline.count(f.fingerprint) > 0) {
      ++report.baselined;
    } else {
      report.findings.push_back(std::move(f));
    }
  }
  return report;
}

int SecretRulesCheck::ExitCode() const {
  bool error = std::any_of(problems.begin(), problems.end(),
                           [](const Finding& f) { return f.severity == Severity::kError; });
  return !examples.failures.empty() || examples.rules_without_examples > 0 || error ? 1 : 0;
}

Result<SecretRulesCheck> CheckSecretRules(const std::vector<std::string>& rule_paths,
                                          const std::string& config) {
  QUARRY_ASSIGN_OR_RETURN(secrets::LoadedRules loaded, secrets::LoadRules(rule_paths, config));
  SecretRulesCheck check;
  check.problems = loaded.problems;
  check.examples = secrets::TestRuleExamples(loaded.set);
  return check;
}

std::string SecretRulesCheckText(const SecretRulesCheck& check) {
  std::string out;
  for (const Finding& f : check.problems) out += f.ToString() + "\n";
  for (const auto& f : check.examples.failures) {
    out += f.defined_at + ": " + f.rule_id + ": " + f.message + "\n";
  }
  const auto& e = check.examples;
  out += std::to_string(e.rules) + " rules, " + std::to_string(e.vectors) + " example vectors, " +
         std::to_string(e.failures.size()) + " failures";
  if (e.rules_without_examples > 0) {
    out += ", " + std::to_string(e.rules_without_examples) +
           " rules without both positive and negative examples (every rule needs both)";
  }
  return out + "\n";
}

}  // namespace quarry::app
