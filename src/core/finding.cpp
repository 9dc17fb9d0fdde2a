#include "core/finding.h"

#include <utility>

#include "core/json.h"

namespace quarry {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

std::string Location::ToString() const {
  std::string out = file;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
    if (has_offset) out += " (byte " + std::to_string(offset) + ")";
  } else if (has_offset) {
    out += " (byte " + std::to_string(offset) + ")";
  }
  return out;
}

std::string Finding::ToString() const {
  std::string out = where.ToString();
  if (!out.empty()) out += ": ";
  out += SeverityName(severity);
  out += ": ";
  out += message;
  if (!code.empty()) out += " [" + code + "]";
  if (!suggestion.empty()) out += "\n  hint: " + suggestion;
  return out;
}

Finding ErrorAt(std::string code, std::string message, std::string file, uint64_t line) {
  Finding f;
  f.severity = Severity::kError;
  f.code = std::move(code);
  f.message = std::move(message);
  f.where.file = std::move(file);
  f.where.line = line;
  return f;
}

void WriteFinding(JsonWriter& w, const Finding& f) {
  w.BeginObject();
  WriteFindingFields(w, f);
  w.EndObject();
}

void WriteFindingFields(JsonWriter& w, const Finding& f) {
  w.Field("severity", SeverityName(f.severity)).Field("code", f.code).Field("message", f.message);
  if (!f.where.file.empty()) w.Field("file", f.where.file);
  w.Key("span")
      .BeginObject()
      .Field("start", f.where.offset)
      .Field("end", f.where.offset + f.where.length)
      .Field("line", f.where.line)
      .Field("column", f.where.column)
      .EndObject();
  w.Field("suggestion", f.suggestion);
}

void WriteFindings(JsonWriter& w, const std::vector<Finding>& findings) {
  w.BeginArray();
  for (const auto& f : findings) WriteFinding(w, f);
  w.EndArray();
}

}  // namespace quarry
