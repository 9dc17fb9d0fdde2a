// Scalar operators with Kusto's semantics (string case rules, term matching,
// missing strings as "", datetimes as ticks).
#include <algorithm>
#include <optional>
#include <string>

#include "kql/binder.h"
#include "kql/sql_internal.h"

namespace quarry::kql {

std::vector<std::string> Lowerer::ListValues(const Node& list, const Rel& rel, bool& subquery,
                                             Type element_type) {
  subquery = false;
  std::vector<std::string> out;
  if (list.kids.size() == 1) {
    const Node& only = list.kids[0];
    bool tabular = only.kind == NodeKind::kPipe ||
                   (only.kind == NodeKind::kName && !scalars_.count(only.text) &&
                    !std::any_of(rel.cols.begin(), rel.cols.end(),
                                 [&](const SqlColumn& c) { return c.name == only.text; }) &&
                    (tables_.count(only.text) || catalog_.Find(only.text)));
    if (tabular) {
      Rel r = Tabular(only);
      if (r.cols.empty()) Fail("the list's query has no column", only.span);
      subquery = true;
      out.push_back("SELECT " + Ident(r.cols[0].name) + " FROM (" + r.sql + ")");
      return out;
    }
    E e = Converted(only, element_type, rel);
    if (e.type == Type::kDynamic) {
      subquery = true;
      out.push_back("SELECT value FROM json_each(" + e.sql + ")");
      return out;
    }
    out.push_back(e.sql);
    return out;
  }
  for (const Node& item : list.kids) out.push_back(Converted(item, element_type, rel).sql);
  return out;
}

E Lowerer::Converted(const Node& n, Type type, const Rel& rel) {
  if (std::optional<Node> literal = ConvertLiteral(n, type)) return Literal(*literal);
  return Expr(n, rel);
}

E Lowerer::StringOperator(const std::string& op, const E& left, const Node& right, const Rel& rel) {
  bool negated = op[0] == '!';
  std::string base = negated ? op.substr(1) : op;
  bool cs = base.size() > 3 && base.substr(base.size() - 3) == "_cs";
  if (cs) base.resize(base.size() - 3);
  std::string hay = Str(left);
  std::string test;
  if (base == "has_any" || base == "has_all") {
    bool subquery = false;
    std::vector<std::string> values = ListValues(right, rel, subquery, Type::kUnknown);
    if (subquery) {
      std::string each = "SELECT 1 FROM (" + values[0] + ") AS _l(value) WHERE ";
      test =
          base == "has_any"
              ? "EXISTS (" + each + dialect_.Has(hay, "_l.value", false, "has") + ")"
              : "NOT EXISTS (" + each + "NOT " + dialect_.Has(hay, "_l.value", false, "has") + ")";
    } else {
      std::string joiner = base == "has_any" ? " OR " : " AND ";
      test = "(";
      for (size_t i = 0; i < values.size(); ++i) {
        if (i > 0) test += joiner;
        test += dialect_.Has(hay, values[i], false, "has");
      }
      test += ")";
    }
  } else if (base == "in" || base == "in~") {
    bool subquery = false;
    std::vector<std::string> values = ListValues(right, rel, subquery, left.type);
    bool fold = base == "in~";
    std::string lhs = fold ? "lower(" + left.sql + ")" : left.sql;
    std::string list;
    if (subquery) {
      list = fold ? "SELECT lower(v) FROM (" + values[0] + ") AS _l(v)" : values[0];
    } else {
      for (size_t i = 0; i < values.size(); ++i) {
        if (i > 0) list += ", ";
        list += fold ? "lower(" + values[i] + ")" : values[i];
      }
    }
    test = "(" + lhs + " IN (" + list + "))";
  } else {
    E needle = Expr(right, rel);
    if (base == "has" || base == "hasprefix" || base == "hassuffix") {
      test = dialect_.Has(hay, needle.sql, cs, base);
    } else if (base == "contains") {
      test = dialect_.Contains(hay, needle.sql, cs);
    } else if (base == "startswith") {
      test = dialect_.StartsWith(hay, needle.sql, cs);
    } else if (base == "endswith") {
      test = dialect_.EndsWith(hay, needle.sql, cs);
    } else if (base == "matches regex") {
      test = dialect_.Regex(hay, needle.sql);
    } else {
      Fail("operator '" + op + "' is not supported when running queries yet", right.span);
    }
  }
  return {negated ? Not(test) : test, Type::kBool};
}

E Lowerer::Binary(const Node& n, const Rel& rel) {
  const std::string& op = n.text;
  if (op == "and" || op == "or") {
    // A chain of one operator is written flat, "(a OR b OR c)": nested parentheses for each
    // operand overflow SQLite's parser stack after about a hundred (long `or` lists of
    // converted Sigma rules and community queries have them).
    std::vector<const Node*> operands;
    std::vector<const Node*> pending{&n};
    while (!pending.empty()) {
      const Node* at = pending.back();
      pending.pop_back();
      if (at->kind == n.kind && at->text == op && at->kids.size() == 2) {
        pending.push_back(&at->kids[1]);
        pending.push_back(&at->kids[0]);
      } else {
        operands.push_back(at);
      }
    }
    std::string sql = "(";
    for (size_t k = 0; k < operands.size(); ++k) {
      if (k > 0) sql += op == "and" ? " AND " : " OR ";
      sql += Expr(*operands[k], rel).sql;
    }
    return {sql + ")", Type::kBool};
  }
  E left = Expr(n.kids[0], rel);
  if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%") {
    E right = Expr(n.kids[1], rel);
    Type type = ArithmeticType(op, left.type, right.type);
    if (op == "/" && (type == Type::kLong || type == Type::kInt)) {
      return {dialect_.IntegerDivide(left.sql, right.sql), type};  // Kusto truncates
    }
    return {"(" + left.sql + " " + op + " " + right.sql + ")", type};
  }
  if (op == "==" || op == "!=" || op == "<>" || op == "<" || op == "<=" || op == ">" ||
      op == ">=") {
    // A literal of another type is converted to the other side's type, as Kusto does.
    E right = Converted(n.kids[1], left.type, rel);
    if (ConvertLiteral(n.kids[0], right.type)) left = Converted(n.kids[0], right.type, rel);
    bool strings = left.type == Type::kString || right.type == Type::kString;
    std::string a = strings ? Str(left) : left.sql, b = strings ? Str(right) : right.sql;
    if (op == "!=" || op == "<>") return {Not("(" + a + " = " + b + ")"), Type::kBool};
    if (left.type == Type::kDateTime && right.type == Type::kDateTime && op != "==")
      return {dialect_.CompareTimes(a, op, b), Type::kBool};
    return {"(" + a + " " + (op == "==" ? "=" : op) + " " + b + ")", Type::kBool};
  }
  if (op == "=~" || op == "!~") {
    E right = Expr(n.kids[1], rel);
    std::string test = "(lower(" + Str(left) + ") = lower(" + Str(right) + "))";
    return {op == "=~" ? test : Not(test), Type::kBool};
  }
  return StringOperator(op, left, n.kids[1], rel);
}

}  // namespace quarry::kql
