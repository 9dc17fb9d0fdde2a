// The lowering shared by sql_gen.cpp (relations, scalars), the operators' files (sql_*.cpp) and
// the function table's (functions_*.cpp, through CallLowering). Internal to src/kql.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kql/function_table.h"
#include "kql/sql_gen.h"

namespace quarry::kql {

// Thrown inside the lowering only; ToSql turns it into a kql.unsupported finding.
struct Unsupported {
  std::string message;
  Span span;
};

// A lowered scalar: SQL text and its KQL type.
struct E {
  std::string sql;
  Type type = Type::kUnknown;
};

// A lowered relation: a SELECT statement and its columns in order.
struct Rel {
  std::string sql;
  std::vector<SqlColumn> cols;
  // `sql` as it was when it was a plain read of a table ("SELECT * FROM T [WHERE …]"): while it
  // is still equal, a where can join that WHERE instead of wrapping it (see Apply).
  std::string plain_scan;
  bool scan_filtered = false;
};

const SqlColumn* FindColumn(const Rel& rel, std::string_view name);

class Lowerer {
 public:
  Lowerer(const Catalog& catalog, const SqlDialect& dialect, const SqlOptions& options)
      : catalog_(catalog), dialect_(dialect), options_(options) {}

  Rel Script(const Node& script);
  void Let(const Node& let);
  std::vector<SqlStep> Steps(const Node& script);

  // sql_gen.cpp
  [[noreturn]] static void Fail(const std::string& message, Span span);
  std::string Ident(std::string_view name) const;
  Rel Table(const Node& name);
  Rel Tabular(const Node& n);
  E Literal(const Node& n);
  void DynamicJson(const Node& n, std::string& out);
  E Name(const Node& n, const Rel& rel);
  E Path(const Node& n, const Rel& rel);
  E Expr(const Node& n, const Rel& rel);
  std::string Not(const std::string& test) const;
  std::string Str(const E& e) const;
  std::string AsText(const E& e) const;

  // sql_sources.cpp
  Rel Print(const Node& op);
  Rel Datatable(const Node& op);
  Rel Range(const Node& op);
  // sql_operators.cpp
  Rel Apply(const Node& op, Rel in);
  Rel Union(const Node& op, const Rel* first);
  // sql_join.cpp
  Rel Join(const Node& op, const Rel& left);
  Rel MvExpand(const Node& op, const Rel& in);
  void JoinKeys(const Node& cond, std::vector<std::pair<std::string, std::string>>& keys);
  Rel Project(const Node& op, const Rel& in);
  // sql_summarize.cpp
  struct Grouping {
    std::vector<SqlColumn> keys;
    std::vector<std::string> exprs;
  };
  struct ArgRows {  // one arg_max/arg_min: its columns, and the SELECT ranking rows per group
    std::vector<SqlColumn> cols;
    std::vector<std::string> exprs;
    std::string ranked;
  };
  Rel Summarize(const Node& op, const Rel& in);
  Rel Grouped(const Grouping& g, const std::vector<const Node*>& aggs, const Rel& in,
              std::vector<size_t>* widths);
  ArgRows ArgExtreme(const Node& item, const Grouping& g, const Rel& in);
  Rel Sort(const std::vector<const Node*>& keys, const Rel& in, const std::string& limit);
  E Binary(const Node& n, const Rel& rel);
  E StringOperator(const std::string& op, const E& left, const Node& right, const Rel& rel);
  // sql_functions.cpp: calls of the function table's functions, and of functions from let.
  E Call(const Node& n, const Rel& rel);
  E Aggregate(const Node& n, const Rel& rel);
  std::string JsonElement(const E& e) const;
  void BindArguments(const Node& fn, const Node& call, const Rel& rel);
  struct FunctionScope {
    std::map<std::string, Rel, std::less<>> tables;
    std::map<std::string, E, std::less<>> scalars, params;
    std::map<std::string, const Node*, std::less<>> functions;
  };
  const Node& EnterFunction(const Node& fn, const Node& call, const Rel& rel, FunctionScope& saved);
  void LeaveFunction(FunctionScope& saved);
  E InlineScalar(const Node& fn, const Node& call, const Rel& rel);
  Rel InlineTabular(const Node& fn, const Node& call);
  bool ReturnsTable(const Node& fn) const;
  Rel Parse(const Node& op, const Rel& in);
  // The values of an in (…) list; literals converted to `element_type` when it is known.
  std::vector<std::string> ListValues(const Node& list, const Rel& rel, bool& subquery,
                                      Type element_type);
  E Converted(const Node& n, Type type, const Rel& rel);  // see ConvertLiteral
  // SELECT exprs AS cols FROM (from) tail. `tail` (GROUP BY …) belongs to the SELECT that
  // computes the expressions.
  static std::string Select(const std::vector<SqlColumn>& cols,
                            const std::vector<std::string>& exprs, const std::string& from,
                            const SqlDialect& dialect, const std::string& tail = "");

  const SqlDialect& dialect() const { return dialect_; }
  int64_t now_ticks() const { return options_.now_ticks; }

 private:
  const Catalog& catalog_;
  const SqlDialect& dialect_;
  const SqlOptions& options_;
  std::map<std::string, Rel, std::less<>> tables_;  // tabular lets
  std::map<std::string, E, std::less<>> scalars_;   // scalar lets
  std::map<std::string, E, std::less<>> params_;    // arguments of the function being inlined
  std::map<std::string, const Node*, std::less<>> functions_;  // let f = (…) {…}
  int inline_depth_ = 0;
  int next_alias_ = 0;
};

// One call of a table function as its FunctionSpec::lower sees it. Arguments are lowered when
// asked for, once: some are read as written instead (a period name, a column named by a string).
class CallLowering {
 public:
  CallLowering(Lowerer& lowerer, const FunctionSpec& function, const Node& call, const Rel& rel)
      : lowerer_(lowerer), function_(function), call_(call), rel_(rel), args_(call.kids.size()) {}

  const FunctionSpec& function() const { return function_; }
  const Node& call() const { return call_; }
  size_t size() const { return call_.kids.size(); }
  // Argument `i` as written; fails when the call has fewer arguments.
  const Node& Written(size_t i) const;
  // Argument `i` lowered; fails when the call has fewer arguments.
  const E& Arg(size_t i);
  const std::string& Sql(size_t i) { return Arg(i).sql; }
  // Argument `i` where a string is expected (a missing string is "").
  std::string Str(size_t i) { return lowerer_.Str(Arg(i)); }
  // Argument `i` as tostring() gives it.
  std::string Text(size_t i) { return lowerer_.AsText(Arg(i)); }
  // Argument `i` as an element of a JSON array or bag built in SQL.
  std::string Json(size_t i) { return lowerer_.JsonElement(Arg(i)); }
  // A call of the function's SQL function (FunctionSpec::udf).
  std::string Udf(const std::vector<std::string>& args) const;
  // `sql`, typed by the function's result rule.
  E Result(std::string sql);
  [[noreturn]] void Fail(const std::string& message) const;

  Lowerer& lowerer() { return lowerer_; }
  const SqlDialect& dialect() const { return lowerer_.dialect(); }
  const Rel& rel() const { return rel_; }

 private:
  Lowerer& lowerer_;
  const FunctionSpec& function_;
  const Node& call_;
  const Rel& rel_;
  std::vector<std::optional<E>> args_;
};

// The families of functions_*.cpp, joined by AllFunctions.
std::span<const FunctionSpec> TimeFunctions();
std::span<const FunctionSpec> ConversionFunctions();
std::span<const FunctionSpec> TextFunctions();
std::span<const FunctionSpec> EncodingFunctions();
std::span<const FunctionSpec> LogicFunctions();
std::span<const FunctionSpec> DynamicFunctions();
std::span<const FunctionSpec> NetworkFunctions();
std::span<const FunctionSpec> AggregateFunctions();

}  // namespace quarry::kql
