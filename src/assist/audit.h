// DIR/audit.jsonl: one line per call to a model provider (and per refused call): who was
// asked, under which data class, how much was redacted, hashes of what was sent and received,
// how long it took and how many tokens it used. The prompt and answer themselves are not kept.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace quarry::assist {

struct AuditRecord {
  std::string provider;  // configured name
  std::string kind;      // openai | anthropic | ollama
  std::string model;
  std::string endpoint;
  std::string data_class;
  std::string outcome;  // "answered", "refused: …", "failed: …", "not a query"
  int redactions = 0;
  size_t pseudonyms = 0;
  std::string prompt_sha256;
  std::string response_sha256;
  int64_t latency_ms = 0;
  int attempts = 0;
  int64_t prompt_tokens = -1;  // -1 when the provider did not say
  int64_t completion_tokens = -1;
};

Status AppendAudit(const std::string& case_dir, const AuditRecord& record);

// One call of a tool by an agent (MCP) or a page (the web workbench), in the same file: who
// called, which tool, a digest of its arguments (not the arguments), how it ended, how many rows
// it returned, how many secrets were redacted from it and how long it took.
struct ToolCallRecord {
  std::string channel;  // "mcp", "web"
  std::string client;   // name and version the client gave
  std::string tool;
  std::string arguments_sha256;
  std::string outcome;  // "ok", "refused: …", "error: …", "cancelled"
  int64_t rows = -1;    // -1 when the tool returns no rows
  int redactions = 0;
  int64_t duration_ms = 0;
};

Status AppendToolAudit(const std::string& case_dir, const ToolCallRecord& record);

}  // namespace quarry::assist
