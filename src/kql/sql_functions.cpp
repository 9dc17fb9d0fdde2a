// The longer tail of Kusto's scalar functions (time arithmetic, text, dynamic values, IPv4),
// user-defined functions from `let`, and the parse operator.
#include <re2/re2.h>

#include <algorithm>

#include "kql/sql_internal.h"

namespace quarry::kql {
namespace {

bool IsUnit(const Node& n) {
  return n.kind == NodeKind::kString || n.kind == NodeKind::kName;
}

}  // namespace

// A value as an element of a JSON array or bag built in SQL: dynamic arrays and bags embedded,
// datetimes as ISO text, bools as JSON booleans.
std::string Lowerer::JsonElement(const E& e) const {
  if (e.type == "datetime") return dialect_.FormatDatetime(e.sql);
  if (e.type == "bool") {
    return "(CASE WHEN " + e.sql + " IS NULL THEN NULL WHEN " + e.sql +
           " THEN json('true') ELSE json('false') END)";
  }
  if (e.type == "dynamic") {
    return "(CASE WHEN json_valid(" + e.sql + ") AND substr(" + e.sql + ", 1, 1) IN ('[', '{') " +
           "THEN json(" + e.sql + ") ELSE " + e.sql + " END)";
  }
  return e.sql;
}

E Lowerer::LibraryCall(const Node& n, const Rel& rel) {
  const std::string& f = n.text;
  auto arg = [&](size_t i) {
    if (i >= n.kids.size()) Fail("'" + f + "' needs more arguments", n.span);
    return Expr(n.kids[i], rel);
  };
  auto udf = [&](const std::string& name, const std::vector<std::string>& args,
                 const std::string& type) {
    return E{dialect_.Function(name, args), type};
  };
  if (auto it = functions_.find(f); it != functions_.end())
    return InlineScalar(*it->second, n, rel);
  if (f == "todatetime") {
    E x = arg(0);
    return x.type == "datetime" ? x : udf("todatetime", {x.sql}, "datetime");
  }
  if (f == "totimespan" || f == "time") {
    E x = arg(0);
    return x.type == "timespan" ? x : udf("totimespan", {x.sql}, "timespan");
  }
  if (f == "tobool" || f == "toboolean") return udf("tobool", {arg(0).sql}, "bool");
  if (f == "datetime_diff" || f == "datetime_add") {
    if (n.kids.empty() || !IsUnit(n.kids[0]))
      Fail("the first argument of '" + f + "' is a period name such as 'day'", n.span);
    std::string unit = dialect_.String(n.kids[0].text);
    E a = arg(1), b = arg(2);
    return udf(f, {unit, a.sql, b.sql}, f == "datetime_diff" ? "long" : "datetime");
  }
  if (f == "format_datetime") {
    E t = arg(0), format = arg(1);
    return {"coalesce(" + dialect_.Function(f, {t.sql, format.sql}) + ", '')", "string"};
  }
  if (f == "format_timespan") Fail("'format_timespan' is not supported when running yet", n.span);
  if (f == "strcat_array") {
    E a = arg(0), delimiter = arg(1);
    return {"coalesce((SELECT group_concat(value, " + delimiter.sql + ") FROM json_each(" + a.sql +
                ")), '')",
            "string"};
  }
  if (f == "extract_all") {
    if (n.kids.size() != 2) Fail("extract_all with a list of groups is not supported yet", n.span);
    return udf("extract_all", {arg(0).sql, Str(arg(1))}, "dynamic");
  }
  if (f == "trim" || f == "trim_start" || f == "trim_end") {
    std::string side = f == "trim" ? "0" : f == "trim_start" ? "1" : "2";
    return udf("trim", {arg(0).sql, Str(arg(1)), side}, "string");
  }
  if (f == "countof") {
    E text = arg(0), search = arg(1);
    std::string regex = "0";
    if (n.kids.size() > 2) {
      if (n.kids[2].kind != NodeKind::kString)
        Fail("the kind of countof is the string 'normal' or 'regex'", n.kids[2].span);
      regex = n.kids[2].text == "regex" ? "1" : "0";
    }
    return udf("countof", {Str(text), search.sql, regex}, "long");
  }
  if (f == "base64_decode_tostring" || f == "base64_decodestring")
    return udf("base64_decode", {Str(arg(0))}, "string");
  if (f == "url_decode") return udf("url_decode", {Str(arg(0))}, "string");
  if (f == "parse_url" || f == "parseurl") return udf("parse_url", {Str(arg(0))}, "dynamic");
  if (f == "pack_array") {
    std::string sql = "json_array(";
    for (size_t i = 0; i < n.kids.size(); ++i) sql += (i ? ", " : "") + JsonElement(arg(i));
    return {sql + ")", "dynamic"};
  }
  if (f == "bag_pack" || f == "pack" || f == "pack_dictionary") {
    if (n.kids.size() % 2 != 0) Fail("'" + f + "' takes key, value pairs", n.span);
    std::string sql = "json_object(";
    for (size_t i = 0; i < n.kids.size(); i += 2) {
      sql += (i ? ", " : "") + Str(arg(i)) + ", " + JsonElement(arg(i + 1));
    }
    return {sql + ")", "dynamic"};
  }
  if (f == "bag_keys") {
    return {"(SELECT json_group_array(key) FROM json_each(" + arg(0).sql + "))", "dynamic"};
  }
  if (f == "set_has_element") {
    E set = arg(0), value = arg(1);
    return {"EXISTS (SELECT 1 FROM json_each(" + set.sql + ") WHERE value = " + value.sql + ")",
            "bool"};
  }
  if (f == "array_index_of") {
    E array = arg(0), value = arg(1);
    return {"coalesce((SELECT MIN(key) FROM json_each(" + array.sql +
                ") WHERE value = " + value.sql + "), -1)",
            "long"};
  }
  if (f == "parse_ipv4") return udf("parse_ipv4", {Str(arg(0))}, "long");
  if (f == "ipv4_is_private") return udf("ipv4_is_private", {Str(arg(0))}, "bool");
  if (f == "ipv4_is_in_range") {
    E ip = arg(0), range = arg(1);
    return udf("ipv4_is_in_range", {Str(ip), Str(range)}, "bool");
  }
  if (f == "ipv4_is_in_any_range") {
    E ip = arg(0);
    std::string ip_text = Str(ip);
    if (n.kids.size() == 2) {
      E ranges = arg(1);
      if (ranges.type == "dynamic") {
        return {"EXISTS (SELECT 1 FROM json_each(" + ranges.sql + ") WHERE " +
                    dialect_.Function("ipv4_is_in_range", {ip_text, "value"}) + ")",
                "bool"};
      }
    }
    std::string sql = "(";
    for (size_t i = 1; i < n.kids.size(); ++i) {
      sql += (i > 1 ? " OR " : "") + std::string("coalesce(") +
             dialect_.Function("ipv4_is_in_range", {ip_text, Str(arg(i))}) + ", 0)";
    }
    return {sql + ")", "bool"};
  }
  if (f == "column_ifexists") {
    if (n.kids.size() != 2 || n.kids[0].kind != NodeKind::kString)
      Fail("column_ifexists takes a column name as a string and a default", n.span);
    for (const SqlColumn& c : rel.cols) {
      if (c.name == n.kids[0].text) return {Ident(c.name), c.type};
    }
    return arg(1);
  }
  if (f == "toscalar") {
    if (n.kids.size() != 1) Fail("toscalar takes one tabular expression", n.span);
    Rel r = Tabular(n.kids[0]);
    if (r.cols.empty()) Fail("the query of toscalar has no column", n.span);
    return {"(SELECT " + Ident(r.cols[0].name) + " FROM (" + r.sql + ") LIMIT 1)", r.cols[0].type};
  }
  Fail("function '" + f + "' is not supported when running queries yet", n.span);
}

// ---- user-defined functions --------------------------------------------------------------------

void Lowerer::BindArguments(const Node& fn, const Node& call, const Rel& rel) {
  size_t params = fn.kids.size() - 1;  // the last kid is the body
  if (call.kids.size() > params) {
    Fail("'" + call.text + "' takes " + std::to_string(params) + " arguments", call.span);
  }
  std::map<std::string, E, std::less<>> bound;
  for (size_t i = 0; i < params; ++i) {
    const Node& param = fn.kids[i];
    bool tabular = !param.kids.empty() && param.kids[0].text == "table";
    const Node* value = i < call.kids.size() ? &call.kids[i] : nullptr;
    if (value == nullptr && param.kids.size() > 1) value = &param.kids.back();
    if (value == nullptr)
      Fail("'" + call.text + "' needs its argument '" + param.text + "'", call.span);
    if (tabular) {
      tables_[param.text] = Tabular(*value);
    } else {
      E e = Expr(*value, rel);
      bound[param.text] = E{"(" + e.sql + ")", e.type};
    }
  }
  for (auto& [name, e] : bound) params_[name] = e;
}

namespace {

// The body's last tabular or scalar expression, after its own lets.
const Node* BodyResult(const Node& fn) {
  const Node& body = fn.kids.back();
  const Node* result = nullptr;
  for (const Node& s : body.kids) {
    if (s.kind == NodeKind::kQuery && !s.kids.empty()) result = &s.kids[0];
  }
  return result;
}

}  // namespace

bool Lowerer::ReturnsTable(const Node& fn) const {
  const Node* result = BodyResult(fn);
  if (result == nullptr) return false;
  return result->kind == NodeKind::kPipe || result->kind == NodeKind::kOperator ||
         (result->kind == NodeKind::kName &&
          (tables_.count(result->text) || catalog_.Find(result->text) ||
           std::any_of(fn.kids.begin(), fn.kids.end() - 1, [&](const Node& p) {
             return p.text == result->text && !p.kids.empty() && p.kids[0].text == "table";
           })));
}

// Binds the arguments and runs the body's lets in a scope of their own; returns the body's
// result expression. LeaveFunction restores the caller's names.
const Node& Lowerer::EnterFunction(const Node& fn, const Node& call, const Rel& rel,
                                   FunctionScope& saved) {
  if (++inline_depth_ > 16) Fail("functions call each other too deeply", call.span);
  saved = {tables_, scalars_, params_, functions_};
  BindArguments(fn, call, rel);
  for (const Node& s : fn.kids.back().kids) {
    if (s.kind == NodeKind::kLet && !s.kids.empty()) Let(s);
  }
  const Node* result = BodyResult(fn);
  if (result == nullptr) Fail("the body of '" + call.text + "' has no expression", call.span);
  return *result;
}

void Lowerer::LeaveFunction(FunctionScope& saved) {
  tables_ = std::move(saved.tables);
  scalars_ = std::move(saved.scalars);
  params_ = std::move(saved.params);
  functions_ = std::move(saved.functions);
  --inline_depth_;
}

E Lowerer::InlineScalar(const Node& fn, const Node& call, const Rel& rel) {
  FunctionScope saved;
  E e = Expr(EnterFunction(fn, call, rel, saved), rel);
  LeaveFunction(saved);
  return e;
}

Rel Lowerer::InlineTabular(const Node& fn, const Node& call) {
  FunctionScope saved;
  Rel r = Tabular(EnterFunction(fn, call, Rel{}, saved));
  LeaveFunction(saved);
  return r;
}

// ---- parse -------------------------------------------------------------------------------------

Rel Lowerer::Parse(const Node& op, const Rel& in) {
  std::string kind = "simple", flags;
  const Node* source = nullptr;
  const Node* pattern = nullptr;
  for (const Node& k : op.kids) {
    if (k.kind == NodeKind::kOption && !k.kids.empty()) {
      if (k.text == "kind") kind = k.kids[0].text;
      if (k.text == "flags") flags = k.kids[0].text;
    } else if (k.kind == NodeKind::kWith) {
      pattern = &k;
    } else if (source == nullptr) {
      source = &k;
    }
  }
  if (source == nullptr || pattern == nullptr) Fail("parse needs a source and a pattern", op.span);
  if (kind != "simple" && kind != "regex" && kind != "relaxed")
    Fail("parse kind '" + kind + "' is not one of simple, regex, relaxed", op.span);
  bool regex = kind == "regex";
  std::string re = regex ? "" : "(?s)";
  if (regex && !flags.empty()) {
    for (char c : flags) {
      if (std::string_view("imsU").find(c) == std::string_view::npos)
        Fail(std::string("unsupported regex flag '") + c + "'", op.span);
    }
    re = "(?" + flags + ")";
  }
  struct Extracted {
    std::string name, type;
    int group = 0;  // its capturing group in the whole pattern
  };
  int groups = 0;
  std::vector<Extracted> columns;
  for (const Node& part : pattern->kids) {
    if (part.kind == NodeKind::kString) {
      re += regex ? part.text : RE2::QuoteMeta(part.text);
      // A regex part's own groups come before the next column's.
      if (regex) groups += RE2(part.text, RE2::Quiet).NumberOfCapturingGroups();
    } else if (part.kind == NodeKind::kWildcard) {
      re += ".*?";
    } else if (part.kind == NodeKind::kName) {
      std::string type = part.kids.empty() ? "string" : NormalizeTypeName(part.kids[0].text);
      if (kind != "relaxed" && (type == "long" || type == "int")) {
        re += "(-?\\d+)";
      } else if (kind != "relaxed" && type == "real") {
        re += "(-?\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?)";
      } else {
        re += "(.*?)";
      }
      columns.push_back({part.text, type, ++groups});
    }
  }
  std::string text = AsText(Expr(*source, in));
  std::string pattern_sql = dialect_.String(re);
  Rel out;
  std::vector<std::string> exprs;
  for (const SqlColumn& c : in.cols) {
    bool replaced = std::any_of(columns.begin(), columns.end(),
                                [&](const Extracted& x) { return x.name == c.name; });
    if (replaced) continue;
    out.cols.push_back(c);
    exprs.push_back(Ident(c.name));
  }
  std::string condition;
  for (size_t i = 0; i < columns.size(); ++i) {
    std::string group =
        dialect_.Function("parse", {text, pattern_sql, std::to_string(columns[i].group)});
    const std::string& type = columns[i].type;
    std::string value = type == "long" || type == "int" ? dialect_.ToLong(group)
                        : type == "real"                ? dialect_.ToReal(group)
                        : type == "datetime"            ? dialect_.Function("todatetime", {group})
                        : type == "timespan"            ? dialect_.Function("totimespan", {group})
                        : type == "bool"                ? dialect_.Function("tobool", {group})
                                                        : group;
    out.cols.push_back({columns[i].name, type});
    exprs.push_back(value);
    if (type != "string" && kind != "relaxed") condition += " AND " + value + " IS NOT NULL";
  }
  std::string matched =
      dialect_.Function("parse", {text, pattern_sql, "0"}) + " IS NOT NULL" + condition;
  if (op.text == "parse-where") {
    out.sql = Select(out.cols, exprs, "SELECT * FROM (" + in.sql + ") WHERE " + matched, dialect_);
  } else if (!condition.empty()) {
    // simple mode: a column that does not convert nulls every extracted column.
    for (size_t i = out.cols.size() - columns.size(); i < out.cols.size(); ++i) {
      exprs[i] = "(CASE WHEN " + matched + " THEN " + exprs[i] + " END)";
    }
    out.sql = Select(out.cols, exprs, in.sql, dialect_);
  } else {
    out.sql = Select(out.cols, exprs, in.sql, dialect_);
  }
  return out;
}

}  // namespace quarry::kql
