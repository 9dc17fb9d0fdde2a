// Each command registers its options on the CLI11 app and runs through the library.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "app/render.h"
#include "core/status.h"

namespace quarry::cli {

// Exit codes (docs/cli.md): 0 ok, 1 findings or matches from a check, 2 usage, 3 input error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInput = 3;

// Renderers are the app layer's, shared with the MCP server and the web API.
using app::CsvCell;
using app::OutputFormat;
using app::ParseOutputFormat;
using app::Render;
using app::Table;

struct CommandResult {
  int exit_code = kExitOk;
};

void RegisterIngest(CLI::App& app, CommandResult& result);
void RegisterCatalogCommands(CLI::App& app, CommandResult& result);
void RegisterDump(CLI::App& app, CommandResult& result);
void RegisterScan(CLI::App& app, CommandResult& result);
void RegisterRules(CLI::App& app, CommandResult& result);
// quarry rules test, coverage, lint, baseline and convert, under the rules command.
void RegisterRulesTest(CLI::App& rules, CommandResult& result);
void RegisterRulesCoverage(CLI::App& rules, CommandResult& result);
void RegisterRulesLint(CLI::App& rules, CommandResult& result);
void RegisterRulesBaseline(CLI::App& rules, CommandResult& result);
void RegisterRulesConvert(CLI::App& rules, CommandResult& result);
void RegisterRulesDraft(CLI::App& rules, CommandResult& result);
void RegisterKql(CLI::App& app, CommandResult& result);
void RegisterQuery(CLI::App& app, CommandResult& result);
void RegisterJournal(CLI::App& app, CommandResult& result);
void RegisterHunt(CLI::App& app, CommandResult& result);
void RegisterMcp(CLI::App& app, CommandResult& result);
void RegisterServe(CLI::App& app, CommandResult& result);
void RegisterTimeline(CLI::App& app, CommandResult& result);
void RegisterIr(CLI::App& app, CommandResult& result);
void RegisterThreatModel(CLI::App& app, CommandResult& result);
void RegisterSecrets(CLI::App& app, CommandResult& result);
void RegisterReview(CLI::App& app, CommandResult& result);
void RegisterReviewTriage(CLI::App& review, CommandResult& result);
// quarry threat-model report and diff; draft and approve (under the threat-model command).
void RegisterThreatModelReports(CLI::App& tm, CommandResult& result);
void RegisterThreatModelDrafts(CLI::App& tm, CommandResult& result);
// Writes TEXT to PATH; on failure prints why, sets the input-error exit code and returns false.
bool WriteText(const std::string& path, const std::string& text, CommandResult& result);
// quarry journal pending|approve|reject and quarry rules approve: pending items of agents.
void RegisterJournalPending(CLI::App& journal, CommandResult& result);
void RegisterRulesApprove(CLI::App& rules, CommandResult& result);

// The exit code of a job's error: 2 for a usage error, 3 for input that could not be read.
inline int ExitCodeOf(const Status& s) {
  return s.code() == StatusCode::kUsage ? kExitUsage : kExitInput;
}

// Prints "quarry: error: message" to stderr.
void PrintError(const std::string& message);

// When `s` is an error: prints it, sets the exit code from it, and returns true.
inline bool Failed(const Status& s, CommandResult& result) {
  if (s.ok()) return false;
  PrintError(s.message());
  result.exit_code = ExitCodeOf(s);
  return true;
}

}  // namespace quarry::cli
