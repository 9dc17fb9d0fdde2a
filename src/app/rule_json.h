// The JSON head every detect report writes for a rule, so the commands agree on it.
#pragma once

#include <string_view>

#include "core/json.h"

namespace quarry::app {

// Opens the rule's object with rule (its title), id, path and line; the caller adds the rest
// and closes it.
inline JsonWriter& BeginRuleJson(JsonWriter& w, std::string_view rule, std::string_view id,
                                 std::string_view path, int line) {
  return w.BeginObject()
      .Field("rule", rule)
      .Field("id", id)
      .Field("path", path)
      .Field("line", line);
}

}  // namespace quarry::app
