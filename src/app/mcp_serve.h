// quarry mcp as a job: the server's options checked and widened as the person asked, then the
// case served over stdio or Streamable HTTP until the client goes. Built as its own library
// (quarry_app_mcp, see src/mcp/CMakeLists.txt) because the MCP server itself calls app jobs.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/status.h"

namespace quarry::app {

struct McpServeRequest {
  std::string case_dir;
  int http_port = 0;  // 0: stdio
  bool allow_write = false;
  std::vector<std::string> allow_paths;
  bool show_secrets = false;
  size_t max_rows = 1000;
};

// Prints what the server may do to `log`, then serves. The exit code for stdio, 0 for HTTP;
// a usage error for a bad --allow-path, an input error when there is no case.
Result<int> ServeMcp(const McpServeRequest& request, std::ostream& log);

}  // namespace quarry::app
