#include "core/yaml_guard.h"

#include "core/strings.h"

namespace quarry {
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

// Whether what follows a marker (`---`, `...`) on its line is nothing or a comment.
bool NothingButComment(std::string_view rest) {
  size_t first = rest.find_first_not_of(" \t\r");
  return first == std::string_view::npos || (first > 0 && rest[first] == '#');
}

// Whether `l` starts a block map entry at the left margin: a plain key (not starting with an
// indicator, except `-?:` glued to text), a quoted key on one line, or `? `, then `:` followed
// by a blank or the line's end.
bool StartsMapEntry(std::string_view l) {
  if (l.empty() || IsBlank(l[0])) return false;
  auto colon_ends_key = [&](size_t i) {
    return i < l.size() && l[i] == ':' && (i + 1 == l.size() || IsBlank(l[i + 1]));
  };
  char c = l[0];
  if (c == '?' && (l.size() == 1 || IsBlank(l[1]))) return true;
  if (c == '\'' || c == '"') {
    size_t i = 1;
    for (; i < l.size(); ++i) {
      if (c == '"' && l[i] == '\\') {
        ++i;
      } else if (l[i] == c && c == '\'' && i + 1 < l.size() && l[i + 1] == '\'') {
        ++i;
      } else if (l[i] == c) {
        break;
      }
    }
    if (i >= l.size()) return false;
    for (++i; i < l.size() && IsBlank(l[i]);) ++i;
    return colon_ends_key(i);
  }
  if (std::string_view(",[]{}#&*!|>%@`").find(c) != std::string_view::npos) return false;
  if ((c == '-' || c == '?' || c == ':') && (l.size() == 1 || IsBlank(l[1]))) return false;
  for (size_t i = 0; i < l.size(); ++i) {
    if (colon_ends_key(i)) return true;
    if (l[i] == '#' && i > 0 && IsBlank(l[i - 1])) return false;  // a comment before any key
  }
  return false;
}

// yaml-cpp 0.7 loops forever on a ',' that follows a document's root node once that node is
// complete: a root that is a quoted value, a [...] or {...} list, an anchored or tagged value,
// a list, or a map indented from the margin (found by fuzz_sigma: " ' ', ", "[a], b", "!t, b",
// "- a\n'c', ", "  k: v\n'c', " all hang it). A map at the left margin is safe: every later
// line at the margin is one of its keys or a clean syntax error. A rule is such a map, so each
// document (the text's start, and after `---`, `...` or a `%` directive, which also ends a
// document for yaml-cpp) must begin with a `key:` line at the margin. Returns the 1-based line
// of the first content that does not, or 0.
int DocumentNotAMarginMap(std::string_view text) {
  int line = 0;
  bool document_start = true;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(pos, end - pos);
    ++line;
    bool marker =
        (l.substr(0, 3) == "---" || l.substr(0, 3) == "...") && (l.size() == 3 || IsBlank(l[3]));
    if (marker) {
      if (!NothingButComment(l.substr(3))) return line;
      document_start = true;
    } else if (!l.empty() && l[0] == '%') {
      document_start = true;
    } else if (document_start) {
      size_t first = l.find_first_not_of(" \t\r");
      if (first != std::string_view::npos && l[first] != '#') {
        if (!StartsMapEntry(l)) return line;
        document_start = false;
      }
    }
    if (end == text.size()) break;
    pos = end + 1;
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
  if (int line = DocumentNotAMarginMap(text)) {
    return YamlHazard{line,
                      "a document that does not start with a 'key:' line at the left margin (a "
                      "rule is a map of key: value lines; other roots can hang the YAML reader)"};
  }
  return std::nullopt;
}

}  // namespace quarry
