#include "mcp/args.h"

#include <simdjson.h>

#include <cmath>

#include "core/json.h"

namespace quarry::mcp {
namespace {

const char* TypeName(ArgType t) {
  switch (t) {
    case ArgType::kString:
      return "a string";
    case ArgType::kInteger:
      return "an integer";
    case ArgType::kBoolean:
      return "true or false";
    case ArgType::kStrings:
      return "an array of strings";
  }
  return "";
}

Status Wrong(const ArgSpec& spec, const std::string& what) {
  return InvalidArgument("argument '" + spec.name + "': " + what);
}

Status StringOf(const ArgSpec& spec, simdjson::dom::element e, std::string& out) {
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) return Wrong(spec, "must be a string");
  if (s.size() > spec.max_length) {
    return Wrong(
        spec, std::to_string(s.size()) + " characters; at most " + std::to_string(spec.max_length));
  }
  out.assign(s);
  return Status::Ok();
}

Status ValueOf(const ArgSpec& spec, simdjson::dom::element e, Args::Value& out) {
  switch (spec.type) {
    case ArgType::kString: {
      std::string s;
      QUARRY_RETURN_IF_ERROR(StringOf(spec, e, s));
      out = std::move(s);
      return Status::Ok();
    }
    case ArgType::kInteger: {
      int64_t n = 0;
      double d = 0;
      if (e.get_int64().get(n) != simdjson::SUCCESS) {
        // 5.0 is 5; 5.5 and "5" are not integers.
        if (e.get_double().get(d) != simdjson::SUCCESS || std::floor(d) != d ||
            std::fabs(d) > 9e15) {
          return Wrong(spec, "must be an integer");
        }
        n = static_cast<int64_t>(d);
      }
      if (n < spec.min || n > spec.max) {
        return Wrong(spec, std::to_string(n) + " is outside " + std::to_string(spec.min) + ".." +
                               std::to_string(spec.max));
      }
      out = n;
      return Status::Ok();
    }
    case ArgType::kBoolean: {
      bool b = false;
      if (e.get_bool().get(b) != simdjson::SUCCESS) return Wrong(spec, "must be true or false");
      out = b;
      return Status::Ok();
    }
    case ArgType::kStrings: {
      simdjson::dom::array items;
      if (e.get_array().get(items) != simdjson::SUCCESS) {
        return Wrong(spec, "must be an array of strings");
      }
      std::vector<std::string> list;
      for (simdjson::dom::element item : items) {
        if (list.size() == spec.max_items) {
          return Wrong(spec, "at most " + std::to_string(spec.max_items) + " items");
        }
        std::string s;
        QUARRY_RETURN_IF_ERROR(StringOf(spec, item, s));
        list.push_back(std::move(s));
      }
      out = std::move(list);
      return Status::Ok();
    }
  }
  return Wrong(spec, "has no type");
}

}  // namespace

std::string Args::String(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  const auto* s = std::get_if<std::string>(&it->second);
  return s != nullptr ? *s : fallback;
}

int64_t Args::Int(const std::string& name, int64_t fallback) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  const auto* n = std::get_if<int64_t>(&it->second);
  return n != nullptr ? *n : fallback;
}

bool Args::Bool(const std::string& name, bool fallback) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  const auto* b = std::get_if<bool>(&it->second);
  return b != nullptr ? *b : fallback;
}

std::vector<std::string> Args::Strings(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return {};
  const auto* list = std::get_if<std::vector<std::string>>(&it->second);
  return list != nullptr ? *list : std::vector<std::string>{};
}

Result<Args> ParseArgs(const std::vector<ArgSpec>& specs, std::string_view object_json) {
  Args args;
  if (object_json.empty()) object_json = "{}";
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::object obj;
  if (parser.parse(object_json.data(), object_json.size()).get(doc) != simdjson::SUCCESS ||
      doc.get_object().get(obj) != simdjson::SUCCESS) {
    return InvalidArgument("the arguments must be a JSON object");
  }
  for (auto [key, value] : obj) {
    const ArgSpec* spec = nullptr;
    for (const ArgSpec& s : specs) {
      if (s.name == key) spec = &s;
    }
    if (spec == nullptr) {
      std::string known;
      for (const ArgSpec& s : specs) known += (known.empty() ? "" : ", ") + s.name;
      return InvalidArgument("unknown argument '" + std::string(key.substr(0, 80)) +
                             "'; this tool takes " + (known.empty() ? "none" : known));
    }
    if (value.is_null() && !spec->required) continue;  // an explicit null is "not given"
    Args::Value v;
    QUARRY_RETURN_IF_ERROR(ValueOf(*spec, value, v));
    args.Set(spec->name, std::move(v));
  }
  for (const ArgSpec& s : specs) {
    if (s.required && !args.Has(s.name)) {
      return InvalidArgument("argument '" + s.name + "' is required (" + TypeName(s.type) + ")");
    }
  }
  return args;
}

std::string InputSchema(const std::vector<ArgSpec>& specs) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Field("type", "object").Key("properties").BeginObject();
  std::vector<std::string> required;
  for (const ArgSpec& s : specs) {
    w.Key(s.name).BeginObject();
    switch (s.type) {
      case ArgType::kString:
        w.Field("type", "string").Field("maxLength", s.max_length);
        break;
      case ArgType::kInteger:
        w.Field("type", "integer").Field("minimum", s.min).Field("maximum", s.max);
        break;
      case ArgType::kBoolean:
        w.Field("type", "boolean");
        break;
      case ArgType::kStrings:
        w.Field("type", "array").Field("maxItems", s.max_items);
        w.Key("items").BeginObject().Field("type", "string").Field("maxLength", s.max_length);
        w.EndObject();
        break;
    }
    w.Field("description", s.description).EndObject();
    if (s.required) required.push_back(s.name);
  }
  w.EndObject().Field("required", required).Field("additionalProperties", false).EndObject();
  return out;
}

}  // namespace quarry::mcp
