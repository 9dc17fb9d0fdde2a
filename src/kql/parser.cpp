// Statements and expressions. Precedence, loosest first: or, and, comparisons and string
// operators (==, has, in, between, matches regex, …), + -, * / %, unary, postfix (.x, [i], (…)).
#include <algorithm>
#include <array>

#include "kql/parser_internal.h"

namespace quarry::kql {
namespace {

constexpr int kMaxDepth = 200;  // nesting bound against hostile input (the fuzzer finds it)

// String operators that take a negated form (!has …) and a _cs form.
constexpr std::array<std::string_view, 7> kStringOperators = {
    "has", "hasprefix", "hassuffix", "contains", "startswith", "endswith", "has_all"};

bool IsStringOperator(std::string_view name) {
  if (name == "has_any" || name == "has_all" || name == "matches" || name == "in" ||
      name == "between" || name == "like") {
    return true;
  }
  std::string_view base = name;
  if (base.size() > 3 && base.substr(base.size() - 3) == "_cs") base.remove_suffix(3);
  return std::find(kStringOperators.begin(), kStringOperators.end(), base) !=
         kStringOperators.end();
}

}  // namespace

Node Leaf(NodeKind kind, const Token& token, std::string text) {
  Node n;
  n.kind = kind;
  n.span = token.span;
  n.text = std::move(text);
  return n;
}

Parser::DepthGuard::DepthGuard(Parser& parser) : p(parser) {
  if (++p.depth_ > kMaxDepth) p.Fail("query nested too deeply");
}

const Token& Parser::Peek(size_t ahead) const {
  size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
  return tokens_[i];
}

const Token& Parser::Take() {
  const Token& t = tokens_[pos_];
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return t;
}

bool Parser::AtSymbol(std::string_view s, size_t ahead) const {
  const Token& t = Peek(ahead);
  return t.kind == Token::Kind::kSymbol && t.text == s;
}

bool Parser::AtName(std::string_view s, size_t ahead) const {
  const Token& t = Peek(ahead);
  return t.kind == Token::Kind::kName && t.text == s;
}

bool Parser::Adjacent(size_t ahead) const {
  if (pos_ + ahead == 0 || pos_ + ahead >= tokens_.size()) return false;
  return tokens_[pos_ + ahead - 1].span.end == tokens_[pos_ + ahead].span.begin;
}

void Parser::Fail(std::string message, Span span) const {
  throw ParseFailure{SyntaxError{std::move(message), span}};
}

void Parser::Expect(std::string_view symbol, const char* what) {
  if (!AtSymbol(symbol)) {
    const Token& t = Peek();
    Fail("expected '" + std::string(symbol) + "' " + what + ", found " +
         (t.kind == Token::Kind::kEnd
              ? std::string("the end of the query")
              : "'" + std::string(text_.substr(t.span.begin, t.span.end - t.span.begin)) + "'"));
  }
  Take();
}

std::string Parser::ExpectName(const char* what) {
  if (Peek().kind != Token::Kind::kName) Fail(std::string("expected ") + what);
  return Take().text;
}

Span Parser::From(uint32_t begin) const {
  uint32_t end = pos_ > 0 ? tokens_[pos_ - 1].span.end : begin;
  return Span{begin, std::max(begin, end)};
}

// ---- statements ------------------------------------------------------------------------------

Node Parser::Script(bool until_brace) {
  Node script;
  script.kind = NodeKind::kScript;
  script.span.begin = Peek().span.begin;
  while (!AtEnd() && !(until_brace && AtSymbol("}"))) {
    if (AtSymbol(";")) {
      Take();
      continue;
    }
    script.kids.push_back(Statement());
    if (Peek().kind == Token::Kind::kName && pos_ > 0 &&
        text_.substr(tokens_[pos_ - 1].span.end, Peek().span.begin - tokens_[pos_ - 1].span.end)
                .find('\n') != std::string_view::npos) {
      // A name on a new line that the statement before could not take starts another
      // statement: published queries often paste two without the ';' between them.
      warnings_.push_back(SyntaxError{
          "missing ';' before the statement starting at '" + Peek().text + "'", Peek().span});
      continue;
    }
    if (!AtEnd() && !AtSymbol(";") && !(until_brace && AtSymbol("}"))) {
      Fail("expected ';' or the end of the query after a statement, found '" +
           std::string(text_.substr(Peek().span.begin, Peek().span.end - Peek().span.begin)) + "'");
    }
  }
  script.span = From(script.span.begin);
  return script;
}

Node Parser::Statement() {
  uint32_t begin = Peek().span.begin;
  if (AtName("let")) return Let();
  if ((AtName("set") || AtName("declare") || AtName("alias") || AtName("restrict")) &&
      Peek(1).kind == Token::Kind::kName) {
    // Request options and parameter declarations: nothing to evaluate offline.
    Node n = Leaf(NodeKind::kSkipped, Take(), "");
    n.text = text_.substr(n.span.begin, n.span.end - n.span.begin);
    int depth = 0;
    while (!AtEnd() && !(depth == 0 && AtSymbol(";"))) {
      if (AtSymbol("(")) ++depth;
      if (AtSymbol(")")) --depth;
      Take();
    }
    n.span = From(begin);
    return n;
  }
  Node q;
  q.kind = NodeKind::kQuery;
  q.kids.push_back(PipeExpression());
  q.span = From(begin);
  return q;
}

Node Parser::Let() {
  uint32_t begin = Take().span.begin;  // let
  Node let;
  let.kind = NodeKind::kLet;
  let.text = ExpectName("a name after 'let'");
  Expect("=", "after the name of a let statement");
  if (FunctionAhead()) {
    let.kids.push_back(Function());
  } else {
    let.kids.push_back(PipeExpression());
  }
  let.span = From(begin);
  return let;
}

// `(params) {` starts a function: find the ')' that closes the '(' and look for '{'.
bool Parser::FunctionAhead() const {
  if (!AtSymbol("(")) return false;
  int depth = 0;
  for (size_t k = 0; pos_ + k < tokens_.size(); ++k) {
    const Token& t = Peek(k);
    if (t.kind == Token::Kind::kEnd) return false;
    if (t.kind != Token::Kind::kSymbol) continue;
    if (t.text == "(") ++depth;
    if (t.text == ")" && --depth == 0) return AtSymbol("{", k + 1);
  }
  return false;
}

Node Parser::Function() {
  uint32_t begin = Peek().span.begin;
  Node fn;
  fn.kind = NodeKind::kFunction;
  Expect("(", "to open a function's parameters");
  while (!AtSymbol(")")) {
    Node param;
    param.kind = NodeKind::kParam;
    param.span.begin = Peek().span.begin;
    param.text = ExpectName("a parameter name");
    if (AtSymbol(":")) {
      Take();
      if (AtSymbol("(")) {  // a tabular parameter: (*) or (col:type, …)
        Take();
        int depth = 1;
        while (!AtEnd() && depth > 0) {
          if (AtSymbol("(")) ++depth;
          if (AtSymbol(")")) --depth;
          Take();
        }
        Node t;
        t.kind = NodeKind::kName;
        t.text = "table";
        param.kids.push_back(t);
      } else {
        param.kids.push_back(Leaf(NodeKind::kName, Peek(), ExpectName("a parameter type")));
      }
    }
    if (AtSymbol("=")) {
      Take();
      param.kids.push_back(Expression());
    }
    param.span = From(param.span.begin);
    fn.kids.push_back(std::move(param));
    if (!AtSymbol(",")) break;
    Take();
  }
  Expect(")", "to close a function's parameters");
  Expect("{", "to open a function's body");
  fn.kids.push_back(Script(true));
  Expect("}", "to close a function's body");
  fn.span = From(begin);
  return fn;
}

// ---- expressions -----------------------------------------------------------------------------

Node Parser::PipeExpression() {
  DepthGuard guard(*this);
  uint32_t begin = Peek().span.begin;
  Node source = Source();
  if (!AtSymbol("|")) return source;
  Node pipe;
  pipe.kind = NodeKind::kPipe;
  pipe.kids.push_back(std::move(source));
  while (AtSymbol("|")) {
    Take();
    pipe.kids.push_back(Operator());
  }
  pipe.span = From(begin);
  return pipe;
}

// One level of left-associative binary operators: next (op next)*.
Node Parser::LeftAssociative(Node (Parser::*next)(), bool (Parser::*at_operator)() const) {
  uint32_t begin = Peek().span.begin;
  Node left = (this->*next)();
  while ((this->*at_operator)()) {
    Node n;
    n.kind = NodeKind::kBinary;
    n.text = Take().text;
    n.kids.push_back(std::move(left));
    n.kids.push_back((this->*next)());
    n.span = From(begin);
    left = std::move(n);
  }
  return left;
}

bool Parser::AtOr() const {
  return AtName("or");
}
bool Parser::AtAnd() const {
  return AtName("and");
}
bool Parser::AtAdditive() const {
  return AtSymbol("+") || AtSymbol("-");
}
bool Parser::AtMultiplicative() const {
  return AtSymbol("*") || AtSymbol("/") || AtSymbol("%");
}

Node Parser::Expression() {
  DepthGuard guard(*this);
  return LeftAssociative(&Parser::And, &Parser::AtOr);
}

Node Parser::And() {
  return LeftAssociative(&Parser::Comparison, &Parser::AtAnd);
}

std::string Parser::ComparisonOperator() {
  const Token& t = Peek();
  if (t.kind == Token::Kind::kSymbol) {
    static constexpr std::string_view kSymbols[] = {"==", "!=", "=~", "!~", "<",
                                                    "<=", ">",  ">=", "<>"};
    for (std::string_view s : kSymbols) {
      if (t.text == s) return Take().text;
    }
    // !has, !contains_cs, !in~, !between, …: '!' right before the operator's name.
    if (t.text == "!" && Peek(1).kind == Token::Kind::kName && Adjacent(1) &&
        IsStringOperator(Peek(1).text)) {
      Take();
      std::string op = "!" + Take().text;
      if (op == "!in" && AtSymbol("~") && Adjacent(0)) op += Take().text;
      return op;
    }
    return {};
  }
  if (t.kind != Token::Kind::kName || !IsStringOperator(t.text)) return {};
  std::string op = Take().text;
  if (op == "in" && AtSymbol("~") && Adjacent(0)) op += Take().text;
  if (op == "matches") {
    if (!AtName("regex")) Fail("expected 'regex' after 'matches'");
    Take();
    op = "matches regex";
  }
  return op;
}

Node Parser::Comparison() {
  uint32_t begin = Peek().span.begin;
  Node left = Additive();
  std::string op = ComparisonOperator();
  if (op.empty()) return left;
  Node n;
  n.text = op;
  n.kids.push_back(std::move(left));
  std::string_view base = op[0] == '!' ? std::string_view(op).substr(1) : std::string_view(op);
  if (base == "between") {
    n.kind = NodeKind::kBetween;
    Expect("(", "after 'between'");
    n.kids.push_back(Additive());
    Expect("..", "between the bounds of 'between'");
    n.kids.push_back(Additive());
    Expect(")", "after the bounds of 'between'");
  } else if (base == "in" || base == "in~" || base == "has_any" || base == "has_all") {
    n.kind = NodeKind::kBinary;
    n.kids.push_back(ListInParens());
  } else {
    n.kind = NodeKind::kBinary;
    n.kids.push_back(Additive());
  }
  n.span = From(begin);
  return n;
}

// (a, b, c), (T | project x), (LetName), or a dynamic array without parentheses.
Node Parser::ListInParens() {
  uint32_t begin = Peek().span.begin;
  Node list;
  list.kind = NodeKind::kList;
  if (!AtSymbol("(")) {
    list.kids.push_back(Additive());
    list.span = From(begin);
    return list;
  }
  Take();
  while (!AtSymbol(")")) {
    list.kids.push_back(PipeExpression());
    if (!AtSymbol(",")) break;
    Take();
  }
  Expect(")", "to close the list");
  list.span = From(begin);
  return list;
}

Node Parser::Additive() {
  return LeftAssociative(&Parser::Multiplicative, &Parser::AtAdditive);
}

Node Parser::Multiplicative() {
  return LeftAssociative(&Parser::Unary, &Parser::AtMultiplicative);
}

Node Parser::Unary() {
  DepthGuard guard(*this);
  if (AtSymbol("-") || AtSymbol("+")) {
    uint32_t begin = Peek().span.begin;
    Node n;
    n.kind = NodeKind::kUnary;
    n.text = Take().text;
    n.kids.push_back(Unary());
    n.span = From(begin);
    return n;
  }
  return Postfix();
}

Node Parser::Postfix() {
  uint32_t begin = Peek().span.begin;
  Node n = Primary();
  while (true) {
    if (AtSymbol(".") && Peek(1).kind == Token::Kind::kName) {
      Take();
      Node m;
      m.kind = NodeKind::kMember;
      m.text = Take().text;
      m.kids.push_back(std::move(n));
      m.span = From(begin);
      n = std::move(m);
    } else if (AtSymbol("[")) {
      Take();
      Node m;
      m.kind = NodeKind::kIndex;
      m.kids.push_back(std::move(n));
      m.kids.push_back(Expression());
      Expect("]", "to close an index");
      m.span = From(begin);
      n = std::move(m);
    } else if (AtSymbol("(") && n.kind == NodeKind::kName) {
      // f(…): a call on a name. Calls on other expressions are not KQL.
      Take();
      Node call;
      call.kind = NodeKind::kCall;
      call.text = n.text;
      call.kids = Arguments();
      call.span = From(begin);
      n = std::move(call);
    } else {
      return n;
    }
  }
}

std::vector<Node> Parser::Arguments() {
  std::vector<Node> args;
  while (!AtSymbol(")")) {
    if (AtEnd()) Fail("missing ')' to close the argument list");
    uint32_t begin = Peek().span.begin;
    if (AtSymbol("*") && (AtSymbol(",", 1) || AtSymbol(")", 1))) {
      args.push_back(Leaf(NodeKind::kWildcard, Take(), "*"));
    } else if (Peek().kind == Token::Kind::kName && AtSymbol("=", 1)) {
      Node assign;
      assign.kind = NodeKind::kAssign;
      assign.kids.push_back(Leaf(NodeKind::kName, Peek(), Take().text));
      Take();
      assign.kids.push_back(PipeExpression());
      assign.span = From(begin);
      args.push_back(std::move(assign));
    } else {
      args.push_back(PipeExpression());
    }
    if (!AtSymbol(",")) break;
    Take();
  }
  Expect(")", "to close the argument list");
  return args;
}

Node Parser::Primary() {
  const Token& t = Peek();
  uint32_t begin = t.span.begin;
  switch (t.kind) {
    case Token::Kind::kString:
      return Leaf(NodeKind::kString, Take(), t.text);
    case Token::Kind::kNumber:
      return Leaf(NodeKind::kNumber, Take(), t.text);
    case Token::Kind::kTimespan:
      return Leaf(NodeKind::kTimespan, Take(), t.text);
    case Token::Kind::kEnd:
      Fail("the query ends where an expression should be");
    case Token::Kind::kRaw:
      Fail("unexpected literal text");
    case Token::Kind::kSymbol:
      if (t.text == "(") {
        Take();
        Node inner = PipeExpression();
        if (AtSymbol(",")) {  // (a, b): a tuple, e.g. a list or an assignment target
          Node list;
          list.kind = NodeKind::kList;
          list.kids.push_back(std::move(inner));
          while (AtSymbol(",")) {
            Take();
            list.kids.push_back(PipeExpression());
          }
          Expect(")", "to close the parenthesis");
          list.span = From(begin);
          return list;
        }
        Expect(")", "to close the parenthesis");
        inner.span = From(begin);
        return inner;
      }
      if (t.text == "*") return Leaf(NodeKind::kWildcard, Take(), "*");
      Fail("unexpected '" + t.text + "' where an expression should be");
    case Token::Kind::kName:
      break;
  }
  return Literal();
}

// Names and the literals that start with one: true, false, datetime(…), dynamic(…), ….
Node Parser::Literal() {
  const Token& t = Peek();
  uint32_t begin = t.span.begin;
  const std::string& name = t.text;
  if (name == "true" || name == "false") return Leaf(NodeKind::kBool, Take(), name);
  if (name == "null") return Leaf(NodeKind::kNull, Take(), "");
  bool call = AtSymbol("(", 1);
  if (call && Peek(2).kind == Token::Kind::kRaw) {  // datetime(…), timespan(…), time(…), guid(…)
    Take();
    Take();
    std::string raw = Take().text;
    Take();
    NodeKind kind = name == "datetime" ? NodeKind::kDatetime
                    : name == "guid"   ? NodeKind::kGuid
                                       : NodeKind::kTimespan;
    Node n;
    n.kind = kind;
    n.text = raw;
    n.span = From(begin);
    return n;
  }
  if (call && (name == "dynamic" || name == "todynamic_literal")) {
    Take();
    Take();
    Node n;
    n.kind = NodeKind::kDynamic;
    n.kids.push_back(AtSymbol(")") ? Node{NodeKind::kNull, {}, "", "", {}} : DynamicLiteral());
    Expect(")", "to close dynamic(…)");
    n.span = From(begin);
    return n;
  }
  if (call && name == "typeof") {
    Take();
    Take();
    Node n;
    n.kind = NodeKind::kTypeof;
    n.text = ExpectName("a type name in typeof(…)");
    Expect(")", "to close typeof(…)");
    n.span = From(begin);
    return n;
  }
  return Leaf(NodeKind::kName, Take(), name);
}

// The JSON-like literal inside dynamic(…): arrays, property bags, scalars.
Node Parser::DynamicLiteral() {
  DepthGuard guard(*this);
  uint32_t begin = Peek().span.begin;
  if (Peek().kind == Token::Kind::kName && Peek().bracketed) {
    // ['x'] read as a quoted name is a one-element array here.
    Node array;
    array.kind = NodeKind::kArray;
    array.kids.push_back(Leaf(NodeKind::kString, Peek(), Peek().text));
    array.span = Take().span;
    return array;
  }
  if (AtSymbol("[")) {
    Take();
    Node array;
    array.kind = NodeKind::kArray;
    while (!AtSymbol("]")) {
      array.kids.push_back(DynamicLiteral());
      if (!AtSymbol(",")) break;
      Take();
    }
    Expect("]", "to close the array");
    array.span = From(begin);
    return array;
  }
  if (AtSymbol("{")) {
    Take();
    Node bag;
    bag.kind = NodeKind::kObject;
    while (!AtSymbol("}")) {
      Node pair;
      pair.kind = NodeKind::kPair;
      pair.span.begin = Peek().span.begin;
      if (Peek().kind != Token::Kind::kString && Peek().kind != Token::Kind::kName) {
        Fail("expected a key in the property bag");
      }
      pair.text = Take().text;
      Expect(":", "after a property bag key");
      pair.kids.push_back(DynamicLiteral());
      pair.span = From(pair.span.begin);
      bag.kids.push_back(std::move(pair));
      if (!AtSymbol(",")) break;
      Take();
    }
    Expect("}", "to close the property bag");
    bag.span = From(begin);
    return bag;
  }
  return Unary();
}

ParseResult Parse(std::string_view text) {
  ParseResult result;
  std::vector<Token> tokens;
  if (!Tokenize(text, tokens, result.error)) return result;
  Parser parser(text, std::move(tokens));
  try {
    result.script = parser.Script(false);
    result.ok = true;
    result.warnings = std::move(parser.warnings());
  } catch (const ParseFailure& failure) {
    result.error = failure.error;
  }
  return result;
}

std::pair<uint32_t, uint32_t> LineColumn(std::string_view text, uint32_t offset) {
  uint32_t line = 1, column = 1;
  for (uint32_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

}  // namespace quarry::kql
