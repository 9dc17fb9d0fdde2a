// Helpers shared by the JSON layout mappers: JSON values to typed fields and times.
#pragma once

#include <simdjson.h>

#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "core/event.h"
#include "core/time.h"

namespace quarry::ingest::json {

using simdjson::SUCCESS;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

inline bool IsNull(element e) {
  return e.type() == element_type::NULL_VALUE;
}

inline void SetValue(Value& v, element e) {
  switch (e.type()) {
    case element_type::STRING:
      v.SetString(std::string_view(e.get_string().value_unsafe()));
      break;
    case element_type::INT64:
      v = Value::Long(e.get_int64().value_unsafe());
      break;
    case element_type::UINT64: {
      uint64_t u = e.get_uint64().value_unsafe();
      if (u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        v = Value::Long(static_cast<int64_t>(u));
      } else {
        v.SetString(std::to_string(u));
      }
      break;
    }
    case element_type::DOUBLE:
      v = Value::Real(e.get_double().value_unsafe());
      break;
    case element_type::BOOL:
      v = Value::Bool(e.get_bool().value_unsafe());
      break;
    case element_type::NULL_VALUE:
      v = Value();
      break;
    case element_type::ARRAY:
    case element_type::OBJECT:
      v.SetDynamic(simdjson::minify(e));
      break;
  }
}

// Adds a field unless the JSON value is null (null means absent).
inline void AddJson(Event& ev, std::string_view name, element e) {
  if (IsNull(e)) return;
  SetValue(ev.Add(name), e);
}

// Text of a scalar, or of an object's "#text".
inline bool TextOf(element e, std::string& out) {
  switch (e.type()) {
    case element_type::STRING:
      out.assign(std::string_view(e.get_string().value_unsafe()));
      return true;
    case element_type::INT64:
      out = std::to_string(e.get_int64().value_unsafe());
      return true;
    case element_type::UINT64:
      out = std::to_string(e.get_uint64().value_unsafe());
      return true;
    case element_type::DOUBLE: {
      Value v = Value::Real(e.get_double().value_unsafe());
      out = v.ToText();
      return true;
    }
    case element_type::BOOL:
      out = e.get_bool().value_unsafe() ? "true" : "false";
      return true;
    case element_type::OBJECT: {
      element text;
      if (e.get_object().value_unsafe()["#text"].get(text) == SUCCESS) return TextOf(text, out);
      return false;
    }
    default:
      return false;
  }
}

inline std::optional<Timestamp> TimeFrom(element e) {
  if (e.type() == element_type::STRING) return ParseIsoTime(e.get_string().value_unsafe());
  if (e.type() == element_type::INT64)
    return FromEpochAuto(static_cast<double>(e.get_int64().value_unsafe()));
  if (e.type() == element_type::UINT64)
    return FromEpochAuto(static_cast<double>(e.get_uint64().value_unsafe()));
  if (e.type() == element_type::DOUBLE) return FromEpochAuto(e.get_double().value_unsafe());
  return std::nullopt;
}

}  // namespace quarry::ingest::json
