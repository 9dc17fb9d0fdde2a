#include "core/value.h"

#include <charconv>
#include <cmath>

#include <cstdio>
#include "core/strings.h"

namespace quarry {

const char* ValueTypeName(ValueType type) {
  switch (type) {
    case ValueType::kNull:
      return "null";
    case ValueType::kBool:
      return "bool";
    case ValueType::kLong:
      return "long";
    case ValueType::kReal:
      return "real";
    case ValueType::kString:
      return "string";
    case ValueType::kDateTime:
      return "datetime";
    case ValueType::kDynamic:
      return "dynamic";
  }
  return "null";
}

bool ParseValueTypeName(std::string_view name, ValueType& out) {
  static constexpr ValueType kAll[] = {ValueType::kNull,   ValueType::kBool,   ValueType::kLong,
                                       ValueType::kReal,   ValueType::kString, ValueType::kDateTime,
                                       ValueType::kDynamic};
  for (ValueType t : kAll) {
    if (name == ValueTypeName(t)) {
      out = t;
      return true;
    }
  }
  return false;
}

std::string Value::ToText() const {
  switch (type_) {
    case ValueType::kNull:
      return {};
    case ValueType::kBool:
      return int_ != 0 ? "true" : "false";
    case ValueType::kLong:
      return std::to_string(int_);
    case ValueType::kReal: {
      if (!std::isfinite(real_))
        return std::isnan(real_) ? "NaN" : (real_ > 0 ? "Infinity" : "-Infinity");
      char buf[32];
      auto res = std::to_chars(buf, buf + sizeof buf, real_);
      return std::string(buf, res.ptr);
    }
    case ValueType::kDateTime:
      return FormatIsoTime(as_time());
    case ValueType::kString:
    case ValueType::kDynamic:
      return text_;
  }
  return {};
}

bool operator==(const Value& a, const Value& b) {
  if (a.type_ != b.type_) return false;
  switch (a.type_) {
    case ValueType::kNull:
      return true;
    case ValueType::kReal:
      return a.real_ == b.real_ || (std::isnan(a.real_) && std::isnan(b.real_));
    case ValueType::kString:
    case ValueType::kDynamic:
      return a.text_ == b.text_;
    default:
      return a.int_ == b.int_;
  }
}

void AppendJsonValue(std::string& out, const Value& v) {
  switch (v.type()) {
    case ValueType::kNull:
      out += "null";
      break;
    case ValueType::kBool:
      out += v.as_bool() ? "true" : "false";
      break;
    case ValueType::kLong:
      out += std::to_string(v.as_long());
      break;
    case ValueType::kReal:
      if (std::isfinite(v.as_real())) {
        out += v.ToText();
      } else {
        out += "null";
      }
      break;
    case ValueType::kDynamic:
      out += v.as_string().empty() ? "null" : v.as_string();
      break;
    case ValueType::kString:
    case ValueType::kDateTime:
      AppendJsonString(out, v.ToText());
      break;
  }
}

}  // namespace quarry
