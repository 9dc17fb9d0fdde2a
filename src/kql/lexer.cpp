#include "kql/lexer.h"

#include <cctype>
#include <cstring>

#include "core/strings.h"

namespace quarry::kql {
namespace {

bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsNameChar(char c) {
  return IsNameStart(c) || (c >= '0' && c <= '9');
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// Timespan units after a number, longest first so that `ms` is not read as `m`.
constexpr const char* kTimespanUnits[] = {"microseconds",
                                          "microsecond",
                                          "milliseconds",
                                          "millisecond",
                                          "minutes",
                                          "minute",
                                          "seconds",
                                          "second",
                                          "hours",
                                          "hour",
                                          "days",
                                          "day",
                                          "ticks",
                                          "tick",
                                          "min",
                                          "ms",
                                          "d",
                                          "h",
                                          "m",
                                          "s"};

// Symbols, longest first.
constexpr const char* kSymbols[] = {
    "!~", "!=", "==", "=~", "<=", ">=", "<>", "..", "=>", "|", "(", ")", "[", "]", "{", "}", ",",
    ";",  "=",  "<",  ">",  ".",  "+",  "-",  "*",  "/",  "%", ":", "!", "~", "?", "@", "#", "$"};

class Lexer {
 public:
  Lexer(std::string_view text, std::vector<Token>& out, SyntaxError& error)
      : s_(text), out_(out), error_(error) {}

  bool Run() {
    out_.clear();
    while (true) {
      SkipSpaceAndComments();
      if (i_ >= s_.size()) break;
      if (!Next()) return false;
    }
    Push(Token::Kind::kEnd, "", i_, i_);
    return true;
  }

 private:
  void SkipSpaceAndComments() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
        ++i_;
      } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '/') {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else if (s_.substr(i_, 2) == "\xC2\xA0") {
        i_ += 2;  // no-break space, common in queries pasted from web pages
      } else if (s_.substr(i_, 3) == "\xE2\x80\x8B" || s_.substr(i_, 3) == "\xEF\xBB\xBF") {
        i_ += 3;  // zero-width space, byte order mark
      } else {
        break;
      }
    }
  }

  void Push(Token::Kind kind, std::string text, size_t begin, size_t end) {
    out_.push_back(Token{kind, std::move(text),
                         Span{static_cast<uint32_t>(begin), static_cast<uint32_t>(end)}});
  }

  bool Fail(std::string message, size_t begin, size_t end) {
    error_.message = std::move(message);
    error_.span = Span{static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
    return false;
  }

  bool Next() {
    size_t start = i_;
    char c = s_[i_];
    // Verbatim strings: @'…', @"…" (no escapes; a doubled quote is one quote); h'…' hides the
    // value in logs but is an ordinary string here.
    if ((c == '@' || c == 'h' || c == 'H') && i_ + 1 < s_.size() &&
        (s_[i_ + 1] == '\'' || s_[i_ + 1] == '"')) {
      ++i_;
      return String(start, c == '@');
    }
    if ((c == 'h' || c == 'H') && i_ + 2 < s_.size() && s_[i_ + 1] == '@' &&
        (s_[i_ + 2] == '\'' || s_[i_ + 2] == '"')) {
      i_ += 2;
      return String(start, true);
    }
    if (c == '\'' || c == '"') return String(start, false);
    if (c == '`' && s_.substr(i_, 3) == "```") return MultiLine(start);
    if (IsNameStart(c)) {
      while (i_ < s_.size() && IsNameChar(s_[i_])) ++i_;
      std::string name(s_.substr(start, i_ - start));
      Push(Token::Kind::kName, name, start, i_);
      if (name == "datetime" || name == "timespan" || name == "time" || name == "guid") {
        return RawArgument();
      }
      return true;
    }
    if (c == '$' && i_ + 1 < s_.size() && IsNameStart(s_[i_ + 1])) {
      ++i_;
      while (i_ < s_.size() && IsNameChar(s_[i_])) ++i_;
      Push(Token::Kind::kName, std::string(s_.substr(start, i_ - start)), start, i_);
      return true;
    }
    if (c == '[' && i_ + 1 < s_.size() && (s_[i_ + 1] == '\'' || s_[i_ + 1] == '"') &&
        QuotedNameAhead()) {
      return QuotedName(start);
    }
    if (IsDigit(c) || (c == '.' && i_ + 1 < s_.size() && IsDigit(s_[i_ + 1]) &&
                       (out_.empty() || out_.back().kind == Token::Kind::kSymbol))) {
      return Number(start);
    }
    for (const char* sym : kSymbols) {
      size_t n = std::strlen(sym);
      if (s_.substr(i_, n) == sym) {
        i_ += n;
        Push(Token::Kind::kSymbol, sym, start, i_);
        return true;
      }
    }
    return Fail("unexpected character '" + std::string(1, c) + "'", start, start + 1);
  }

  // ['name'] as a name, unless it indexes what stands right before it (d['key'], f(x)['k']).
  bool QuotedNameAhead() const {
    if (out_.empty()) return true;
    const Token& prev = out_.back();
    bool indexable = prev.kind == Token::Kind::kName || prev.kind == Token::Kind::kString ||
                     (prev.kind == Token::Kind::kSymbol && (prev.text == ")" || prev.text == "]"));
    return !(indexable && prev.span.end == i_);
  }

  // datetime(2024-01-31 10:00Z) and the like: the text between the parentheses is one kRaw
  // token (it is not made of KQL tokens). Without a '(' the name is an ordinary name.
  bool RawArgument() {
    size_t k = i_;
    while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t')) ++k;
    if (k >= s_.size() || s_[k] != '(') return true;
    size_t close = s_.find(')', k + 1);
    if (close == std::string_view::npos) return Fail("missing ')'", k, s_.size());
    Push(Token::Kind::kSymbol, "(", k, k + 1);
    std::string_view raw = TrimAscii(s_.substr(k + 1, close - k - 1));
    Push(Token::Kind::kRaw, std::string(raw), k + 1, close);
    Push(Token::Kind::kSymbol, ")", close, close + 1);
    i_ = close + 1;
    return true;
  }

  // A quoted name when the bracket holds exactly one string; otherwise (a dynamic array such as
  // ['a', 'b']) only the '[' is taken.
  bool QuotedName(size_t start) {
    size_t before = out_.size();
    SyntaxError saved = error_;
    // The '[' goes first, so that the string cannot join a string literal before it.
    Push(Token::Kind::kSymbol, "[", start, start + 1);
    i_ = start + 1;
    if (String(i_, false)) {
      std::string name = out_.back().text;
      out_.resize(before);
      SkipSpaceAndComments();
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        Push(Token::Kind::kName, std::move(name), start, i_);
        out_.back().bracketed = true;
        return true;
      }
    }
    error_ = saved;
    out_.resize(before);
    i_ = start + 1;
    Push(Token::Kind::kSymbol, "[", start, start + 1);
    return true;
  }

  bool String(size_t start, bool verbatim) {
    char quote = s_[i_++];
    std::string value;
    while (true) {
      if (i_ >= s_.size()) return Fail("unterminated string literal", start, s_.size());
      char c = s_[i_++];
      if (c == quote) {
        if (verbatim && i_ < s_.size() && s_[i_] == quote) {
          value += quote;
          ++i_;
          continue;
        }
        break;
      }
      if (c == '\n' && !verbatim)
        return Fail("string literal runs past the end of its line", start, i_);
      if (c != '\\' || verbatim) {
        value += c;
        continue;
      }
      if (i_ >= s_.size()) return Fail("unterminated string literal", start, s_.size());
      char e = s_[i_++];
      switch (e) {
        case 'n':
          value += '\n';
          break;
        case 't':
          value += '\t';
          break;
        case 'r':
          value += '\r';
          break;
        case '0':
          value += '\0';
          break;
        case 'u': {
          uint32_t cp = 0;
          size_t k = 0;
          for (; k < 4 && i_ < s_.size(); ++k, ++i_) {
            char h = s_[i_];
            int d = IsDigit(h)               ? h - '0'
                    : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                    : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                             : -1;
            if (d < 0) break;
            cp = cp * 16 + static_cast<uint32_t>(d);
          }
          if (k != 4) return Fail("bad \\u escape in a string literal", i_ - k - 2, i_);
          AppendUtf8(cp, value);
          break;
        }
        default:
          value += e;  // \\ \' \" and any other escaped character stand for themselves
      }
    }
    // Adjacent literals concatenate ('a' 'b' is 'ab').
    if (!out_.empty() && out_.back().kind == Token::Kind::kString) {
      out_.back().text += value;
      out_.back().span.end = static_cast<uint32_t>(i_);
    } else {
      Push(Token::Kind::kString, std::move(value), start, i_);
    }
    return true;
  }

  bool MultiLine(size_t start) {
    size_t close = s_.find("```", i_ + 3);
    if (close == std::string_view::npos) return Fail("unterminated ``` string", start, s_.size());
    Push(Token::Kind::kString, std::string(s_.substr(i_ + 3, close - i_ - 3)), start, close + 3);
    i_ = close + 3;
    return true;
  }

  bool Number(size_t start) {
    if (s_[i_] == '0' && i_ + 1 < s_.size() && (s_[i_ + 1] == 'x' || s_[i_ + 1] == 'X')) {
      i_ += 2;
      while (i_ < s_.size() && std::isxdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      Push(Token::Kind::kNumber, std::string(s_.substr(start, i_ - start)), start, i_);
      return true;
    }
    while (i_ < s_.size() && IsDigit(s_[i_])) ++i_;
    // A fraction, but not the `..` of a range.
    if (i_ + 1 < s_.size() && s_[i_] == '.' && s_[i_ + 1] != '.') {
      ++i_;
      while (i_ < s_.size() && IsDigit(s_[i_])) ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      size_t k = i_ + 1;
      if (k < s_.size() && (s_[k] == '+' || s_[k] == '-')) ++k;
      if (k < s_.size() && IsDigit(s_[k])) {
        i_ = k;
        while (i_ < s_.size() && IsDigit(s_[i_])) ++i_;
      }
    }
    for (const char* unit : kTimespanUnits) {
      size_t n = std::strlen(unit);
      if (s_.substr(i_, n) == unit && (i_ + n >= s_.size() || !IsNameChar(s_[i_ + n]))) {
        i_ += n;
        Push(Token::Kind::kTimespan, std::string(s_.substr(start, i_ - start)), start, i_);
        return true;
      }
    }
    if (i_ < s_.size() && IsNameStart(s_[i_])) {
      // 10abc: a name that starts with digits is not KQL; report the whole word.
      size_t end = i_;
      while (end < s_.size() && IsNameChar(s_[end])) ++end;
      return Fail("'" + std::string(s_.substr(start, end - start)) +
                      "' is neither a number nor a timespan (units: d, h, m, s, ms, "
                      "microsecond, tick)",
                  start, end);
    }
    Push(Token::Kind::kNumber, std::string(s_.substr(start, i_ - start)), start, i_);
    return true;
  }

  std::string_view s_;
  std::vector<Token>& out_;
  SyntaxError& error_;
  size_t i_ = 0;
};

}  // namespace

bool Tokenize(std::string_view text, std::vector<Token>& out, SyntaxError& error) {
  return Lexer(text, out, error).Run();
}

}  // namespace quarry::kql
