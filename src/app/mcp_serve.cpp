#include "app/mcp_serve.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <ostream>

#include "mcp/http.h"
#include "mcp/stdio.h"

namespace quarry::app {

Result<int> ServeMcp(const McpServeRequest& request, std::ostream& log) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(fs::path(request.case_dir) / "events.db", ec)) {
    return NotFound("no case at " + request.case_dir +
                    " (make one with quarry ingest EVIDENCE --case " + request.case_dir + ")");
  }
  mcp::ServerOptions options;
  options.case_dir = fs::canonical(request.case_dir, ec).string();
  options.allow_write = request.allow_write;
  options.show_secrets = request.show_secrets;
  options.max_rows = request.max_rows;
  // By default tools read the case and the folder the person started the server in.
  std::vector<std::string> allowed = {options.case_dir, fs::current_path(ec).string()};
  for (const std::string& p : request.allow_paths) {
    fs::path real = fs::canonical(p, ec);
    if (ec) return UsageError("--allow-path " + p + ": no such folder");
    allowed.push_back(real.string());
  }
  options.allowed_paths = allowed;
  std::string list;
  for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
  log << "quarry mcp: case " << options.case_dir << "; "
      << (request.allow_write ? "scans may store alerts in the case"
                              : "read-only (journal and rules change only when a person "
                                "approves a pending item)")
      << "; tools may read " << list << (request.show_secrets ? "; secrets are NOT redacted" : "")
      << "\n";
  mcp::Server server(options);
  if (request.http_port != 0) {
    mcp::HttpOptions http;
    http.port = request.http_port;
    // A token of the person's choosing (a client configured with a fixed header), else a new one.
    const char* fixed = std::getenv("QUARRY_MCP_TOKEN");
    http.token = fixed != nullptr && std::strlen(fixed) >= 16 ? fixed : mcp::NewToken();
    QUARRY_RETURN_IF_ERROR(mcp::ServeHttp(server, http));
    return 0;
  }
  return mcp::ServeStdio(server, STDIN_FILENO, STDOUT_FILENO);
}

}  // namespace quarry::app
