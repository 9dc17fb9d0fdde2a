// A typed field value. Types follow KQL's scalar types so the store's catalog, the KQL binder
// and the Sigma matcher agree on what a column holds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/time.h"

namespace quarry {

enum class ValueType : uint8_t { kNull, kBool, kLong, kReal, kString, kDateTime, kDynamic };

// KQL spelling: "bool", "long", "real", "string", "datetime", "dynamic"; "null" for kNull.
const char* ValueTypeName(ValueType type);
bool ParseValueTypeName(std::string_view name, ValueType& out);

class Value {
 public:
  Value() = default;
  static Value Null() { return {}; }
  static Value Bool(bool b) { return Value(ValueType::kBool, b ? 1 : 0); }
  static Value Long(int64_t v) { return Value(ValueType::kLong, v); }
  static Value Real(double v) {
    Value out;
    out.type_ = ValueType::kReal;
    out.real_ = v;
    return out;
  }
  static Value DateTime(Timestamp t) { return Value(ValueType::kDateTime, t.ticks); }
  static Value String(std::string s) { return Value(ValueType::kString, std::move(s)); }
  // Minified JSON text of an object or array.
  static Value Dynamic(std::string json) { return Value(ValueType::kDynamic, std::move(json)); }

  ValueType type() const { return type_; }
  bool is_null() const { return type_ == ValueType::kNull; }
  bool as_bool() const { return int_ != 0; }
  int64_t as_long() const { return int_; }
  double as_real() const { return real_; }
  Timestamp as_time() const { return Timestamp{int_}; }
  // The text of a string or dynamic value.
  const std::string& as_string() const { return text_; }

  // Back to null, keeping the string's capacity for the next value.
  void Reset() {
    type_ = ValueType::kNull;
    int_ = 0;
    text_.clear();
  }
  // Assign in place, reusing the string's capacity (readers reuse events across records).
  void SetString(std::string_view s) {
    type_ = ValueType::kString;
    text_.assign(s.data(), s.size());
  }
  // Numbers and bools in place, keeping the string's capacity (assigning a new Value frees it).
  void SetLong(int64_t v) {
    type_ = ValueType::kLong;
    int_ = v;
    text_.clear();
  }
  void SetBool(bool b) {
    type_ = ValueType::kBool;
    int_ = b ? 1 : 0;
    text_.clear();
  }
  // Makes this an empty string and returns its text to be filled in place.
  std::string& ResetString() {
    type_ = ValueType::kString;
    text_.clear();
    return text_;
  }
  void SetDynamic(std::string_view json) {
    type_ = ValueType::kDynamic;
    text_.assign(json.data(), json.size());
  }

  // Text rendering used by exports and matching: strings as is, numbers in shortest form,
  // datetimes in ISO 8601, bools as "true"/"false", null as "".
  std::string ToText() const;

  friend bool operator==(const Value& a, const Value& b);

 private:
  Value(ValueType t, int64_t v) : type_(t), int_(v) {}
  Value(ValueType t, std::string s) : type_(t), text_(std::move(s)) {}

  ValueType type_ = ValueType::kNull;
  union {
    int64_t int_ = 0;
    double real_;
  };
  std::string text_;
};

// A value as JSON: strings quoted, numbers bare (non-finite reals as null), datetimes as ISO
// text, dynamic values as their JSON text.
void AppendJsonValue(std::string& out, const Value& v);

}  // namespace quarry
