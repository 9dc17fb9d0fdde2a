// The MCP server's protocol core, shared by the stdio and HTTP transports: version negotiation
// (initialize for 2025-06-18 and 2025-11-25; server/discover and per-request versions for the
// stateless 2026-07-28 revision), tools, resources, prompts, ping, logging, progress and
// cancellation. Every tool call is checked against its declared arguments, run through its
// `app` job, redacted, fenced, capped and written to the case's audit log.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "mcp/jsonrpc.h"
#include "mcp/tools.h"

namespace quarry::mcp {

inline constexpr const char* kServerVersion = "0.1.0";

// The protocol revisions this server speaks, oldest first.
const std::vector<std::string>& ProtocolVersions();

// One client's state: the version agreed, who it is, its log level and the calls it has
// running (each with the flag its cancellation sets).
struct Session {
  std::string protocol_version;  // "" until initialize (or a stateless request) sets it
  std::string client_name, client_version;
  std::string log_level = "info";
  std::mutex mu;
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> running;  // request id → cancelled
  std::set<std::string> cancelled_before_start;  // calls still queued when cancelled
  std::string ClientLabel() const;
};

// How one request is served: in a session that initialize opened (its version and log level),
// or as a stateless 2026-07-28 request that carries its version, client and log level in _meta.
struct RequestEra {
  bool stateless = false;
  std::string client;     // "name version"
  std::string log_level;  // notifications/message at this level or above; "" for none
};

// A method's answer: a result object, or a JSON-RPC error (code, message, data).
struct Reply {
  std::string result;
  int code = 0;
  std::string message;
  std::string data;   // JSON, or ""
  bool none = false;  // no answer at all (a cancelled call)
  static Reply Error(int code, std::string message, std::string data = "") {
    Reply r;
    r.code = code;
    r.message = std::move(message);
    r.data = std::move(data);
    return r;
  }
};

class Server {
 public:
  explicit Server(ServerOptions options) : options_(std::move(options)) {}
  const ServerOptions& options() const { return options_; }

  // Answers one message: the response line, or "" when there is none (a notification, a
  // response, or a cancelled request). Notifications meant for this request's client (progress,
  // log messages) go to `notify` before the answer is returned. Safe to call from several
  // threads at once for different requests.
  std::string Handle(const ParsedMessage& parsed, Session& session,
                     const std::function<void(const std::string&)>& notify);

  // Whether `method` may take long (the transports run those off their reading thread).
  static bool MayTakeLong(std::string_view method) { return method == "tools/call"; }

 private:
  std::string Dispatch(const Message& m, Session& session,
                       const std::function<void(const std::string&)>& notify);
  Reply Initialize(const Message& m, Session& session);
  Reply CallTool(const Message& m, Session& session, const RequestEra& era,
                 const std::function<void(const std::string&)>& notify);
  ServerOptions options_;
};

// Resources and prompts (server_catalog.cpp): each returns a result object's JSON, or "" with
// `error` set for a JSON-RPC error. A resource that does not exist is -32002 (stateless
// requests: -32602).
std::string ListResources(const ServerOptions& options);
std::string ListResourceTemplates();
std::string ReadResource(const ServerOptions& options, std::string_view params_json,
                         int& error_code, std::string& error);
std::string ListPrompts();
// completion/complete: table names for the schema template's {table}; nothing for the rest.
std::string Complete(const ServerOptions& options, std::string_view params_json);
std::string GetPrompt(const ServerOptions& options, std::string_view params_json, int& error_code,
                      std::string& error);

}  // namespace quarry::mcp
