// Kusto's scalar types as the binder and the SQL lowering carry them. Their names are Kusto's
// ("datetime", "string", …): those are what messages and outputs show.
#pragma once

#include <cstdint>
#include <string_view>

namespace quarry::kql {

enum class Type : uint8_t {
  kUnknown,  // not known here: an open schema, a function whose result depends on its input
  kBool,
  kInt,
  kLong,
  kReal,
  kDecimal,
  kString,
  kDateTime,
  kTimespan,
  kDynamic,
  kGuid,
};

// Kusto's name of the type; "" for kUnknown.
std::string_view TypeName(Type type);

// A type as written in a query or a schema file: Kusto's names and the .NET spellings Log
// Analytics schemas use (String, Double, Int64, …), in any case; kUnknown for anything else.
Type ParseType(std::string_view name);

// int, long, real and decimal: the types a number literal converts to.
bool IsNumeric(Type type);

// The type of `left op right` for an arithmetic operator (+ - * / %): datetime − datetime is a
// timespan, datetime ± anything a datetime, anything with a real a real, else the known side's.
Type ArithmeticType(std::string_view op, Type left, Type right);

}  // namespace quarry::kql
