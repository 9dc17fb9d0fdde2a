#include "assist/audit.h"

#include <filesystem>
#include <fstream>

#include "core/json.h"
#include "core/time.h"

namespace quarry::assist {
namespace {

// One line, appended whole (a line under PIPE_BUF is one write: concurrent callers do not mix).
Status AppendLine(const std::string& case_dir, std::string line) {
  line += "\n";
  std::ofstream out(std::filesystem::path(case_dir) / "audit.jsonl",
                    std::ios::app | std::ios::binary);
  out << line;
  out.flush();
  if (!out) return IoError("cannot append to " + case_dir + "/audit.jsonl");
  return Status::Ok();
}

}  // namespace

Status AppendAudit(const std::string& case_dir, const AuditRecord& r) {
  std::string line;
  JsonWriter w(line);
  w.BeginObject()
      .Field("time", FormatIsoTime(WallClockNow()))
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
  return AppendLine(case_dir, line);
}

Status AppendToolAudit(const std::string& case_dir, const ToolCallRecord& r) {
  std::string line;
  JsonWriter w(line);
  w.BeginObject()
      .Field("time", FormatIsoTime(WallClockNow()))
      .Field("channel", r.channel)
      .Field("client", r.client)
      .Field("tool", r.tool)
      .Field("arguments_sha256", r.arguments_sha256)
      .Field("outcome", r.outcome);
  w.Key("rows");
  if (r.rows < 0) {
    w.Null();
  } else {
    w.Int(r.rows);
  }
  w.Field("redactions", r.redactions).Field("duration_ms", r.duration_ms).EndObject();
  return AppendLine(case_dir, line);
}

}  // namespace quarry::assist
