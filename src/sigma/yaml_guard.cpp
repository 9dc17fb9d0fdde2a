#include "sigma/yaml_guard.h"

#include "core/strings.h"

namespace quarry::sigma {
namespace {

// yaml-cpp 0.7 (Debian 12) loops forever on a line that starts with ',' where a block token is
// expected (found by fuzz_sigma: the text "," alone hangs it). Rule files are untrusted input,
// so such lines are refused before the library sees them. Lines inside block scalars (`|`, `>`)
// are text and allowed. Returns the 1-based line (negated for a control character), or 0 when
// the text is safe.
int LineYamlCppCannotParse(std::string_view text) {
  int line = 0;
  int block_indent = -1;  // indentation of the key that opened a block scalar
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(pos, end - pos);
    ++line;
    for (char c : l) {
      auto u = static_cast<unsigned char>(c);
      // YAML allows no control characters but tab, CR and LF (yaml-cpp hangs on NUL too).
      if ((u < 0x20 && c != '\t' && c != '\r') || u == 0x7F) return -line;
    }
    size_t first = l.find_first_not_of(" \t\r");
    if (first != std::string_view::npos) {
      int indent = static_cast<int>(first);
      if (block_indent >= 0 && indent <= block_indent) block_indent = -1;
      if (block_indent < 0) {
        if (l[first] == ',') return line;
        // A block scalar starts after `key: |` or `- >` (with optional indicators/comment).
        std::string_view rest = l.substr(first);
        size_t hash = rest.find(" #");
        std::string_view body = TrimAscii(rest.substr(0, hash));
        size_t mark = body.find_last_of("|>");
        if (mark != std::string_view::npos && mark > 0 &&
            body.find_first_not_of("-+0123456789", mark + 1) == std::string_view::npos &&
            (body[mark - 1] == ' ' || body[mark - 1] == ':' || body[mark - 1] == '-')) {
          block_indent = indent;
        }
      }
    }
    if (end == text.size()) break;
    pos = end + 1;
  }
  return 0;
}

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

bool IsFlowStart(char c) {
  return c == '\'' || c == '"' || c == '[' || c == '{';
}

// Whether a quote at `i` opens a quoted scalar: only where a scalar starts (the node's start, or
// after `[`, `{`, `,` or `:` and blanks); elsewhere it is part of a plain scalar (`[it's]`).
bool QuoteStartsScalar(std::string_view text, size_t node_start, size_t i) {
  if (i == node_start) return true;
  size_t j = i;
  while (j > node_start && (IsBlank(text[j - 1]) || text[j - 1] == '\n')) --j;
  if (j == node_start) return true;
  char before = text[j - 1];
  return before == '[' || before == '{' || before == ',' || before == ':';
}

// The index just past the flow node (a quoted scalar, [...] or {...}) that starts at `pos`,
// counting the line breaks it spans into `line`; npos when the text ends inside it.
size_t SkipFlowNode(std::string_view text, size_t pos, int& line) {
  int depth = 0;
  char quote = 0;
  for (size_t i = pos; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') ++line;
    if (quote == '\'') {
      if (c == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' is a quote inside the scalar
      } else if (c == '\'') {
        quote = 0;
        if (depth == 0) return i + 1;
      }
    } else if (quote == '"') {
      if (c == '\\') {
        if (i + 1 < text.size() && text[i + 1] == '\n') ++line;
        ++i;
      } else if (c == '"') {
        quote = 0;
        if (depth == 0) return i + 1;
      }
    } else if ((c == '\'' || c == '"') && QuoteStartsScalar(text, pos, i)) {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (--depth <= 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

// yaml-cpp 0.7 also loops forever when a document's root is a flow node followed by ',' on the
// same line, also after further flow nodes (found by fuzz_sigma: " ' ', " hangs it, as do
// `[a], b`, `{a: 1}, b` and `'a' 'b', c`; plain text before the comma does not).
// Returns the 1-based line of that comma, or 0.
int CommaAfterFlowRoot(std::string_view text) {
  int line = 1;
  bool looking_for_root = true;  // at the start of the text and after each `---`
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(pos, end - pos);
    size_t start = pos;
    if (l.substr(0, 3) == "---" && (l.size() == 3 || IsBlank(l[3]))) {
      looking_for_root = true;
      start += 3;
    } else if (l.substr(0, 3) == "..." && (l.size() == 3 || IsBlank(l[3]))) {
      looking_for_root = true;  // a document end: the next content is another document's root
      start = end;
    } else if (!l.empty() && l[0] == '%') {
      start = end;  // a directive: no content
    }
    if (looking_for_root) {
      // The root's anchors, tags and flow nodes, in any order and number: a comma after any of
      // them hangs yaml-cpp (`' ', `, `[a] [b], c`, `!t, b`, `'a' !b', c`; found by fuzz_sigma).
      size_t p = start;
      int node_line = line;
      bool seen = false;
      for (;;) {
        while (p < text.size() && IsBlank(text[p])) ++p;
        if (p >= text.size()) break;
        char c = text[p];
        if (c == ',' && seen) return node_line;
        if (c == '&' || c == '!') {
          // An anchor or tag ends at a blank or a flow indicator (`&a[b]`); quotes belong to it.
          while (p < text.size() && !IsBlank(text[p]) && text[p] != '\n' && text[p] != ',' &&
                 text[p] != '[' && text[p] != ']' && text[p] != '{' && text[p] != '}') {
            ++p;
          }
        } else if (IsFlowStart(c)) {
          size_t skipped = SkipFlowNode(text, p, node_line);
          if (skipped == std::string_view::npos) {
            // Unclosed (a quote in a plain scalar, say): go on with the next line, so later
            // documents are still checked.
            node_line = line;
            p = end;
            looking_for_root = false;
            break;
          }
          p = skipped;
          looking_for_root = false;
        } else {
          // Plain content (the root is a plain scalar or a block map or list), or the end of the
          // line or a comment (the root is on a later line).
          if (c != '\n' && c != '#') looking_for_root = false;
          break;
        }
        seen = true;
      }
      if (p > end) {
        line = node_line;
        end = text.find('\n', p);
        if (end == std::string_view::npos) end = text.size();
      }
    }
    if (end == text.size()) break;
    pos = end + 1;
    ++line;
  }
  return 0;
}

}  // namespace

std::optional<YamlHazard> FindYamlHazard(std::string_view text) {
  // yaml-cpp reads past a UTF-8 byte order mark; so must the checks.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (int bad = LineYamlCppCannotParse(text)) {
    if (bad < 0) return YamlHazard{-bad, "a control character (YAML allows only tab, CR and LF)"};
    return YamlHazard{bad,
                      "a line starting with ',' (quote the value, or join it to the previous "
                      "line)"};
  }
  if (int line = CommaAfterFlowRoot(text)) {
    return YamlHazard{line,
                      "a ',' after a document that is a quoted value, a [...] or {...} list, or "
                      "an anchor or tag (a rule is a map: key: value)"};
  }
  return std::nullopt;
}

}  // namespace quarry::sigma
