#include "sigma/condition.h"

#include <cctype>
#include <cstring>

namespace quarry::sigma {
namespace {

struct Token {
  enum class Kind { kWord, kOpen, kClose, kEnd, kBad };
  Kind kind = Kind::kEnd;
  std::string text;
  size_t pos = 0;
};

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '*' ||
         c == '.';
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) { Advance(); }

  Result<std::unique_ptr<Condition>> Parse() {
    QUARRY_ASSIGN_OR_RETURN(auto expr, Or());
    if (tok_.text == "|") return Error("'|' aggregations are Sigma v1 and not supported");
    if (tok_.kind != Token::Kind::kEnd) return Error("unexpected '" + tok_.text + "'");
    return expr;
  }

 private:
  Status Error(const std::string& what) const {
    return InvalidArgument("condition '" + std::string(text_) + "': " + what + " at column " +
                           std::to_string(tok_.pos + 1));
  }

  void Advance() {
    size_t i = pos_;
    while (i < text_.size() && std::isspace(static_cast<unsigned char>(text_[i]))) ++i;
    tok_ = Token{};
    tok_.pos = i;
    if (i >= text_.size()) {
      tok_.kind = Token::Kind::kEnd;
      pos_ = i;
      return;
    }
    char c = text_[i];
    if (c == '(' || c == ')') {
      tok_.kind = c == '(' ? Token::Kind::kOpen : Token::Kind::kClose;
      tok_.text = std::string(1, c);
      pos_ = i + 1;
      return;
    }
    size_t j = i;
    while (j < text_.size() && IsNameChar(text_[j])) ++j;
    if (j == i) {
      tok_.kind = Token::Kind::kBad;
      tok_.text = std::string(1, c);
      pos_ = i + 1;
      return;
    }
    tok_.kind = Token::Kind::kWord;
    tok_.text = std::string(text_.substr(i, j - i));
    pos_ = j;
  }

  bool IsKeyword(const char* kw) const {
    if (tok_.kind != Token::Kind::kWord || tok_.text.size() != std::strlen(kw)) return false;
    for (size_t i = 0; i < tok_.text.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(tok_.text[i])) != kw[i]) return false;
    }
    return true;
  }

  Result<std::unique_ptr<Condition>> Binary(Condition::Kind kind, const char* keyword,
                                            Result<std::unique_ptr<Condition>> (Parser::*next)()) {
    QUARRY_ASSIGN_OR_RETURN(auto left, (this->*next)());
    while (IsKeyword(keyword)) {
      Advance();
      QUARRY_ASSIGN_OR_RETURN(auto right, (this->*next)());
      auto node = std::make_unique<Condition>();
      node->kind = kind;
      node->children.push_back(std::move(left));
      node->children.push_back(std::move(right));
      left = std::move(node);
    }
    return left;
  }

  Result<std::unique_ptr<Condition>> Or() {
    return Binary(Condition::Kind::kOr, "or", &Parser::And);
  }
  Result<std::unique_ptr<Condition>> And() {
    return Binary(Condition::Kind::kAnd, "and", &Parser::Not);
  }

  Result<std::unique_ptr<Condition>> Not() {
    if (IsKeyword("not")) {
      Advance();
      QUARRY_ASSIGN_OR_RETURN(auto operand, Not());
      auto node = std::make_unique<Condition>();
      node->kind = Condition::Kind::kNot;
      node->children.push_back(std::move(operand));
      return node;
    }
    return Primary();
  }

  Result<std::unique_ptr<Condition>> Primary() {
    if (tok_.kind == Token::Kind::kOpen) {
      Advance();
      QUARRY_ASSIGN_OR_RETURN(auto inner, Or());
      if (tok_.kind != Token::Kind::kClose) return Error("missing ')'");
      Advance();
      return inner;
    }
    if (tok_.kind == Token::Kind::kBad) {
      return Error(tok_.text == "|" ? "'|' aggregations are Sigma v1 and not supported"
                                    : "unexpected character '" + tok_.text + "'");
    }
    if (tok_.kind != Token::Kind::kWord) return Error("expected an identifier");
    if (IsKeyword("1") || IsKeyword("any") || IsKeyword("all")) {
      bool all = IsKeyword("all");
      std::string quantifier = tok_.text;
      Advance();
      if (!IsKeyword("of")) {
        if (quantifier == "1") return Error("expected 'of' after '1'");
        // `all` or `any` used as an identifier name.
        auto node = std::make_unique<Condition>();
        node->name = quantifier;
        return node;
      }
      Advance();
      if (tok_.kind != Token::Kind::kWord) return Error("expected a pattern or 'them' after 'of'");
      auto node = std::make_unique<Condition>();
      node->kind = all ? Condition::Kind::kAllOf : Condition::Kind::kAnyOf;
      node->name = tok_.text;
      Advance();
      return node;
    }
    if (IsKeyword("and") || IsKeyword("or") || IsKeyword("of")) {
      return Error("unexpected '" + tok_.text + "'");
    }
    auto node = std::make_unique<Condition>();
    node->name = tok_.text;
    Advance();
    return node;
  }

  std::string_view text_;
  size_t pos_ = 0;
  Token tok_;
};

bool WildMatch(std::string_view pattern, std::string_view name) {
  size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

Result<std::unique_ptr<Condition>> ParseCondition(std::string_view text) {
  return Parser(text).Parse();
}

std::vector<std::string> SelectIdentifiers(std::string_view pattern,
                                           const std::vector<std::string>& names) {
  std::vector<std::string> out;
  bool them = pattern == "them";
  for (const auto& n : names) {
    if (!n.empty() && n[0] == '_' && (them || pattern.empty() || pattern[0] != '_')) continue;
    if (them || WildMatch(pattern, n)) out.push_back(n);
  }
  return out;
}

}  // namespace quarry::sigma
