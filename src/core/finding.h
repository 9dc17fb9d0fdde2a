// One finding type for everything Quarry reports about input or artifacts: reader damage,
// KQL lint, rule errors, claim checks. Locations point back at bytes a person can open.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace quarry {

class JsonWriter;

enum class Severity { kInfo, kWarning, kError };
const char* SeverityName(Severity s);

struct Location {
  std::string file;
  uint64_t line = 0;    // 1-based; 0 when unknown
  uint64_t column = 0;  // 1-based; 0 when unknown
  uint64_t offset = 0;  // byte offset
  uint64_t length = 0;  // bytes covered; 0 when a point
  bool has_offset = false;

  // "file:line:col", "file:line", "file (byte N)" or "file", whichever is known.
  std::string ToString() const;
};

struct Finding {
  Severity severity = Severity::kWarning;
  std::string code;  // stable machine name, e.g. "json.truncated"
  std::string message;
  Location where;
  std::string suggestion;

  // "file:12: warning: message [code]"
  std::string ToString() const;
};

// An error-level finding at FILE:LINE (line 0: the file as a whole).
Finding ErrorAt(std::string code, std::string message, std::string file, uint64_t line = 0);

// The one JSON form of a finding, used by every command, the journal, MCP and the web API:
// {"severity","code","message","file" (when known),"span":{"start","end","line","column"},
//  "suggestion"}; start and end are byte offsets, line and column 1-based (0 when unknown).
void WriteFinding(JsonWriter& w, const Finding& f);
// The same fields into an object the caller opened, for findings that carry more (code review).
void WriteFindingFields(JsonWriter& w, const Finding& f);
void WriteFindings(JsonWriter& w, const std::vector<Finding>& findings);

}  // namespace quarry
