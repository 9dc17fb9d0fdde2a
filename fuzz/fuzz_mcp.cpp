// MCP requests from bytes: the JSON-RPC parser, then the server's dispatch (versions, stateless
// _meta, resources, prompts, completion) and every tool's argument checks, over a case that does
// not exist (tools refuse at once; nothing is written). The bytes also go through the result
// redactor, which walks any JSON.
#include <cstddef>
#include <cstdint>
#include <string>

#include "mcp/args.h"
#include "mcp/jsonrpc.h"
#include "mcp/server.h"
#include "mcp/untrusted.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quarry::mcp;
  std::string text(reinterpret_cast<const char*>(data), size);
  static Server* server = [] {
    ServerOptions options;
    options.case_dir = "/nonexistent/quarry-fuzz-case";
    return new Server(options);
  }();
  Session session;
  ParsedMessage parsed = ParseMessage(text);
  (void)server->Handle(parsed, session, [](const std::string&) {});
  for (const ToolSpec& tool : Tools()) (void)ParseArgs(tool.args, text);
  int redactions = 0;
  (void)RedactJson(text, redactions);
  return 0;
}
