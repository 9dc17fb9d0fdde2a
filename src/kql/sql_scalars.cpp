// Scalar operators and functions with Kusto's semantics (string case rules, term matching,
// missing strings as "", datetimes as ticks).
#include <algorithm>
#include <optional>
#include <string>

#include "kql/binder.h"
#include "kql/sql_internal.h"

namespace quarry::kql {
namespace {

// Floor to a multiple of `size`, toward −∞ for negative values too (SQL's % truncates).
std::string FloorTo(const std::string& x, const std::string& size, const std::string& type) {
  if (type == "real") {
    std::string q = "(" + x + ") / (" + size + ")";
    return "((CAST(" + q + " AS INTEGER) - (" + q + " < CAST(" + q + " AS INTEGER))) * (" + size +
           "))";
  }
  return "((" + x + ") - ((((" + x + ") % (" + size + ")) + (" + size + ")) % (" + size + ")))";
}

}  // namespace

std::vector<std::string> Lowerer::ListValues(const Node& list, const Rel& rel, bool& subquery,
                                             const std::string& element_type) {
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
    if (e.type == "dynamic") {
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

E Lowerer::Converted(const Node& n, const std::string& type, const Rel& rel) {
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
    std::vector<std::string> values = ListValues(right, rel, subquery, "");
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
  return {negated ? Not(test) : test, "bool"};
}

E Lowerer::Binary(const Node& n, const Rel& rel) {
  const std::string& op = n.text;
  if (op == "and" || op == "or") {
    E a = Expr(n.kids[0], rel), b = Expr(n.kids[1], rel);
    return {"(" + a.sql + (op == "and" ? " AND " : " OR ") + b.sql + ")", "bool"};
  }
  E left = Expr(n.kids[0], rel);
  if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%") {
    E right = Expr(n.kids[1], rel);
    std::string type = left.type;
    if (left.type == "datetime" && right.type == "datetime" && op == "-") {
      type = "timespan";
    } else if (left.type == "datetime" || right.type == "datetime") {
      type = "datetime";
    } else if (left.type == "real" || right.type == "real") {
      type = "real";
    } else if (type.empty()) {
      type = right.type;
    }
    return {"(" + left.sql + " " + op + " " + right.sql + ")", type};
  }
  if (op == "==" || op == "!=" || op == "<>" || op == "<" || op == "<=" || op == ">" ||
      op == ">=") {
    // A literal of another type is converted to the other side's type, as Kusto does.
    E right = Converted(n.kids[1], left.type, rel);
    if (ConvertLiteral(n.kids[0], right.type)) left = Converted(n.kids[0], right.type, rel);
    bool strings = left.type == "string" || right.type == "string";
    std::string a = strings ? Str(left) : left.sql, b = strings ? Str(right) : right.sql;
    if (op == "!=" || op == "<>") return {Not("(" + a + " = " + b + ")"), "bool"};
    return {"(" + a + " " + (op == "==" ? "=" : op) + " " + b + ")", "bool"};
  }
  if (op == "=~" || op == "!~") {
    E right = Expr(n.kids[1], rel);
    std::string test = "(lower(" + Str(left) + ") = lower(" + Str(right) + "))";
    return {op == "=~" ? test : Not(test), "bool"};
  }
  return StringOperator(op, left, n.kids[1], rel);
}

E Lowerer::Call(const Node& n, const Rel& rel) {
  const std::string& f = n.text;
  auto arg = [&](size_t i) {
    if (i >= n.kids.size()) Fail("'" + f + "' needs more arguments", n.span);
    return Expr(n.kids[i], rel);
  };
  std::string now = std::to_string(options_.now_ticks);
  if (f == "now") {
    if (n.kids.empty()) return {now, "datetime"};
    return {"(" + now + " + " + arg(0).sql + ")", "datetime"};
  }
  if (f == "ago") return {"(" + now + " - " + arg(0).sql + ")", "datetime"};
  if (f == "bin" || f == "floor") {
    E x = arg(0), size = arg(1);
    return {FloorTo(x.sql, size.sql, x.type), x.type};
  }
  if (f == "startofday") {
    E x = arg(0);
    return {FloorTo(x.sql, "864000000000", "long"), "datetime"};
  }
  if (f == "endofday") {
    E x = arg(0);
    return {"(" + FloorTo(x.sql, "864000000000", "long") + " + 863999999999)", "datetime"};
  }
  // Days since the epoch (1970-01-01 was a Thursday): weeks start on Sunday, as in Kusto.
  if (f == "startofweek" || f == "dayofweek") {
    E x = arg(0);
    std::string days = "(" + FloorTo(x.sql, "864000000000", "long") + " / 864000000000)";
    std::string weekday = "(((" + days + " + 4) % 7 + 7) % 7)";
    if (f == "dayofweek") return {"(" + weekday + " * 864000000000)", "timespan"};
    return {"((" + days + " - " + weekday + ") * 864000000000)", "datetime"};
  }
  if (f == "startofmonth" || f == "startofyear") {
    E x = arg(0);
    std::string unit = f == "startofmonth" ? "'start of month'" : "'start of year'";
    return {"(CAST(strftime('%s', datetime(" + FloorTo(x.sql, "10000000", "long") +
                " / 10000000, 'unixepoch', " + unit + ")) AS INTEGER) * 10000000)",
            "datetime"};
  }
  if (f == "tostring") return {AsText(arg(0)), "string"};
  if (f == "tolong" || f == "toint")
    return {dialect_.ToLong(arg(0).sql), f == "toint" ? "int" : "long"};
  if (f == "todouble" || f == "toreal") return {dialect_.ToReal(arg(0).sql), "real"};
  if (f == "tolower" || f == "toupper") {
    return {std::string(f == "tolower" ? "lower(" : "upper(") + Str(arg(0)) + ")", "string"};
  }
  if (f == "strlen") return {"length(" + Str(arg(0)) + ")", "long"};
  if (f == "strcat") {
    std::string sql = "(";
    for (size_t i = 0; i < n.kids.size(); ++i) {
      E x = arg(i);
      if (i > 0) sql += " || ";
      sql += x.type == "datetime" ? "coalesce(" + dialect_.FormatDatetime(x.sql) + ", '')"
                                  : "coalesce(CAST(" + x.sql + " AS TEXT), '')";
    }
    return {sql + ")", "string"};
  }
  if (f == "substring") {
    E s = arg(0), start = arg(1);
    std::string sql = "substr(" + Str(s) + ", (" + start.sql + ") + 1";
    if (n.kids.size() > 2) sql += ", " + arg(2).sql;
    return {sql + ")", "string"};
  }
  if (f == "isempty" || f == "isnotempty") {
    E x = arg(0);
    std::string empty = x.type == "string" || x.type.empty() || x.type == "dynamic"
                            ? "(" + x.sql + " IS NULL OR " + x.sql + " = '')"
                            : "(" + x.sql + " IS NULL)";
    return {f == "isempty" ? empty : "(NOT " + empty + ")", "bool"};
  }
  if (f == "isnull") return {"(" + arg(0).sql + " IS NULL)", "bool"};
  if (f == "isnotnull") return {"(" + arg(0).sql + " IS NOT NULL)", "bool"};
  if (f == "not") return {"(NOT " + arg(0).sql + ")", "bool"};
  if (f == "iff" || f == "iif") {
    E p = arg(0), a = arg(1), b = arg(2);
    return {"(CASE WHEN " + p.sql + " THEN " + a.sql + " ELSE " + b.sql + " END)",
            a.type.empty() ? b.type : a.type};
  }
  if (f == "case") {
    if (n.kids.size() < 3 || n.kids.size() % 2 == 0)
      Fail("case(p1, v1, …, else) needs an odd number of arguments", n.span);
    std::string sql = "(CASE";
    std::string type;
    for (size_t i = 0; i + 1 < n.kids.size(); i += 2) {
      E v = arg(i + 1);
      sql += " WHEN " + arg(i).sql + " THEN " + v.sql;
      if (type.empty()) type = v.type;
    }
    return {sql + " ELSE " + arg(n.kids.size() - 1).sql + " END)", type};
  }
  if (f == "coalesce") {
    std::string sql = "coalesce(";
    std::string type;
    for (size_t i = 0; i < n.kids.size(); ++i) {
      E x = arg(i);
      if (type.empty()) type = x.type;
      if (i > 0) sql += ", ";
      sql += x.type == "string" ? "NULLIF(" + x.sql + ", '')" : x.sql;
    }
    return {sql + ")", type};
  }
  if (f == "parse_json" || f == "todynamic") return {arg(0).sql, "dynamic"};
  if (f == "extract") {
    E re = arg(0), group = arg(1), text = arg(2);
    return {"kql_extract(" + re.sql + ", " + group.sql + ", " + Str(text) + ")", "string"};
  }
  if (f == "replace_regex") {
    return {"kql_replace_regex(" + Str(arg(0)) + ", " + arg(1).sql + ", " + arg(2).sql + ")",
            "string"};
  }
  if (f == "replace_string") {
    return {"replace(" + Str(arg(0)) + ", " + arg(1).sql + ", " + arg(2).sql + ")", "string"};
  }
  if (f == "split") {
    std::string sql = "kql_split(" + Str(arg(0)) + ", " + arg(1).sql + ")";
    if (n.kids.size() > 2) {
      E index = arg(2);
      sql = "json_array(json_extract(" + sql + ", '$[' || (" + index.sql + ") || ']'))";
    }
    return {sql, "dynamic"};
  }
  if (f == "indexof") return {"(instr(" + Str(arg(0)) + ", " + arg(1).sql + ") - 1)", "long"};
  if (f == "hourofday") {
    return {"((" + arg(0).sql + " / 36000000000) % 24 + 24) % 24", "int"};
  }
  if (f == "array_length") return {dialect_.JsonArrayLength(arg(0).sql), "long"};
  if (f == "abs") {
    E x = arg(0);
    return {"abs(" + x.sql + ")", x.type};
  }
  if (f == "round") {
    E x = arg(0);
    return {"round(" + x.sql + (n.kids.size() > 1 ? ", " + arg(1).sql : "") + ")", "real"};
  }
  return LibraryCall(n, rel);
}

}  // namespace quarry::kql
