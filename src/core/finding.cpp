#include "core/finding.h"

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

}  // namespace quarry
