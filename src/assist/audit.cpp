#include "assist/audit.h"

#include <chrono>
#include <filesystem>
#include <fstream>

#include "core/strings.h"
#include "core/time.h"

namespace quarry::assist {

Status AppendAudit(const std::string& case_dir, const AuditRecord& r) {
  auto since = std::chrono::system_clock::now().time_since_epoch();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(since).count();
  std::string line = "{\"time\":";
  AppendJsonString(line, FormatIsoTime(Timestamp{micros * Timestamp::kTicksPerMicro}));
  auto member = [&](const char* key, const std::string& value) {
    line += std::string(",\"") + key + "\":";
    AppendJsonString(line, value);
  };
  member("provider", r.provider);
  member("kind", r.kind);
  member("model", r.model);
  member("endpoint", r.endpoint);
  member("data_class", r.data_class);
  member("outcome", r.outcome);
  line += ",\"redactions\":" + std::to_string(r.redactions) +
          ",\"pseudonyms\":" + std::to_string(r.pseudonyms);
  member("prompt_sha256", r.prompt_sha256);
  member("response_sha256", r.response_sha256);
  line += ",\"latency_ms\":" + std::to_string(r.latency_ms) +
          ",\"attempts\":" + std::to_string(r.attempts);
  line += ",\"prompt_tokens\":" +
          (r.prompt_tokens < 0 ? std::string("null") : std::to_string(r.prompt_tokens));
  line += ",\"completion_tokens\":" +
          (r.completion_tokens < 0 ? std::string("null") : std::to_string(r.completion_tokens));
  line += "}\n";
  std::ofstream out(std::filesystem::path(case_dir) / "audit.jsonl",
                    std::ios::app | std::ios::binary);
  out << line;
  out.flush();
  if (!out) return IoError("cannot append to " + case_dir + "/audit.jsonl");
  return Status::Ok();
}

}  // namespace quarry::assist
