// Source text as the pattern rules see it: comments blanked (newlines kept, so lines and
// columns stay), and where string literals are, so that a match must start in code.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "review/language.h"

namespace quarry::review {

struct CodeView {
  std::string code;  // the text with every comment replaced by spaces
  // [begin, end) byte ranges of string literals (quotes included), in order.
  std::vector<std::pair<size_t, size_t>> strings;
  bool InString(size_t offset) const;
  // The end of the string literal holding OFFSET; OFFSET when it is in none.
  size_t StringEnd(size_t offset) const;
};

// Python docstrings (a string that is a whole statement) count as comments. An unterminated
// comment or string runs to the end of the text (a fragment of a hunk may cut one).
CodeView MakeCodeView(std::string_view text, Language language);

}  // namespace quarry::review
