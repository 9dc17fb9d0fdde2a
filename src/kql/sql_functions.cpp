// Calls: the function table's functions (function_table.h), user-defined functions from `let`;
// and the parse operator.
#include <re2/re2.h>

#include <algorithm>

#include "kql/sql_internal.h"

namespace quarry::kql {

// A value as an element of a JSON array or bag built in SQL: dynamic arrays and bags embedded,
// datetimes as ISO text, bools as JSON booleans.
std::string Lowerer::JsonElement(const E& e) const {
  if (e.type == Type::kDateTime) return dialect_.FormatDatetime(e.sql);
  if (e.type == Type::kBool) {
    return "(CASE WHEN " + e.sql + " IS NULL THEN NULL WHEN " + e.sql +
           " THEN json('true') ELSE json('false') END)";
  }
  if (e.type == Type::kDynamic) {
    return "(CASE WHEN json_valid(" + e.sql + ") AND substr(" + e.sql + ", 1, 1) IN ('[', '{') " +
           "THEN json(" + e.sql + ") ELSE " + e.sql + " END)";
  }
  return e.sql;
}

E Lowerer::Call(const Node& n, const Rel& rel) {
  // A function from let hides the built-in of its name, as in the binder.
  if (auto it = functions_.find(n.text); it != functions_.end())
    return InlineScalar(*it->second, n, rel);
  const FunctionSpec* f = FindFunction(n.text);
  if (f == nullptr || f->kind != FunctionKind::kScalar || f->lower == nullptr)
    Fail("function '" + n.text + "' is not supported when running queries yet", n.span);
  CallLowering call(*this, *f, n, rel);
  return f->lower(call);
}

E Lowerer::Aggregate(const Node& n, const Rel& rel) {
  if (n.kind != NodeKind::kCall) Fail("expected an aggregation function", n.span);
  const FunctionSpec* f = FindFunction(n.text);
  if (f == nullptr || f->kind != FunctionKind::kAggregate || f->lower == nullptr)
    Fail("aggregate '" + n.text + "' is not supported when running queries yet", n.span);
  CallLowering call(*this, *f, n, rel);
  return f->lower(call);
}

const Node& CallLowering::Written(size_t i) const {
  if (i >= call_.kids.size()) Fail("'" + call_.text + "' needs more arguments");
  return call_.kids[i];
}

const E& CallLowering::Arg(size_t i) {
  const Node& written = Written(i);
  if (!args_[i]) args_[i] = lowerer_.Expr(written, rel_);
  return *args_[i];
}

std::string CallLowering::Udf(const std::vector<std::string>& args) const {
  return dialect().Function(function_.udf, args);
}

E CallLowering::Result(std::string sql) {
  std::vector<Type> types;
  for (const std::optional<E>& arg : args_) types.push_back(arg ? arg->type : Type::kUnknown);
  return {std::move(sql), ResultType(function_, types)};
}

void CallLowering::Fail(const std::string& message) const {
  Lowerer::Fail(message, call_.span);
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
    std::string name;
    Type type = Type::kString;
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
      Type type = part.kids.empty() ? Type::kString : ParseType(part.kids[0].text);
      if (kind != "relaxed" && (type == Type::kLong || type == Type::kInt)) {
        re += "(-?\\d+)";
      } else if (kind != "relaxed" && type == Type::kReal) {
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
    Type type = columns[i].type;
    std::string value = type == Type::kLong || type == Type::kInt ? dialect_.ToLong(group)
                        : type == Type::kReal                     ? dialect_.ToReal(group)
                        : type == Type::kDateTime ? dialect_.Function("todatetime", {group})
                        : type == Type::kTimespan ? dialect_.Function("totimespan", {group})
                        : type == Type::kBool     ? dialect_.Function("tobool", {group})
                                                  : group;
    out.cols.push_back({columns[i].name, type});
    exprs.push_back(value);
    if (type != Type::kString && kind != "relaxed") condition += " AND " + value + " IS NOT NULL";
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
