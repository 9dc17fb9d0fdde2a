// The recursive-descent parser shared by parser.cpp (statements, expressions) and
// operators.cpp (tabular operators). Internal to src/kql.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kql/ast.h"

namespace quarry::kql {

// Thrown inside the parser only; Parse() catches it and returns it as a SyntaxError.
struct ParseFailure {
  SyntaxError error;
};

class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> tokens)
      : text_(text), tokens_(std::move(tokens)) {}

  Node Script(bool until_brace);
  std::vector<SyntaxError>& warnings() { return warnings_; }

 private:
  friend class OperatorParser;

  // Tokens.
  const Token& Peek(size_t ahead = 0) const;
  const Token& Take();
  bool AtSymbol(std::string_view s, size_t ahead = 0) const;
  bool AtName(std::string_view s, size_t ahead = 0) const;  // case-sensitive keyword
  bool AtEnd() const { return Peek().kind == Token::Kind::kEnd; }
  // Whether token `ahead` starts right where the one before it ends (no space between).
  bool Adjacent(size_t ahead) const;
  void Expect(std::string_view symbol, const char* what);
  std::string ExpectName(const char* what);
  [[noreturn]] void Fail(std::string message, Span span) const;
  [[noreturn]] void Fail(std::string message) const { Fail(std::move(message), Peek().span); }
  Span From(uint32_t begin) const;  // begin … end of the last token taken

  // Statements.
  Node Statement();
  Node Let();
  bool FunctionAhead() const;
  Node Function();

  // Expressions.
  Node PipeExpression();  // expression ('|' operator)*
  Node Expression();      // or
  Node And();
  Node Comparison();
  Node Additive();
  Node Multiplicative();
  Node Unary();
  Node LeftAssociative(Node (Parser::*next)(), bool (Parser::*at_operator)() const);
  bool AtOr() const;
  bool AtAnd() const;
  bool AtAdditive() const;
  bool AtMultiplicative() const;
  Node Postfix();
  Node Primary();
  Node Literal();
  Node DynamicLiteral();
  Node ListInParens();
  std::vector<Node> Arguments();  // after '(' up to and including ')'
  // A comparison or string operator at the cursor, taken; empty when there is none.
  std::string ComparisonOperator();

  // Tabular (operators.cpp).
  Node Source();
  Node Operator();
  Node NamedOptions(Node& op);      // kind=…, hint.x=…, withsource=…: added to op, returns op
  Node Item(bool allow_wildcards);  // name = expr | (a, b) = expr | expr | pattern*
  std::vector<Node> Items(bool allow_wildcards);
  Node SortKey();
  Node RawUntilPipe(uint32_t begin);
  void DatatableOperands(Node& op);
  void RangeOperands(Node& op);

  struct DepthGuard {
    explicit DepthGuard(Parser& p);
    ~DepthGuard() { --p.depth_; }
    Parser& p;
  };

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::vector<SyntaxError> warnings_;
};

Node Leaf(NodeKind kind, const Token& token, std::string text);

}  // namespace quarry::kql
