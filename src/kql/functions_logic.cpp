// Conditionals, nulls and emptiness, arithmetic, bits, and the functions that read the query
// around them (toscalar, column_ifexists, window functions).
#include <string>

#include "kql/sql_internal.h"

namespace quarry::kql {
namespace {

// The value branches of iff, case and coalesce may each be untyped (a null): the first typed one
// types the result.
Type FirstKnown(std::initializer_list<Type> types) {
  for (Type t : types) {
    if (t != Type::kUnknown) return t;
  }
  return Type::kUnknown;
}

E Iff(CallLowering& c) {
  const E& predicate = c.Arg(0);
  const E& then = c.Arg(1);
  const E& otherwise = c.Arg(2);
  return {"(CASE WHEN " + predicate.sql + " THEN " + then.sql + " ELSE " + otherwise.sql + " END)",
          FirstKnown({then.type, otherwise.type})};
}

E Case(CallLowering& c) {
  if (c.size() < 3 || c.size() % 2 == 0)
    c.Fail("case(p1, v1, …, else) needs an odd number of arguments");
  std::string sql = "(CASE";
  Type type = Type::kUnknown;
  for (size_t i = 0; i + 1 < c.size(); i += 2) {
    const E& value = c.Arg(i + 1);
    sql += " WHEN " + c.Sql(i) + " THEN " + value.sql;
    type = FirstKnown({type, value.type});
  }
  return {sql + " ELSE " + c.Sql(c.size() - 1) + " END)", type};
}

// Kusto's coalesce skips empty strings as well as nulls.
E Coalesce(CallLowering& c) {
  std::string sql = "coalesce(";
  Type type = Type::kUnknown;
  for (size_t i = 0; i < c.size(); ++i) {
    const E& x = c.Arg(i);
    type = FirstKnown({type, x.type});
    if (i > 0) sql += ", ";
    sql += x.type == Type::kString ? c.dialect().NullIfEmpty(x.sql) : x.sql;
  }
  return {sql + ")", type};
}

std::string Empty(CallLowering& c) {
  const E& x = c.Arg(0);
  bool text = x.type == Type::kString || x.type == Type::kUnknown || x.type == Type::kDynamic;
  return text ? "(" + x.sql + " IS NULL OR " + x.sql + " = '')" : "(" + x.sql + " IS NULL)";
}

E ColumnIfExists(CallLowering& c) {
  if (c.size() != 2 || c.Written(0).kind != NodeKind::kString)
    c.Fail("column_ifexists takes a column name as a string and a default");
  if (const SqlColumn* column = FindColumn(c.rel(), c.Written(0).text))
    return {c.lowerer().Ident(column->name), column->type};
  return c.Arg(1);
}

E ToScalar(CallLowering& c) {
  if (c.size() != 1) c.Fail("toscalar takes one tabular expression");
  Rel r = c.lowerer().Tabular(c.Written(0));
  if (r.cols.empty()) c.Fail("the query of toscalar has no column");
  return {"(SELECT " + c.lowerer().Ident(r.cols[0].name) + " FROM (" + r.sql + ") LIMIT 1)",
          r.cols[0].type};
}

constexpr FunctionSpec kFunctions[] = {
    {.name = "iff",
     .signature = "predicate: bool, then: any, else: any",
     .result = SameAsArgument(1),
     .lower = Iff,
     .doc = "`then` where the predicate holds, else `else`",
     .example = R"(iff(2 > 1, "yes", "no"))"},
    {.name = "iif", .alias_of = "iff"},
    {.name = "case",
     .signature = "predicate: bool, then: any, ..., else: any",
     .lower = Case,
     .doc = "The value after the first predicate that holds, else the last argument",
     .example = R"(case(1 > 2, "a", 2 > 1, "b", "c"))"},
    {.name = "coalesce",
     .signature = "value: any, value: any, ...",
     .result = SameAsArgument(0),
     .lower = Coalesce,
     .doc = "The first value that is not null (nor an empty string)",
     .example = R"(coalesce("", "fallback"))"},
    {.name = "isempty",
     .signature = "value: any",
     .result = Returns(Type::kBool),
     .lower = [](CallLowering& c) { return c.Result(Empty(c)); },
     .doc = "Whether the value is null or an empty string",
     .example = R"(isempty(""))"},
    {.name = "isnotempty",
     .signature = "value: any",
     .result = Returns(Type::kBool),
     .lower = [](CallLowering& c) { return c.Result("(NOT " + Empty(c) + ")"); },
     .doc = "Whether the value is neither null nor an empty string",
     .example = R"(isnotempty("x"))"},
    {.name = "isnull",
     .signature = "value: any",
     .result = Returns(Type::kBool),
     .lower = [](CallLowering& c) { return c.Result("(" + c.Sql(0) + " IS NULL)"); },
     .doc = "Whether the value is null (an empty string is not)",
     .example = "isnull(toint(\"x\"))"},
    {.name = "isnotnull",
     .signature = "value: any",
     .result = Returns(Type::kBool),
     .lower = [](CallLowering& c) { return c.Result("(" + c.Sql(0) + " IS NOT NULL)"); },
     .doc = "Whether the value is not null",
     .example = "isnotnull(42)"},
    {.name = "not",
     .signature = "predicate: bool",
     .result = Returns(Type::kBool),
     .lower = [](CallLowering& c) { return c.Result("(NOT " + c.Sql(0) + ")"); },
     .doc = "The predicate negated",
     .example = "not(1 > 2)"},
    {.name = "abs",
     .signature = "number: any",
     .result = SameAsArgument(0),
     .lower = [](CallLowering& c) { return c.Result("abs(" + c.Sql(0) + ")"); },
     .doc = "The absolute value",
     .example = "abs(-3)"},
    {.name = "round",
     .signature = "number: real, [precision: long]",
     .result = Returns(Type::kReal),
     .lower =
         [](CallLowering& c) {
           return c.Result("round(" + c.Sql(0) + (c.size() > 1 ? ", " + c.Sql(1) : "") + ")");
         },
     .doc = "The number rounded to `precision` decimals (0 by default)",
     .example = "round(2.567, 2)"},
    {.name = "isnan",
     .signature = "number: real",
     .result = Returns(Type::kBool),
     .doc = "Whether the number is NaN",
     .example = "isnan(1.0)"},
    {.name = "isinf",
     .signature = "number: real",
     .result = Returns(Type::kBool),
     .doc = "Whether the number is infinite",
     .example = "isinf(1.0)"},
    {.name = "isfinite",
     .signature = "number: real",
     .result = Returns(Type::kBool),
     .doc = "Whether the number is neither infinite nor NaN",
     .example = "isfinite(1.0)"},
    {.name = "ceiling",
     .signature = "number: any",
     .doc = "The smallest whole number not below the number",
     .example = "ceiling(2.1)"},
    {.name = "sign",
     .signature = "number: any",
     .doc = "-1, 0 or 1 as the number is negative, zero or positive",
     .example = "sign(-5)"},
    {.name = "sqrt",
     .signature = "number: real",
     .result = Returns(Type::kReal),
     .doc = "The square root",
     .example = "sqrt(16)"},
    {.name = "exp",
     .signature = "number: real",
     .result = Returns(Type::kReal),
     .doc = "e to the power of the number",
     .example = "exp(1)"},
    {.name = "log",
     .signature = "number: real",
     .result = Returns(Type::kReal),
     .doc = "The natural logarithm",
     .example = "log(10)"},
    {.name = "log10",
     .signature = "number: real",
     .result = Returns(Type::kReal),
     .doc = "The base-10 logarithm",
     .example = "log10(1000)"},
    {.name = "log2",
     .signature = "number: real",
     .result = Returns(Type::kReal),
     .doc = "The base-2 logarithm",
     .example = "log2(8)"},
    {.name = "pow",
     .signature = "base: real, exponent: real",
     .result = Returns(Type::kReal),
     .doc = "`base` to the power of `exponent`",
     .example = "pow(2, 10)"},
    {.name = "rand",
     .signature = "[range: long]",
     .result = Returns(Type::kReal),
     .doc = "A random number in [0, 1), or a whole one in [0, range)",
     .example = "rand()"},
    {.name = "max_of",
     .signature = "value: any, value: any, ...",
     .doc = "The largest of the values",
     .example = "max_of(1, 5, 3)"},
    {.name = "min_of",
     .signature = "value: any, value: any, ...",
     .doc = "The smallest of the values",
     .example = "min_of(1, 5, 3)"},
    {.name = "gettype",
     .signature = "value: any",
     .result = Returns(Type::kString),
     .doc = "The name of the value's type (int, string, array, dictionary, …)",
     .example = "gettype(1.5)"},
    {.name = "binary_and",
     .signature = "value1: long, value2: long",
     .result = Returns(Type::kLong),
     .doc = "Bitwise and",
     .example = "binary_and(6, 3)"},
    {.name = "binary_or",
     .signature = "value1: long, value2: long",
     .result = Returns(Type::kLong),
     .doc = "Bitwise or",
     .example = "binary_or(6, 3)"},
    {.name = "binary_xor",
     .signature = "value1: long, value2: long",
     .result = Returns(Type::kLong),
     .doc = "Bitwise exclusive or",
     .example = "binary_xor(6, 3)"},
    {.name = "binary_not",
     .signature = "value: long",
     .result = Returns(Type::kLong),
     .doc = "Bitwise negation",
     .example = "binary_not(6)"},
    {.name = "binary_shift_left",
     .signature = "value: long, shift: int",
     .result = Returns(Type::kLong),
     .doc = "The bits shifted left",
     .example = "binary_shift_left(1, 4)"},
    {.name = "binary_shift_right",
     .signature = "value: long, shift: int",
     .result = Returns(Type::kLong),
     .doc = "The bits shifted right",
     .example = "binary_shift_right(16, 4)"},
    {.name = "toscalar",
     .signature = "query: tabular",
     .lower = ToScalar,
     .doc = "The first column of the query's first row, as a value",
     .example = "toscalar(range x from 1 to 3 step 1 | count)"},
    {.name = "column_ifexists",
     .signature = "column: string, default: any",
     .lower = ColumnIfExists,
     .doc = "The column of that name where the input has one, else the default",
     .example = R"(column_ifexists("Account", ""))"},
    {.name = "materialize",
     .signature = "query: tabular",
     .doc = "The query's result, computed once however often it is read",
     .example = "materialize(range x from 1 to 3 step 1)"},
    {.name = "table",
     .signature = "name: string, [scope: string]",
     .doc = "The table of that name",
     .example = R"(table("SecurityEvent"))"},
    {.name = "range",
     .signature = "start: any, stop: any, [step: any]",
     .result = Returns(Type::kDynamic),
     .doc = "An array of the values from `start` to `stop` by `step`",
     .example = "range(1, 5, 2)"},
    {.name = "row_number",
     .signature = "[start: long], [restart: bool]",
     .result = Returns(Type::kLong),
     .doc = "The row's position in a serialized input",
     .example = "row_number()"},
    {.name = "prev",
     .signature = "column: any, [offset: long], [default: any]",
     .doc = "The column's value `offset` rows before, in a serialized input",
     .example = "prev(x)"},
    {.name = "next",
     .signature = "column: any, [offset: long], [default: any]",
     .doc = "The column's value `offset` rows after, in a serialized input",
     .example = "next(x)"},
    {.name = "row_cumsum",
     .signature = "term: any, [restart: bool]",
     .doc = "The running sum of the term, in a serialized input",
     .example = "row_cumsum(x)"},
    {.name = "current_principal",
     .result = Returns(Type::kString),
     .doc = "Who runs the query",
     .example = "current_principal()"},
    {.name = "current_principal_details",
     .result = Returns(Type::kDynamic),
     .doc = "Who runs the query, as a bag of details",
     .example = "current_principal_details()"},
    {.name = "cursor_current",
     .result = Returns(Type::kString),
     .doc = "The database cursor the query reads at",
     .example = "cursor_current()"},
    {.name = "estimate_data_size",
     .signature = "column: any, ...",
     .result = Returns(Type::kLong),
     .doc = "An estimate of the columns' size in bytes",
     .example = "estimate_data_size(x)"},
};

}  // namespace

std::span<const FunctionSpec> LogicFunctions() {
  return kFunctions;
}

}  // namespace quarry::kql
