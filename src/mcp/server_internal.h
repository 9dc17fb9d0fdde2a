// What the server's files share.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

namespace quarry::mcp::internal {

// The rank of an MCP log level (debug 0 … emergency 7), -1 for anything else.
int LevelRank(std::string_view level);
// A string member of a JSON object, "" when absent or not a string.
std::string Member(simdjson::dom::element e, const char* key);

}  // namespace quarry::mcp::internal
