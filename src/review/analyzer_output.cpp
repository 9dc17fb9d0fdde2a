#include "review/analyzer_output.h"

#include <simdjson.h>

#include <charconv>

namespace quarry::review {
namespace {

uint64_t Number(std::string_view s) {
  uint64_t n = 0;
  std::from_chars(s.data(), s.data() + s.size(), n);
  return n;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t end = s.find(sep, start);
    out.push_back(
        s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// One CSV record from POS (RFC 4180 quoting; a quoted field may hold line ends).
std::vector<std::string> CsvRecord(std::string_view text, size_t& pos) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  while (pos < text.size()) {
    char c = text[pos++];
    if (quoted) {
      if (c == '"' && pos < text.size() && text[pos] == '"') {
        fields.back() += '"';
        ++pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

// ELEMENT is an element or a result: a missing member along a path is an error value, never
// an exception.
template <typename Element>
std::string Str(Element e, const char* key) {
  std::string_view value;
  if (e[key].get_string().get(value) == simdjson::SUCCESS) return std::string(value);
  return "";
}

template <typename Element>
uint64_t Uint(Element e, const char* key) {
  int64_t value = 0;
  if (e[key].get_int64().get(value) == simdjson::SUCCESS && value > 0)
    return static_cast<uint64_t>(value);
  return 0;
}

// "file:///tmp/x.c" → "/tmp/x.c" (percent escapes decoded).
std::string PathOfUri(std::string_view uri) {
  if (uri.substr(0, 7) == "file://") uri.remove_prefix(7);
  std::string out;
  for (size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size()) {
      unsigned value = 0;
      auto r = std::from_chars(uri.data() + i + 1, uri.data() + i + 3, value, 16);
      if (r.ec == std::errc() && r.ptr == uri.data() + i + 3) {
        out += static_cast<char>(value);
        i += 2;
        continue;
      }
    }
    out += uri[i];
  }
  return out;
}

}  // namespace

RawOutput ParseCppcheck(std::string_view text) {
  RawOutput out;
  for (std::string_view line : Split(text, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    auto cells = Split(line, '\t');
    if (cells.size() < 7 || Number(cells[1]) == 0) {
      ++out.unreadable;
      continue;
    }
    RawFinding f;
    f.file = std::string(cells[0]);
    f.line = f.end_line = Number(cells[1]);
    f.severity = std::string(cells[3]);
    f.rule = std::string(cells[4]);
    if (uint64_t cwe = Number(cells[5]); cwe > 0) f.cwe = "CWE-" + std::to_string(cwe);
    std::string message(cells[6]);
    for (size_t i = 7; i < cells.size(); ++i) message += "\t" + std::string(cells[i]);
    f.message = std::move(message);
    out.findings.push_back(std::move(f));
  }
  return out;
}

RawOutput ParseFlawfinderCsv(std::string_view text) {
  RawOutput out;
  size_t pos = 0;
  std::vector<std::string> header = CsvRecord(text, pos);
  auto column = [&](std::string_view name) {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return static_cast<int>(i);
    return -1;
  };
  int file = column("File"), line = column("Line"), name = column("Name"),
      warning = column("Warning"), cwes = column("CWEs"), level = column("Level"),
      rule = column("RuleId");
  if (file < 0 || line < 0 || name < 0 || warning < 0 || cwes < 0) {
    if (!text.empty()) ++out.unreadable;
    return out;
  }
  while (pos < text.size()) {
    std::vector<std::string> r = CsvRecord(text, pos);
    if (r.size() == 1 && r[0].empty()) continue;
    int needed = std::max({file, line, name, warning, cwes, level, rule});
    if (static_cast<int>(r.size()) <= needed || Number(r[static_cast<size_t>(line)]) == 0) {
      ++out.unreadable;
      continue;
    }
    RawFinding f;
    f.file = r[static_cast<size_t>(file)];
    f.line = f.end_line = Number(r[static_cast<size_t>(line)]);
    f.rule = r[static_cast<size_t>(name)];
    f.message = r[static_cast<size_t>(warning)];
    f.severity = level >= 0 ? r[static_cast<size_t>(level)] : "";
    // "CWE-807, CWE-20": the first is the weakness the hit is about. "CWE-119!/CWE-120": the
    // one after the bang's slash is the specific one.
    std::string list = r[static_cast<size_t>(cwes)];
    size_t bang = list.find("!/");
    if (bang != std::string::npos) list = list.substr(bang + 2);
    f.cwe = list.substr(0, list.find_first_of(", "));
    out.findings.push_back(std::move(f));
  }
  return out;
}

RawOutput ParseBanditJson(std::string_view text) {
  RawOutput out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::array results;
  if (parser.parse(text.data(), text.size()).get(doc) != simdjson::SUCCESS ||
      doc["results"].get_array().get(results) != simdjson::SUCCESS) {
    if (!text.empty()) ++out.unreadable;
    return out;
  }
  for (simdjson::dom::element r : results) {
    RawFinding f;
    f.file = Str(r, "filename");
    f.line = Uint(r, "line_number");
    f.end_line = f.line;
    simdjson::dom::array range;
    if (r["line_range"].get_array().get(range) == simdjson::SUCCESS)
      for (simdjson::dom::element n : range) {
        int64_t v = 0;
        if (n.get_int64().get(v) == simdjson::SUCCESS && v > 0)
          f.end_line = std::max<uint64_t>(f.end_line, static_cast<uint64_t>(v));
      }
    f.rule = Str(r, "test_id");
    f.message = Str(r, "issue_text");
    f.severity = Str(r, "issue_severity");
    int64_t cwe = 0;
    if (r["issue_cwe"]["id"].get_int64().get(cwe) == simdjson::SUCCESS && cwe > 0)
      f.cwe = "CWE-" + std::to_string(cwe);
    if (f.file.empty() || f.line == 0 || f.rule.empty()) {
      ++out.unreadable;
      continue;
    }
    out.findings.push_back(std::move(f));
  }
  return out;
}

RawOutput ParseEslintJson(std::string_view text) {
  RawOutput out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::array files;
  if (parser.parse(text.data(), text.size()).get(doc) != simdjson::SUCCESS ||
      doc.get_array().get(files) != simdjson::SUCCESS) {
    if (!text.empty()) ++out.unreadable;
    return out;
  }
  for (simdjson::dom::element file : files) {
    std::string path = Str(file, "filePath");
    simdjson::dom::array messages;
    if (file["messages"].get_array().get(messages) != simdjson::SUCCESS) continue;
    for (simdjson::dom::element m : messages) {
      RawFinding f;
      f.file = path;
      f.rule = Str(m, "ruleId");
      f.line = Uint(m, "line");
      f.end_line = std::max(f.line, Uint(m, "endLine"));
      f.message = Str(m, "message");
      int64_t severity = 0;
      if (m["severity"].get_int64().get(severity) != simdjson::SUCCESS) severity = 1;
      f.severity = severity == 2 ? "error" : "warning";
      // A message without a rule is eslint's own: a file it could not parse.
      if (f.rule.empty() || f.line == 0) {
        ++out.unreadable;
        continue;
      }
      out.findings.push_back(std::move(f));
    }
  }
  return out;
}

RawOutput ParseClangSarif(std::string_view text) {
  RawOutput out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::array runs;
  if (parser.parse(text.data(), text.size()).get(doc) != simdjson::SUCCESS ||
      doc["runs"].get_array().get(runs) != simdjson::SUCCESS) {
    if (!text.empty()) ++out.unreadable;
    return out;
  }
  for (simdjson::dom::element run : runs) {
    simdjson::dom::array results;
    if (run["results"].get_array().get(results) != simdjson::SUCCESS) continue;
    for (simdjson::dom::element r : results) {
      RawFinding f;
      f.rule = Str(r, "ruleId");
      f.message = Str(r["message"], "text");
      f.severity = Str(r, "level");
      simdjson::dom::element location;
      if (r["locations"].at(0)["physicalLocation"].get(location) == simdjson::SUCCESS) {
        f.file = PathOfUri(Str(location["artifactLocation"], "uri"));
        f.line = Uint(location["region"], "startLine");
        f.end_line = std::max(f.line, Uint(location["region"], "endLine"));
      }
      if (f.rule.empty() || f.file.empty() || f.line == 0) {
        ++out.unreadable;
        continue;
      }
      out.findings.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace quarry::review
