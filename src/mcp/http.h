// The Streamable HTTP transport on loopback: POST /mcp carries one JSON-RPC message; requests
// are answered with JSON, or with an SSE stream (progress and log notifications, then the
// answer) for tool calls when the client accepts one. Every request needs the bearer token
// printed at start; a browser page on another origin is refused (DNS rebinding). Sessions
// (Mcp-Session-Id) for clients that initialize; stateless 2026-07-28 requests need none.
#pragma once

#include <string>

#include "mcp/server.h"

namespace quarry::mcp {

struct HttpOptions {
  int port = 0;
  std::string token;  // the bearer token every request must carry
};

// A token of 32 random hex digits.
std::string NewToken();

// Serves until the process is stopped; an error when the port cannot be bound.
Status ServeHttp(Server& server, const HttpOptions& options);

}  // namespace quarry::mcp
