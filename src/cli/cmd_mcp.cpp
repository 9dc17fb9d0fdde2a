// quarry mcp: the case's tools for Claude Code, Cursor and any MCP client, on stdio (or
// Streamable HTTP on loopback), read-only unless the person widens it.
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "mcp/http.h"
#include "mcp/stdio.h"

namespace quarry::cli {
namespace {

struct McpArgs {
  std::string case_dir;
  int http_port = 0;
  bool allow_write = false;
  std::vector<std::string> allow_paths;
  bool show_secrets = false;
  size_t max_rows = 1000;
};

void Serve(const McpArgs& args, CommandResult& result) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(fs::path(args.case_dir) / "events.db", ec)) {
    PrintError("no case at " + args.case_dir + " (make one with quarry ingest EVIDENCE --case " +
               args.case_dir + ")");
    result.exit_code = kExitInput;
    return;
  }
  mcp::ServerOptions options;
  options.case_dir = fs::canonical(args.case_dir, ec).string();
  options.allow_write = args.allow_write;
  options.show_secrets = args.show_secrets;
  options.max_rows = args.max_rows;
  // By default tools read the case and the folder the person started the server in.
  std::vector<std::string> allowed = {options.case_dir, fs::current_path(ec).string()};
  for (const std::string& p : args.allow_paths) {
    fs::path real = fs::canonical(p, ec);
    if (ec) {
      PrintError("--allow-path " + p + ": no such folder");
      result.exit_code = kExitUsage;
      return;
    }
    allowed.push_back(real.string());
  }
  options.allowed_paths = allowed;
  std::string list;
  for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
  std::cerr << "quarry mcp: case " << options.case_dir << "; "
            << (args.allow_write ? "scans may store alerts in the case"
                                 : "read-only (journal and rules change only when a person "
                                   "approves a pending item)")
            << "; tools may read " << list
            << (args.show_secrets ? "; secrets are NOT redacted" : "") << "\n";
  mcp::Server server(options);
  if (args.http_port != 0) {
    mcp::HttpOptions http;
    http.port = args.http_port;
    // A token of the person's choosing (a client configured with a fixed header), else a new one.
    const char* fixed = std::getenv("QUARRY_MCP_TOKEN");
    http.token = fixed != nullptr && std::strlen(fixed) >= 16 ? fixed : mcp::NewToken();
    Failed(mcp::ServeHttp(server, http), result);
    return;
  }
  result.exit_code = mcp::ServeStdio(server, STDIN_FILENO, STDOUT_FILENO);
}

}  // namespace

void RegisterMcp(CLI::App& app, CommandResult& result) {
  auto args = std::make_shared<McpArgs>();
  auto* cmd = app.add_subcommand(
      "mcp",
      "Serve the case to an MCP client (Claude Code, Cursor, …): schema, checked KQL, hunts, "
      "Sigma checks and the journal as tools; read-only, every call audited");
  cmd->add_option("--case", args->case_dir, "Case directory")->required();
  cmd->add_option("--http", args->http_port,
                  "Serve Streamable HTTP on 127.0.0.1:PORT instead of stdio (a bearer token is "
                  "printed at start)")
      ->check(CLI::Range(1, 65535));
  cmd->add_flag("--allow-write", args->allow_write,
                "Let scans store their alerts in the case's Alerts table");
  cmd->add_option("--allow-path", args->allow_paths,
                  "Another folder tools may read rules or evidence from (repeatable; default: "
                  "the case and the current folder)");
  cmd->add_flag("--show-secrets", args->show_secrets,
                "Do not redact secrets in tool results (they are redacted by default)");
  cmd->add_option("--max-rows", args->max_rows, "The most rows any call returns (default 1000)")
      ->check(CLI::Range(1, 100000));
  cmd->footer(
      "Examples:\n"
      "  claude mcp add quarry -- quarry mcp --case /cases/acme\n"
      "  quarry mcp --case ./case --allow-path ~/detections   # rules from another folder\n"
      "Writes need a person: record_hunt and save_rule create pending items, approved with\n"
      "  quarry journal approve N --case ./case    /    quarry rules approve N --case ./case\n"
      "Every call is appended to CASE/audit.jsonl. See docs/mcp.md.");
  cmd->callback([args, &result] { Serve(*args, result); });
}

}  // namespace quarry::cli
