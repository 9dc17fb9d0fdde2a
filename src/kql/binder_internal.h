// The binder shared by binder.cpp (scopes, names, expressions) and bind_operators.cpp (sources
// and tabular operators). Internal to src/kql.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kql/binder.h"
#include "kql/function_table.h"

namespace quarry::kql {

// The columns flowing between operators. An open schema has columns nobody can list (after an
// operator whose output the binder does not model): names are not checked against it.
struct RowSchema {
  std::vector<Column> columns;
  bool open = false;

  const Column* Find(std::string_view name) const;
  void Set(const std::string& name, Type type);  // adds, or replaces in place
  void Remove(std::string_view name);
  std::vector<std::string> Names() const;
  static RowSchema Open() {
    RowSchema s;
    s.open = true;
    return s;
  }
};

class Binder {
 public:
  Binder(std::string_view text, const Catalog& catalog, std::string file)
      : text_(text), catalog_(catalog), file_(std::move(file)) {}

  void Script(const Node& script);
  std::vector<Finding>& findings() { return findings_; }

 private:
  struct Scope {
    std::map<std::string, Type, std::less<>> scalars;         // let name or parameter → type
    std::map<std::string, RowSchema, std::less<>> tables;     // tabular let → its schema
    std::map<std::string, RowSchema, std::less<>> functions;  // let function → result schema
  };

  // Findings.
  void Report(Severity severity, std::string code, std::string message, Span span,
              std::string suggestion = {});
  void UnknownColumn(const Node& name, const RowSchema& schema);

  // Statements and expressions (binder.cpp).
  void Let(const Node& let);
  bool IsTabular(const Node& value) const;
  Type Expr(const Node& n, const RowSchema& schema);
  Type Name(const Node& n, const RowSchema& schema);
  Type Call(const Node& n, const RowSchema& schema);
  void CheckArgumentCount(const FunctionSpec& function, const Node& call);
  void ListOrTabular(const Node& list, const RowSchema& schema);
  // bind_types.cpp: a name of type `type` compared with `other`.
  void CheckComparison(const Node& name, Type type, const Node& other);

  // Tabular (bind_operators.cpp).
  RowSchema Tabular(const Node& n);
  RowSchema Source(const Node& n);
  RowSchema Table(const Node& name);
  RowSchema Apply(const Node& op, RowSchema in);
  RowSchema Project(const Node& op, const RowSchema& in);
  RowSchema Summarize(const Node& op, const RowSchema& in);
  RowSchema Join(const Node& op, const RowSchema& left);
  RowSchema Union(const Node& op, const RowSchema* first);
  RowSchema SourceOperator(const Node& op);
  void JoinCondition(const Node& cond, const RowSchema& left, const RowSchema& right);
  static std::string OptionValue(const Node& op, std::string_view name);

  std::string_view text_;
  const Catalog& catalog_;
  std::string file_;
  Scope scope_;
  std::vector<Finding> findings_;
};

}  // namespace quarry::kql
