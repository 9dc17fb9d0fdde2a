// Writing JSON: the one writer every module builds JSON text with (simdjson reads it). Commas,
// quoting and escaping are its job, so no caller concatenates JSON by hand.
//
//   std::string out;
//   JsonWriter w(out);
//   w.BeginObject().Field("code", "kql.unknown_column").Key("span").BeginObject()
//    .Field("line", 3).EndObject().EndObject();
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace quarry {

class Value;

class JsonWriter {
 public:
  // Appends to `out` (which may already hold text: a writer can continue a line).
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // The name of the next member of the object being written.
  JsonWriter& Key(std::string_view name);

  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t n);
  JsonWriter& Uint(uint64_t n);
  JsonWriter& Double(double d);  // non-finite numbers as null
  JsonWriter& Bool(bool b);
  JsonWriter& Null();
  JsonWriter& Cell(const Value& v);  // a cell: dynamic values as their JSON text
  // JSON text that is already valid (a stored object, a cell of dynamic type), as it is.
  JsonWriter& Raw(std::string_view json);

  // Key(name) then the value, by its C++ type.
  JsonWriter& Field(std::string_view name, std::string_view s) { return Key(name).String(s); }
  JsonWriter& Field(std::string_view name, const char* s) { return Key(name).String(s); }
  JsonWriter& Field(std::string_view name, const std::string& s) { return Key(name).String(s); }
  JsonWriter& Field(std::string_view name, bool b) { return Key(name).Bool(b); }
  JsonWriter& Field(std::string_view name, double d) { return Key(name).Double(d); }
  template <typename T,
            typename = std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>>
  JsonWriter& Field(std::string_view name, T n) {
    Key(name);
    if constexpr (std::is_signed_v<T>) {
      return Int(static_cast<int64_t>(n));
    } else {
      return Uint(static_cast<uint64_t>(n));
    }
  }
  // An array of strings.
  JsonWriter& Field(std::string_view name, const std::vector<std::string>& items);

  std::string& out() { return out_; }

 private:
  void BeforeValue();
  std::string& out_;
  std::vector<bool> has_items_;  // per open object or array: whether it holds something yet
  bool after_key_ = false;
};

}  // namespace quarry
