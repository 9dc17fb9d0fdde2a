// The tools an MCP client may call, declared as data: name, description, arguments, output
// schema, whether it only reads, and the function that runs it. Each function calls an `app`
// job, the same one the CLI calls, and returns its report as a JSON object; the server adds
// redaction, fencing, size caps, progress and the audit line.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "mcp/args.h"

namespace quarry::mcp {

// What the person who started the server allowed.
struct ServerOptions {
  std::string case_dir;
  std::vector<std::string> allowed_paths;  // folders tools may read (canonical); more with
                                           // --allow-path
  bool allow_write = false;                // scan may store alerts in the case
  bool show_secrets = false;
  size_t max_rows = 1000;             // a cap no call can raise
  size_t max_result_bytes = 1 << 20;  // structured content larger than this is cut
  std::string rules_out;              // where approved rules go by default
};

struct ToolContext {
  const ServerOptions& options;
  std::string client;  // "name version" from initialize
  std::function<bool()> cancelled;
  // Progress of a long call (0..total); a no-op when the client asked for none.
  std::function<void(double progress, double total, const std::string& message)> progress;
};

struct ToolOutput {
  std::string structured;  // a JSON object
  std::string summary;     // one line of ours (never evidence) heading the text rendering
  bool is_error = false;   // the tool ran and refused (findings, a bad path): a tool error
  int64_t rows = -1;       // rows or items returned, for the audit
};

struct ToolSpec {
  std::string name;
  std::string title;
  std::string description;
  std::vector<ArgSpec> args;
  std::string output_schema;  // a JSON Schema object
  bool read_only = true;      // false: it creates something (a pending item)
  std::function<Result<ToolOutput>(const Args&, ToolContext&)> run;
};

// Every tool, in the order tools/list gives them.
const std::vector<ToolSpec>& Tools();
const ToolSpec* FindTool(const std::string& name);

// The tools by group (tools_case.cpp, tools_rules.cpp, tools_journal.cpp, tools_ir.cpp).
void AddCaseTools(std::vector<ToolSpec>& tools);
void AddRuleTools(std::vector<ToolSpec>& tools);
void AddJournalTools(std::vector<ToolSpec>& tools);
void AddIrTools(std::vector<ToolSpec>& tools);           // tools_ir.cpp
void AddThreatModelTools(std::vector<ToolSpec>& tools);  // tools_threat_model.cpp
void AddSecretsTools(std::vector<ToolSpec>& tools);      // tools_secrets.cpp
void AddReviewTools(std::vector<ToolSpec>& tools);       // tools_review.cpp

// docs/mcp-tools.md: every tool with what it does, whether it writes, and its arguments.
std::string ToolReferenceMarkdown();

// `path` made canonical (symlinks and .. resolved) when it lies inside an allowed folder; an
// error naming the allowed folders otherwise, or when it does not exist.
Result<std::string> AllowedPath(const ServerOptions& options, const std::string& path);

// A tool error: the tool ran and says why it did nothing. Its structured form is
// {"error": why, DETAILS_KEY: details} (details when given: findings, a lint report).
ToolOutput Refusal(const std::string& why, const std::string& details_json = "",
                   const char* details_key = "details");

// An output schema: an object with these members (name → JSON Schema text) all required, or
// a refusal ({"error", "findings"?, "details"?}). Clients such as the TypeScript SDK validate
// structuredContent against it even when isError is set, so a refusal must fit it too.
std::string ObjectSchema(const std::vector<std::pair<std::string, std::string>>& members);

}  // namespace quarry::mcp
