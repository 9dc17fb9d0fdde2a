#include "kql/types.h"

#include <string>
#include <utility>

#include "core/strings.h"

namespace quarry::kql {

std::string_view TypeName(Type type) {
  switch (type) {
    case Type::kBool:
      return "bool";
    case Type::kInt:
      return "int";
    case Type::kLong:
      return "long";
    case Type::kReal:
      return "real";
    case Type::kDecimal:
      return "decimal";
    case Type::kString:
      return "string";
    case Type::kDateTime:
      return "datetime";
    case Type::kTimespan:
      return "timespan";
    case Type::kDynamic:
      return "dynamic";
    case Type::kGuid:
      return "guid";
    case Type::kUnknown:
      break;
  }
  return "";
}

Type ParseType(std::string_view name) {
  static const std::pair<std::string_view, Type> kSpellings[] = {
      {"bool", Type::kBool},       {"boolean", Type::kBool},      {"int", Type::kInt},
      {"int32", Type::kInt},       {"long", Type::kLong},         {"int64", Type::kLong},
      {"real", Type::kReal},       {"double", Type::kReal},       {"float", Type::kReal},
      {"decimal", Type::kDecimal}, {"string", Type::kString},     {"datetime", Type::kDateTime},
      {"date", Type::kDateTime},   {"timespan", Type::kTimespan}, {"time", Type::kTimespan},
      {"dynamic", Type::kDynamic}, {"object", Type::kDynamic},    {"guid", Type::kGuid},
  };
  std::string lower = AsciiToLower(name);
  for (const auto& [spelling, type] : kSpellings) {
    if (lower == spelling) return type;
  }
  return Type::kUnknown;
}

bool IsNumeric(Type type) {
  return type == Type::kInt || type == Type::kLong || type == Type::kReal || type == Type::kDecimal;
}

Type ArithmeticType(std::string_view op, Type left, Type right) {
  if (left == Type::kDateTime && right == Type::kDateTime && op == "-") return Type::kTimespan;
  if (left == Type::kDateTime || right == Type::kDateTime) return Type::kDateTime;
  if (left == Type::kReal || right == Type::kReal) return Type::kReal;
  return left == Type::kUnknown ? right : left;
}

}  // namespace quarry::kql
