// Tabular sources and operators: each operator's own grammar, and balanced-token parsing for
// the rarer operators whose arguments the binder does not interpret yet.
#include <algorithm>
#include <array>

#include "core/strings.h"
#include "kql/parser_internal.h"

namespace quarry::kql {
namespace {

// Operators whose arguments are kept as balanced tokens (kRaw): they parse, and the binder
// reports them as not supported.
constexpr std::array<std::string_view, 22> kRawOperators = {
    "render",        "make-series", "mv-apply",      "mvapply",      "top-nested",  "top-hitters",
    "partition",     "fork",        "facet",         "reduce",       "scan",        "consume",
    "project-smart", "parse-kv",    "assert-schema", "macro-expand", "graph-match", "make-graph",
    "graph-merge",   "lookup-kv",   "search",        "find"};

constexpr std::array<std::string_view, 12> kOptionNames = {
    "kind",  "withsource", "with_source",  "isfuzzy",      "bagexpansion", "with_itemindex",
    "flags", "hint",       "decodeblocks", "materialized", "withsource_",  "bin_legacy"};

bool IsOptionName(std::string_view name) {
  return std::find(kOptionNames.begin(), kOptionNames.end(), name) != kOptionNames.end();
}

constexpr std::array<std::string_view, 30> kKnownOperators = {"where",
                                                              "filter",
                                                              "project",
                                                              "project-keep",
                                                              "project-away",
                                                              "project-reorder",
                                                              "project-rename",
                                                              "extend",
                                                              "summarize",
                                                              "sort",
                                                              "order",
                                                              "top",
                                                              "take",
                                                              "limit",
                                                              "sample",
                                                              "sample-distinct",
                                                              "distinct",
                                                              "count",
                                                              "as",
                                                              "join",
                                                              "lookup",
                                                              "union",
                                                              "mv-expand",
                                                              "mvexpand",
                                                              "parse",
                                                              "parse-where",
                                                              "evaluate",
                                                              "invoke",
                                                              "serialize",
                                                              "getschema"};

}  // namespace

Node Parser::RawUntilPipe(uint32_t begin) {
  int depth = 0;
  uint32_t end = begin;
  while (!AtEnd()) {
    if (depth == 0 && (AtSymbol("|") || AtSymbol(";"))) break;
    if (AtSymbol("(") || AtSymbol("[") || AtSymbol("{")) ++depth;
    if (AtSymbol(")") || AtSymbol("]") || AtSymbol("}")) {
      if (depth == 0) break;  // closes an enclosing parenthesis
      --depth;
    }
    end = Take().span.end;
  }
  Node raw;
  raw.kind = NodeKind::kRaw;
  raw.span = Span{begin, std::max(begin, end)};
  raw.text = std::string(text_.substr(begin, raw.span.end - begin));
  return raw;
}

// datatable (Name: type, …) [value, …]: kids are one kParam per column (kids[0] its type as a
// kName), then a kList of the values, row after row.
void Parser::DatatableOperands(Node& op) {
  Expect("(", "to open datatable's columns");
  while (!AtSymbol(")")) {
    Node column;
    column.kind = NodeKind::kParam;
    column.span.begin = Peek().span.begin;
    column.text = ExpectName("a column name");
    Expect(":", "after a datatable column's name");
    column.kids.push_back(Leaf(NodeKind::kName, Peek(), ExpectName("a column type")));
    column.span = From(column.span.begin);
    op.kids.push_back(std::move(column));
    if (!AtSymbol(",")) break;
    Take();
  }
  Expect(")", "to close datatable's columns");
  uint32_t begin = Peek().span.begin;
  Expect("[", "to open datatable's values");
  Node values;
  values.kind = NodeKind::kList;
  while (!AtSymbol("]")) {
    values.kids.push_back(Expression());
    if (!AtSymbol(",")) break;
    Take();
  }
  Expect("]", "to close datatable's values");
  values.span = From(begin);
  op.kids.push_back(std::move(values));
}

// range Name from start to stop step step: kids are the kName and the three expressions.
void Parser::RangeOperands(Node& op) {
  op.kids.push_back(Leaf(NodeKind::kName, Peek(), ExpectName("the name of range's column")));
  for (const char* word : {"from", "to", "step"}) {
    if (!AtName(word)) Fail(std::string("expected '") + word + "' in range");
    Take();
    op.kids.push_back(Expression());
  }
}

Node Parser::NamedOptions(Node& op) {
  while (Peek().kind == Token::Kind::kName && IsOptionName(Peek().text)) {
    size_t ahead = 1;
    std::string name = Peek().text;
    while (AtSymbol(".", ahead) && Peek(ahead + 1).kind == Token::Kind::kName) {
      name += "." + Peek(ahead + 1).text;
      ahead += 2;
    }
    if (!AtSymbol("=", ahead)) break;
    uint32_t begin = Peek().span.begin;
    for (size_t k = 0; k <= ahead; ++k) Take();
    Node option;
    option.kind = NodeKind::kOption;
    option.text = name;
    const Token& v = Peek();
    if (v.kind == Token::Kind::kName) {
      option.kids.push_back(Leaf(NodeKind::kName, v, Take().text));
    } else if (v.kind == Token::Kind::kString || v.kind == Token::Kind::kNumber) {
      option.kids.push_back(Leaf(
          v.kind == Token::Kind::kString ? NodeKind::kString : NodeKind::kNumber, v, Take().text));
    } else {
      Fail("expected a value for option '" + name + "'");
    }
    option.span = From(begin);
    op.kids.push_back(std::move(option));
  }
  return op;
}

Node Parser::Item(bool allow_wildcards) {
  uint32_t begin = Peek().span.begin;
  // A name pattern: Col*, *Name, Device*Events, or * alone.
  if (allow_wildcards &&
      (AtSymbol("*") || (Peek().kind == Token::Kind::kName && AtSymbol("*", 1) && Adjacent(1)))) {
    std::string pattern;
    do {
      pattern += Take().text;
    } while ((AtSymbol("*") || Peek().kind == Token::Kind::kName ||
              Peek().kind == Token::Kind::kNumber) &&
             Adjacent(0));
    Node n;
    n.kind = NodeKind::kWildcard;
    n.text = pattern;
    n.span = From(begin);
    return n;
  }
  // (a, b) = f(…): several columns from one call.
  if (AtSymbol("(") && Peek(1).kind == Token::Kind::kName &&
      (AtSymbol(",", 2) || AtSymbol(")", 2))) {
    size_t k = 1;
    while (Peek(k).kind == Token::Kind::kName && AtSymbol(",", k + 1)) k += 2;
    if (Peek(k).kind == Token::Kind::kName && AtSymbol(")", k + 1) && AtSymbol("=", k + 2)) {
      Node tuple;
      tuple.kind = NodeKind::kTuple;
      Take();
      while (!AtSymbol(")")) {
        tuple.kids.push_back(Leaf(NodeKind::kName, Peek(), Take().text));
        if (AtSymbol(",")) Take();
      }
      Take();
      tuple.span = From(begin);
      Take();  // =
      Node assign;
      assign.kind = NodeKind::kAssign;
      assign.kids.push_back(std::move(tuple));
      assign.kids.push_back(Expression());
      assign.span = From(begin);
      return assign;
    }
  }
  if (Peek().kind == Token::Kind::kName && AtSymbol("=", 1)) {
    Node assign;
    assign.kind = NodeKind::kAssign;
    assign.kids.push_back(Leaf(NodeKind::kName, Peek(), Take().text));
    Take();
    assign.kids.push_back(Expression());
    assign.span = From(begin);
    return assign;
  }
  return Expression();
}

std::vector<Node> Parser::Items(bool allow_wildcards) {
  std::vector<Node> items;
  items.push_back(Item(allow_wildcards));
  while (AtSymbol(",")) {
    Take();
    items.push_back(Item(allow_wildcards));
  }
  return items;
}

Node Parser::SortKey() {
  uint32_t begin = Peek().span.begin;
  Node key;
  key.kind = NodeKind::kSortKey;
  key.kids.push_back(Expression());
  if (AtName("asc") || AtName("desc")) key.text = Take().text;
  if (AtName("nulls")) {
    Take();
    if (!AtName("first") && !AtName("last")) Fail("expected 'first' or 'last' after 'nulls'");
    key.raw = Take().text;
  }
  key.span = From(begin);
  return key;
}

Node Parser::Source() {
  const Token& t = Peek();
  if (t.kind == Token::Kind::kName) {
    const std::string& name = t.text;
    bool source_word = name == "union" || name == "print" || name == "range" ||
                       name == "datatable" || name == "externaldata" || name == "search" ||
                       name == "find" || name == "evaluate";
    // The word starts a source when an operand follows it; otherwise it is a column or a
    // function (`range(1, 5)`).
    Token::Kind next = Peek(1).kind;
    bool operand =
        next == Token::Kind::kName || next == Token::Kind::kString ||
        next == Token::Kind::kNumber || next == Token::Kind::kTimespan || AtSymbol("*", 1) ||
        (name == "print" && AtSymbol("-", 1)) ||
        (AtSymbol("(", 1) && (name == "datatable" || name == "externaldata" || name == "union"));
    if (source_word && operand) return Operator();
  }
  return Expression();
}

Node Parser::Operator() {
  DepthGuard guard(*this);
  uint32_t begin = Peek().span.begin;
  if (Peek().kind != Token::Kind::kName) Fail("expected an operator after '|'");
  Node op;
  op.kind = NodeKind::kOperator;
  op.text = Take().text;
  // Hyphenated names: project-away, mv-expand, parse-where, ….
  while (AtSymbol("-") && Adjacent(0) && Peek(1).kind == Token::Kind::kName && Adjacent(1)) {
    Take();
    op.text += "-" + Take().text;
  }
  const std::string& name = op.text;
  auto finish = [&]() {
    op.span = From(begin);
    return op;
  };
  if (name == "datatable") {
    DatatableOperands(op);
    return finish();
  }
  if (name == "range") {
    RangeOperands(op);
    return finish();
  }
  if (std::find(kRawOperators.begin(), kRawOperators.end(), name) != kRawOperators.end() ||
      name == "externaldata" || name == "print") {
    if (name == "print") {
      if (!AtSymbol("|") && !AtSymbol(";") && !AtEnd()) op.kids = Items(false);
      return finish();
    }
    op.kids.push_back(RawUntilPipe(Peek().span.begin));
    return finish();
  }
  if (name == "where" || name == "filter" || name == "take" || name == "limit" ||
      name == "sample") {
    op.kids.push_back(Expression());
  } else if (name == "project" || name == "project-keep" || name == "project-away" ||
             name == "project-reorder" || name == "distinct") {
    NamedOptions(op);
    op.kids.push_back(Item(true));
    auto order_word = [&] {
      if (name != "project-reorder") return;
      if (AtName("asc") || AtName("desc")) Take();
      if (AtName("granny") && AtSymbol("-", 1)) {
        Take();
        Take();
        Take();
      }
    };
    order_word();
    while (AtSymbol(",")) {
      Take();
      op.kids.push_back(Item(true));
      order_word();
    }
  } else if (name == "project-rename" || name == "extend" || name == "serialize") {
    if (name != "serialize" || (!AtSymbol("|") && !AtEnd() && !AtSymbol(";") && !AtSymbol(")"))) {
      op.kids = Items(false);
    }
  } else if (name == "summarize") {
    NamedOptions(op);
    if (!AtName("by")) {
      for (Node& item : Items(false)) op.kids.push_back(std::move(item));
    }
    NamedOptions(op);
    if (AtName("by")) {
      uint32_t by_begin = Take().span.begin;
      Node by;
      by.kind = NodeKind::kBy;
      by.kids = Items(false);
      by.span = From(by_begin);
      op.kids.push_back(std::move(by));
    }
  } else if (name == "sort" || name == "order") {
    NamedOptions(op);
    if (!AtName("by")) Fail("expected 'by' after '" + name + "'");
    Take();
    op.kids.push_back(SortKey());
    while (AtSymbol(",")) {
      Take();
      op.kids.push_back(SortKey());
    }
  } else if (name == "top") {
    op.kids.push_back(Expression());
    if (!AtName("by")) Fail("expected 'by' after the count of 'top'");
    Take();
    op.kids.push_back(SortKey());
  } else if (name == "sample-distinct") {
    op.kids.push_back(Expression());
    if (!AtName("of")) Fail("expected 'of' in 'sample-distinct'");
    Take();
    op.kids.push_back(Expression());
  } else if (name == "count" || name == "getschema") {
    // no arguments
  } else if (name == "as") {
    NamedOptions(op);
    op.kids.push_back(Leaf(NodeKind::kName, Peek(), ExpectName("a name after 'as'")));
  } else if (name == "join" || name == "lookup") {
    NamedOptions(op);
    op.kids.push_back(AtSymbol("(") ? Primary() : Postfix());
    if (AtName("on")) {
      uint32_t on_begin = Take().span.begin;
      Node on;
      on.kind = NodeKind::kOn;
      on.kids.push_back(Expression());
      while (AtSymbol(",")) {
        Take();
        on.kids.push_back(Expression());
      }
      on.span = From(on_begin);
      op.kids.push_back(std::move(on));
    } else if (name == "lookup") {
      Fail("expected 'on' after the table of 'lookup'");
    }
  } else if (name == "union") {
    NamedOptions(op);
    do {
      if (AtSymbol(",")) Take();
      if (AtSymbol("(")) {
        op.kids.push_back(Primary());
      } else {
        Node source = Item(true);
        op.kids.push_back(std::move(source));
      }
    } while (AtSymbol(","));
  } else if (name == "mv-expand" || name == "mvexpand") {
    NamedOptions(op);
    auto expand_item = [&] {
      Node item = Item(false);
      Node expand;
      expand.kind = NodeKind::kExpandItem;
      expand.span = item.span;
      expand.kids.push_back(std::move(item));
      if (AtName("to") && AtName("typeof", 1)) {
        Take();
        expand.kids.push_back(Primary());
        expand.span.end = expand.kids.back().span.end;
      }
      return expand;
    };
    op.kids.push_back(expand_item());
    while (AtSymbol(",")) {
      Take();
      op.kids.push_back(expand_item());
    }
    if (AtName("limit")) {
      Take();
      Node limit;
      limit.kind = NodeKind::kOption;
      limit.text = "limit";
      limit.kids.push_back(Expression());
      op.kids.push_back(std::move(limit));
    }
  } else if (name == "parse" || name == "parse-where") {
    NamedOptions(op);
    op.kids.push_back(Expression());
    if (!AtName("with")) Fail("expected 'with' and a pattern after the source of '" + name + "'");
    uint32_t with_begin = Take().span.begin;
    Node pattern;
    pattern.kind = NodeKind::kWith;
    while (!AtEnd() && !AtSymbol("|") && !AtSymbol(";") && !AtSymbol(")")) {
      const Token& t = Peek();
      if (t.kind == Token::Kind::kString) {
        pattern.kids.push_back(Leaf(NodeKind::kString, t, Take().text));
      } else if (AtSymbol("*")) {
        pattern.kids.push_back(Leaf(NodeKind::kWildcard, Take(), "*"));
      } else if (t.kind == Token::Kind::kName) {
        Node column = Leaf(NodeKind::kName, t, Take().text);
        if (AtSymbol(":")) {
          Take();
          column.kids.push_back(Leaf(NodeKind::kName, Peek(), ExpectName("a column type")));
          column.span.end = column.kids.back().span.end;
        }
        pattern.kids.push_back(std::move(column));
      } else {
        Fail("unexpected token in the pattern of '" + name + "'");
      }
    }
    pattern.span = From(with_begin);
    op.kids.push_back(std::move(pattern));
  } else if (name == "evaluate" || name == "invoke") {
    NamedOptions(op);
    op.kids.push_back(Postfix());
    if (name == "evaluate" && AtSymbol(":") && AtSymbol("(", 1)) {
      Take();  // an output schema: `: (Col: type, …)`, kept as written
      uint32_t schema_begin = Take().span.begin;
      Node schema = RawUntilPipe(Peek().span.begin);
      Expect(")", "to close the output schema");
      schema.span.begin = schema_begin;
      op.kids.push_back(std::move(schema));
    }
  } else {
    std::string best;
    size_t best_distance = 3;
    for (std::string_view known : kKnownOperators) {
      size_t d = EditDistance(name, known);
      if (d < best_distance) {
        best_distance = d;
        best = known;
      }
    }
    Fail("unknown operator '" + name + "'" +
             (best.empty() ? std::string() : "; did you mean '" + best + "'?"),
         From(begin));
  }
  return finish();
}

}  // namespace quarry::kql
