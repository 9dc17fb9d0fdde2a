// quarry mcp: the case's tools for Claude Code, Cursor and any MCP client, on stdio (or
// Streamable HTTP on loopback), read-only unless the person widens it.
#include <iostream>
#include <memory>

#include "app/mcp_serve.h"
#include "cli/commands.h"

namespace quarry::cli {
namespace {

void Serve(const app::McpServeRequest& request, CommandResult& result) {
  auto code = app::ServeMcp(request, std::cerr);
  if (Failed(code.status(), result)) return;
  result.exit_code = *code;
}

}  // namespace

void RegisterMcp(CLI::App& app, CommandResult& result) {
  auto args = std::make_shared<app::McpServeRequest>();
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
