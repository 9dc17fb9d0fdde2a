// The stdio transport: one JSON-RPC message per line on stdin, answers and notifications one
// per line on stdout (nothing else is written there), log lines on stderr. Tool calls run on
// worker threads so that pings and cancellations are read while they work.
#pragma once

#include "mcp/server.h"

namespace quarry::mcp {

// Serves one client on `in_fd` / `out_fd` until the input ends and every running call has
// answered; returns 0.
int ServeStdio(Server& server, int in_fd, int out_fd);

}  // namespace quarry::mcp
