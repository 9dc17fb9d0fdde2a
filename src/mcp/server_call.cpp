// tools/call: arguments checked against the tool's declaration, the tool run through its job,
// its output redacted, fenced and audited.
#include <simdjson.h>

#include <chrono>

#include "assist/audit.h"
#include "assist/redact.h"
#include "core/hash.h"
#include "core/json.h"
#include "mcp/server.h"
#include "mcp/server_internal.h"
#include "mcp/untrusted.h"

namespace quarry::mcp {
namespace {

using internal::LevelRank;
using internal::Member;

// The call's result: the structured content and its text rendering (our summary line, then
// the content fenced as untrusted data).
std::string ToolResult(const ToolOutput& out, const std::string& structured) {
  std::string text = out.summary + "\n" + Fence(structured, NewNonce());
  std::string result;
  JsonWriter w(result);
  w.BeginObject().Key("content").BeginArray();
  w.BeginObject().Field("type", "text").Field("text", text).EndObject();
  w.EndArray().Key("structuredContent").Raw(structured).Field("isError", out.is_error);
  w.EndObject();
  return result;
}

}  // namespace

Reply Server::CallTool(const Message& m, Session& session, const RequestEra& era,
                       const std::function<void(const std::string&)>& notify) {
  auto started = std::chrono::steady_clock::now();
  simdjson::dom::parser parser;
  simdjson::dom::element params;
  if (parser.parse(m.params).get(params) != simdjson::SUCCESS) {
    return Reply::Error(kInvalidParams, "tools/call needs params");
  }
  std::string name = Member(params, "name");
  const ToolSpec* tool = FindTool(name);
  if (tool == nullptr) {
    return Reply::Error(kInvalidParams, "no tool '" + name.substr(0, 100) + "' (see tools/list)");
  }
  std::string arguments = "{}";
  simdjson::dom::element args_element;
  if (params["arguments"].get(args_element) == simdjson::SUCCESS) {
    arguments = simdjson::minify(args_element);
  }
  std::string progress_token;
  simdjson::dom::element meta, token;
  if (params["_meta"].get(meta) == simdjson::SUCCESS &&
      meta["progressToken"].get(token) == simdjson::SUCCESS &&
      (token.is_string() || token.is_int64() || token.is_uint64())) {
    progress_token = simdjson::minify(token);
  }
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  const std::string& client = era.client;
  {
    std::lock_guard<std::mutex> lock(session.mu);
    if (session.cancelled_before_start.erase(m.id) != 0) {
      Reply none;
      none.none = true;
      return none;
    }
    session.running[m.id] = cancelled;
  }
  auto last_progress = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  ToolContext ctx{
      options_, client, [cancelled] { return cancelled->load(); },
      [&](double progress, double total, const std::string& message) {
        auto now = std::chrono::steady_clock::now();
        if (progress_token.empty() || now - last_progress < std::chrono::milliseconds(200)) return;
        last_progress = now;
        std::string p;
        JsonWriter w(p);
        w.BeginObject().Key("progressToken").Raw(progress_token);
        w.Field("progress", progress);
        if (total > 0) w.Field("total", total);
        w.Field("message", message).EndObject();
        notify(NotificationMessage("notifications/progress", p));
      }};
  assist::ToolCallRecord audit;
  audit.channel = "mcp";
  audit.client = client;
  audit.tool = tool->name;
  audit.arguments_sha256 = Sha256Hex(arguments);
  ToolOutput out;
  auto args = ParseArgs(tool->args, arguments);
  if (!args.ok()) {
    out = Refusal(args.status().message() + " (see the tool's inputSchema)");
  } else {
    auto ran = tool->run(*args, ctx);
    out = ran.ok() ? std::move(*ran) : Refusal(ran.status().message());
  }
  {
    std::lock_guard<std::mutex> lock(session.mu);
    session.running.erase(m.id);
  }
  std::string structured = out.structured;
  int redactions = 0;
  if (!options_.show_secrets) structured = RedactJson(structured, redactions);
  if (!options_.show_secrets) {
    assist::Redacted summary = assist::RedactSecrets(out.summary);
    out.summary = std::move(summary.text);
    redactions += summary.count;
  }
  audit.outcome = cancelled->load() ? "cancelled"
                  : out.is_error    ? "refused: " + out.summary.substr(0, 200)
                                    : "ok";
  audit.rows = out.rows;
  audit.redactions = redactions;
  audit.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
  (void)assist::AppendToolAudit(options_.case_dir, audit);
  if (!era.log_level.empty() && LevelRank("debug") >= LevelRank(era.log_level)) {
    std::string p;
    JsonWriter w(p);
    w.BeginObject().Field("level", "debug").Field("logger", "quarry");
    w.Field("data",
            tool->name + ": " + audit.outcome + " in " + std::to_string(audit.duration_ms) + " ms")
        .EndObject();
    notify(NotificationMessage("notifications/message", p));
  }
  Reply reply;
  reply.none = cancelled->load();  // a cancelled request is not answered
  reply.result = ToolResult(out, structured);
  return reply;
}

}  // namespace quarry::mcp
