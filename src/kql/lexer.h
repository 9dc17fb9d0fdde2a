// KQL tokens with the byte spans they cover in the query text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace quarry::kql {

// Bytes [begin, end) of the query text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct Token {
  enum class Kind : uint8_t {
    kName,      // identifier, `$left`/`$right`, or a quoted name ['a b'] (text: the name)
    kNumber,    // integer or real literal (text as written)
    kTimespan,  // 1d, 2.5h, 30m, 10s, 100ms, 5microseconds, 3ticks (text as written)
    kString,    // text: the decoded value
    kRaw,       // the text inside datetime(…), timespan(…), time(…), guid(…), trimmed
    kSymbol,  // operators and punctuation, e.g. | ( ) [ ] , ; = == != =~ !~ < <= > >= .. . + - * /
              // % :
    kEnd,
  };
  Kind kind = Kind::kEnd;
  std::string text;
  Span span;
  bool bracketed = false;  // kName written as ['…'] (inside dynamic(…) it is an array)
};

struct SyntaxError {
  std::string message;
  Span span;
};

// Splits `text` into tokens, ending with a kEnd token; comments (`// …`) are dropped. False for a
// malformed literal or a stray character, described in `error`.
bool Tokenize(std::string_view text, std::vector<Token>& out, SyntaxError& error);

}  // namespace quarry::kql
