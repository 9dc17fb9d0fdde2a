#include "review/claimed.h"

#include <simdjson.h>

#include <cmath>

#include "review/cwe.h"

namespace quarry::review {
namespace {

std::string Str(simdjson::dom::element e, const char* key) {
  std::string_view s;
  if (e[key].get_string().get(s) == simdjson::SUCCESS) return std::string(s);
  int64_t n = 0;
  if (e[key].get_int64().get(n) == simdjson::SUCCESS) return std::to_string(n);
  return "";
}

uint64_t Line(simdjson::dom::element e, const char* key, bool& bad) {
  int64_t n = 0;
  double d = 0;
  std::string_view s;
  if (e[key].get_int64().get(n) == simdjson::SUCCESS) {
    if (n < 0) bad = true;
    return n > 0 ? static_cast<uint64_t>(n) : 0;
  }
  if (e[key].get_double().get(d) == simdjson::SUCCESS && d >= 0 && d < 1e9) {
    return static_cast<uint64_t>(std::floor(d));
  }
  if (e[key].get_string().get(s) == simdjson::SUCCESS) {
    uint64_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9' || v > 1000000000) {
        bad = true;
        return 0;
      }
      v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    return v;
  }
  return 0;
}

// The JSON inside a model's answer: a ```json fence, else from the first [ or { to the last ] or }.
std::string_view JsonPart(std::string_view text) {
  size_t fence = text.find("```");
  if (fence != std::string_view::npos) {
    size_t start = text.find('\n', fence);
    size_t end = start == std::string_view::npos ? start : text.find("```", start);
    if (start != std::string_view::npos && end != std::string_view::npos)
      return text.substr(start + 1, end - start - 1);
  }
  size_t first = text.find_first_of("[{");
  size_t last = text.find_last_of("]}");
  if (first == std::string_view::npos || last == std::string_view::npos || last < first) return {};
  return text.substr(first, last - first + 1);
}

}  // namespace

const char* ClaimedFindingsFormat() {
  return "Answer with JSON only: {\"findings\": [{\"file\": path as given, \"line\": first line "
         "(1-based, new side), \"end_line\": last line, \"cwe\": \"CWE-N\", \"owasp\": \"A01\".."
         "\"A10\" (OWASP Top 10 2025), \"severity\": \"error\"|\"warning\", \"message\": one "
         "sentence, \"evidence\": the exact code of those lines, \"symbols\": [functions, methods "
         "or classes the finding is about], \"missing_check\": \"\" or the kind of check you say "
         "is absent (authorization, authentication, validation, csrf, bounds, null)}]}. An empty "
         "list when you find nothing. Report only security weaknesses in the code shown.";
}

ClaimedFindings ReadClaimedFindings(std::string_view text, const std::string& engine,
                                    const std::string& source_name) {
  ClaimedFindings out;
  std::string_view json = JsonPart(text);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (json.empty() || parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS) {
    out.problems.push_back(ErrorAt("review.claimed_not_json",
                                   "the findings are not the asked structure: no JSON array or "
                                   "object with \"findings\" could be read",
                                   source_name));
    return out;
  }
  simdjson::dom::array list;
  if (doc.get_array().get(list) != simdjson::SUCCESS &&
      doc["findings"].get_array().get(list) != simdjson::SUCCESS) {
    out.problems.push_back(ErrorAt("review.claimed_not_list",
                                   "the findings are not the asked structure: expected a list, or "
                                   "an object with a \"findings\" list",
                                   source_name));
    return out;
  }
  size_t index = 0;
  for (simdjson::dom::element e : list) {
    ++index;
    std::string at = "finding " + std::to_string(index);
    if (!e.is_object()) {
      out.problems.push_back(
          ErrorAt("review.claimed_entry", at + " is not an object", source_name));
      continue;
    }
    ReviewFinding f;
    bool bad = false;
    f.finding.where.file = Str(e, "file");
    f.finding.where.line = Line(e, "line", bad);
    f.end_line = Line(e, "end_line", bad);
    if (f.finding.where.file.empty() || bad) {
      out.problems.push_back(
          ErrorAt("review.claimed_entry", at + " needs a file and a line number", source_name));
      continue;
    }
    f.cwe = Str(e, "cwe");
    if (std::string canonical = CweTable::Canonical(f.cwe); !canonical.empty()) f.cwe = canonical;
    f.owasp = Str(e, "owasp");
    if (f.owasp.size() > 3 && f.owasp[0] == 'A') f.owasp = f.owasp.substr(0, 3);
    std::string severity = Str(e, "severity");
    f.finding.severity = severity == "error" || severity == "high" || severity == "critical"
                             ? Severity::kError
                             : Severity::kWarning;
    f.finding.message = Str(e, "message");
    f.finding.code = Str(e, "rule");
    if (f.finding.code.empty()) f.finding.code = engine + ".finding";
    f.evidence = Str(e, "evidence");
    f.missing_check = Str(e, "missing_check");
    simdjson::dom::array symbols;
    if (e["symbols"].get_array().get(symbols) == simdjson::SUCCESS)
      for (simdjson::dom::element s : symbols) {
        std::string_view name;
        if (s.get_string().get(name) == simdjson::SUCCESS && !name.empty())
          f.symbols.emplace_back(name);
      }
    f.engine = engine;
    f.claimed = true;
    f.voices.push_back(Voice{engine, f.finding.code, f.cwe, f.finding.message});
    out.findings.push_back(std::move(f));
  }
  return out;
}

}  // namespace quarry::review
