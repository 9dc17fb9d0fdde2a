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

}  // namespace quarry::assist
