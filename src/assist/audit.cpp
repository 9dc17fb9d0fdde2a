#include "assist/audit.h"

#include <chrono>
#include <filesystem>
#include <fstream>

#include "core/json.h"
#include "core/time.h"

namespace quarry::assist {

Status AppendAudit(const std::string& case_dir, const AuditRecord& r) {
  auto since = std::chrono::system_clock::now().time_since_epoch();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(since).count();
  std::string line;
  JsonWriter w(line);
  w.BeginObject()
      .Field("time", FormatIsoTime(Timestamp{micros * Timestamp::kTicksPerMicro}))
      .Field("provider", r.provider)
      .Field("kind", r.kind)
      .Field("model", r.model)
      .Field("endpoint", r.endpoint)
      .Field("data_class", r.data_class)
      .Field("outcome", r.outcome)
      .Field("redactions", r.redactions)
      .Field("pseudonyms", r.pseudonyms)
      .Field("prompt_sha256", r.prompt_sha256)
      .Field("response_sha256", r.response_sha256)
      .Field("latency_ms", r.latency_ms)
      .Field("attempts", r.attempts);
  // Token counts a provider did not report are null, not zero.
  for (const auto& [key, tokens] : {std::pair{"prompt_tokens", r.prompt_tokens},
                                    std::pair{"completion_tokens", r.completion_tokens}}) {
    w.Key(key);
    if (tokens < 0) {
      w.Null();
    } else {
      w.Int(tokens);
    }
  }
  w.EndObject();
  line += "\n";
  std::ofstream out(std::filesystem::path(case_dir) / "audit.jsonl",
                    std::ios::app | std::ios::binary);
  out << line;
  out.flush();
  if (!out) return IoError("cannot append to " + case_dir + "/audit.jsonl");
  return Status::Ok();
}

}  // namespace quarry::assist
