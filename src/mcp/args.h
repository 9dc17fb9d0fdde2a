// A tool's arguments declared as data: the same declaration gives the input schema clients see
// in tools/list and the checks every call's arguments pass before a tool runs (unknown names,
// wrong types, lengths and ranges are refused with a message naming the argument).
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace quarry::mcp {

enum class ArgType { kString, kInteger, kBoolean, kStrings };

struct ArgSpec {
  std::string name;
  ArgType type = ArgType::kString;
  std::string description;
  bool required = false;
  int64_t min = 0;  // integers
  int64_t max = std::numeric_limits<int32_t>::max();
  size_t max_length = size_t{64} * 1024;  // strings, and each item of a list
  size_t max_items = 64;                  // lists
};

class Args {
 public:
  using Value = std::variant<std::string, int64_t, bool, std::vector<std::string>>;
  bool Has(const std::string& name) const { return values_.count(name) != 0; }
  std::string String(const std::string& name, const std::string& fallback = "") const;
  int64_t Int(const std::string& name, int64_t fallback) const;
  bool Bool(const std::string& name, bool fallback) const;
  std::vector<std::string> Strings(const std::string& name) const;
  void Set(const std::string& name, Value v) { values_[name] = std::move(v); }

 private:
  std::map<std::string, Value> values_;
};

// `object_json` is the call's "arguments" object ("" or "{}" for none). An InvalidArgument
// error says which argument is wrong and how.
Result<Args> ParseArgs(const std::vector<ArgSpec>& specs, std::string_view object_json);

// {"type":"object","properties":{…},"required":[…],"additionalProperties":false}
std::string InputSchema(const std::vector<ArgSpec>& specs);

}  // namespace quarry::mcp
