#include "review/code_view.h"

#include <algorithm>
#include <cctype>

namespace quarry::review {
namespace {

void Blank(std::string& code, size_t begin, size_t end) {
  for (size_t i = begin; i < end && i < code.size(); ++i)
    if (code[i] != '\n') code[i] = ' ';
}

// Whether the string starting at BEGIN is the whole statement (a docstring): only blanks
// before it on its line and nothing but blanks after it.
bool IsStatementString(std::string_view text, size_t begin, size_t end) {
  size_t line_start = text.rfind('\n', begin == 0 ? 0 : begin - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  if (begin > 0 && line_start > begin) line_start = 0;
  for (size_t i = line_start; i < begin; ++i)
    if (text[i] != ' ' && text[i] != '\t') return false;
  for (size_t i = end; i < text.size() && text[i] != '\n'; ++i) {
    if (text[i] == '#') return true;
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r') return false;
  }
  return true;
}

// The end of the quoted literal opened at I (after its closing quote).
size_t SkipQuoted(std::string_view text, size_t i, char quote, bool multiline) {
  for (size_t j = i + 1; j < text.size(); ++j) {
    if (text[j] == '\\') {
      ++j;
      continue;
    }
    if (text[j] == quote) return j + 1;
    if (text[j] == '\n' && !multiline) return j;
  }
  return text.size();
}

size_t SkipTriple(std::string_view text, size_t i, std::string_view triple) {
  size_t j = i + 3;
  while (j < text.size()) {
    if (text[j] == '\\') {
      j += 2;
      continue;
    }
    if (text.compare(j, 3, triple) == 0) return j + 3;
    ++j;
  }
  return text.size();
}

// JavaScript: a `/` starts a regex literal (whose quotes are not strings) after an operator,
// an opening bracket, a comma, a keyword like return, or at the start of a statement.
bool SlashStartsRegex(std::string_view text, size_t i) {
  size_t j = i;
  while (j > 0 && (text[j - 1] == ' ' || text[j - 1] == '\t')) --j;
  if (j == 0) return true;
  char before = text[j - 1];
  if (std::string_view("(,=:[!&|?{};+-*%<>~^\n").find(before) != std::string_view::npos)
    return true;
  size_t k = j;
  while (k > 0 && std::isalpha(static_cast<unsigned char>(text[k - 1]))) --k;
  std::string_view word = text.substr(k, j - k);
  return word == "return" || word == "typeof" || word == "case" || word == "in" || word == "of" ||
         word == "delete" || word == "void" || word == "throw";
}

size_t SkipRegexLiteral(std::string_view text, size_t i) {
  bool in_class = false;
  for (size_t j = i + 1; j < text.size(); ++j) {
    char c = text[j];
    if (c == '\\') {
      ++j;
    } else if (c == '[') {
      in_class = true;
    } else if (c == ']') {
      in_class = false;
    } else if (c == '/' && !in_class) {
      return j + 1;
    } else if (c == '\n') {
      return j;
    }
  }
  return text.size();
}

void ViewCFamily(std::string_view text, CodeView& view, bool javascript, bool java) {
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      size_t end = text.find('\n', i);
      end = end == std::string_view::npos ? text.size() : end;
      Blank(view.code, i, end);
      i = end;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      end = end == std::string_view::npos ? text.size() : end + 2;
      Blank(view.code, i, end);
      i = end;
    } else if (java && text.compare(i, 3, "\"\"\"") == 0) {
      size_t end = SkipTriple(text, i, "\"\"\"");
      view.strings.emplace_back(i, end);
      i = end;
    } else if (c == '"' || c == '\'' || (javascript && c == '`')) {
      // C character literals are strings too: '"' must not open one.
      size_t end = SkipQuoted(text, i, c, c == '`');
      view.strings.emplace_back(i, end);
      i = end;
    } else if (javascript && c == '/' && SlashStartsRegex(text, i)) {
      i = SkipRegexLiteral(text, i);
    } else {
      ++i;
    }
  }
}

void ViewPython(std::string_view text, CodeView& view) {
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '#') {
      size_t end = text.find('\n', i);
      end = end == std::string_view::npos ? text.size() : end;
      Blank(view.code, i, end);
      i = end;
      continue;
    }
    if (c != '"' && c != '\'') {
      ++i;
      continue;
    }
    // String prefixes (f, r, b, u and pairs) belong to the literal.
    size_t begin = i;
    while (begin > 0 &&
           std::string_view("rRbBuUfF").find(text[begin - 1]) != std::string_view::npos &&
           i - begin < 2)
      --begin;
    if (begin > 0 &&
        (std::isalnum(static_cast<unsigned char>(text[begin - 1])) || text[begin - 1] == '_'))
      begin = i;
    std::string_view triple = c == '"' ? "\"\"\"" : "'''";
    size_t end = text.compare(i, 3, triple) == 0 ? SkipTriple(text, i, triple)
                                                 : SkipQuoted(text, i, c, false);
    if (text.compare(i, 3, triple) == 0 && IsStatementString(text, begin, end)) {
      Blank(view.code, begin, end);
    } else {
      view.strings.emplace_back(begin, end);
    }
    i = end;
  }
}

}  // namespace

bool CodeView::InString(size_t offset) const {
  auto it = std::upper_bound(strings.begin(), strings.end(), offset,
                             [](size_t o, const auto& range) { return o < range.first; });
  if (it == strings.begin()) return false;
  --it;
  return offset >= it->first && offset < it->second;
}

size_t CodeView::StringEnd(size_t offset) const {
  auto it = std::upper_bound(strings.begin(), strings.end(), offset,
                             [](size_t o, const auto& range) { return o < range.first; });
  if (it == strings.begin()) return offset;
  --it;
  return offset >= it->first && offset < it->second ? it->second : offset;
}

CodeView MakeCodeView(std::string_view text, Language language) {
  CodeView view;
  view.code.assign(text);
  switch (language) {
    case Language::kPython:
      ViewPython(text, view);
      break;
    case Language::kJavaScript:
    case Language::kTypeScript:
      ViewCFamily(text, view, true, false);
      break;
    case Language::kJava:
      ViewCFamily(text, view, false, true);
      break;
    case Language::kC:
    case Language::kCpp:
      ViewCFamily(text, view, false, false);
      break;
    case Language::kUnknown:
      break;
  }
  return view;
}

}  // namespace quarry::review
