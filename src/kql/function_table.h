// Kusto's functions as data: one entry per function this engine knows, with the arguments it
// takes, the type it returns, how a call is lowered to SQL and which SQL function that needs.
// Everything else is derived from the table: the binder's knowledge (known names, result types,
// argument counts), the lowering's dispatch (Lowerer::Call and Lowerer::Aggregate), the functions
// the SQLite dialect needs registered (src/query), and docs/kql-functions.md.
//
// Adding a function is one entry in the functions_*.cpp file of its family, its SQL function in
// src/query if it needs one, and a case in tests/kql/run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kql/types.h"

namespace quarry::kql {

class CallLowering;  // sql_internal.h
struct E;            // sql_internal.h

enum class FunctionKind : uint8_t { kScalar, kAggregate };

// The type of a call's result: fixed, or that of one of its arguments (kUnknown when neither,
// as for case(), whose lowering types it from its values).
struct ResultRule {
  Type type = Type::kUnknown;
  int same_as_argument = -1;
};
constexpr ResultRule Returns(Type type) {
  return {type, -1};
}
constexpr ResultRule SameAsArgument(int index) {
  return {Type::kUnknown, index};
}

struct FunctionSpec {
  std::string_view name{};
  // Another name of the function named here (makeset is make_set): such an entry holds nothing
  // else, and is read as that function's entry under its own name.
  std::string_view alias_of{};
  FunctionKind kind = FunctionKind::kScalar;
  // The parameters as "name: type" separated by ", ": "[name: type]" is optional, and "..."
  // repeats what comes before it (strcat: "value: any, ..."). Types are Kusto's, or "any", or
  // "tabular" for a query.
  std::string_view signature{};
  ResultRule result{};
  // Lowers a call to SQL; null for a function the binder knows but queries cannot run yet.
  E (*lower)(CallLowering& call) = nullptr;
  // The SQL function the lowering calls through CallLowering::Udf, without the dialect's
  // prefix (src/query registers it as kql_NAME).
  std::string_view udf{};
  // The column Kusto names an aggregate written without a name: {0} stands for the column
  // argument 0 names (make_set(Account) is set_Account), {1} for argument 1 as written.
  std::string_view column_name{};
  std::string_view doc{};      // one line
  std::string_view example{};  // a call, as a query would write it
};

// The whole table, sorted by name.
const std::vector<const FunctionSpec*>& AllFunctions();
// The entry named `name` (names are case-sensitive, as in Kusto); null when there is none.
const FunctionSpec* FindFunction(std::string_view name);

struct Parameter {
  std::string_view name;
  std::string_view type_name;  // as written: a Kusto type, "any" or "tabular"
  Type type = Type::kUnknown;
  bool optional = false;
};

struct Signature {
  static constexpr size_t kUnbounded = std::numeric_limits<size_t>::max();
  std::vector<Parameter> parameters;
  size_t min_args = 0;
  size_t max_args = 0;  // kUnbounded after "..."
  bool ok = true;       // false when the signature text does not follow the form above
};
Signature SignatureOf(const FunctionSpec& function);
// "1 argument", "2 to 3 arguments", "at least 2 arguments", "no arguments".
std::string ArgumentCountText(const Signature& signature);

// The type of a call's result given its arguments' types (kUnknown where not known).
Type ResultType(const FunctionSpec& function, std::span<const Type> argument_types);

// The SQL functions the lowering of the table's functions calls, sorted, without duplicates.
std::vector<std::string> FunctionUdfs();

// docs/kql-functions.md: the table as Markdown.
std::string FunctionReferenceMarkdown();

}  // namespace quarry::kql
