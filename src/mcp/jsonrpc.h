// JSON-RPC 2.0 messages as MCP carries them: one JSON object per message (batches are not part
// of MCP since 2025-06-18), ids that are strings or integers, params that are objects. Parsing
// never throws and says exactly what is wrong, so the server can answer and go on serving.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace quarry::mcp {

// JSON-RPC's error codes, and MCP's for a resource that does not exist.
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kResourceNotFound = -32002;

// Larger messages are refused unread (a client that sends one gets an error and may go on).
inline constexpr size_t kMaxMessageBytes = 4 << 20;

struct Message {
  enum class Kind { kRequest, kNotification, kResponse };
  Kind kind = Kind::kRequest;
  std::string id;      // the id as JSON text ("7", "\"a\""); "" for a notification
  std::string method;  // "" for a response
  std::string params;  // a JSON object's text; "{}" when there were none
};

struct ParsedMessage {
  bool ok = false;
  Message message;
  int error_code = 0;             // when !ok
  std::string error;              // what is wrong, for the error's message
  std::string error_id = "null";  // the request's id when it could be read, else null
};

ParsedMessage ParseMessage(std::string_view text);

// The lines a server sends (without the line break).
std::string ResultMessage(std::string_view id, std::string_view result_json);
std::string ErrorMessage(std::string_view id, int code, std::string_view message,
                         std::string_view data_json = "");
std::string NotificationMessage(std::string_view method, std::string_view params_json);

}  // namespace quarry::mcp
