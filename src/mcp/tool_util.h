// What the tool files share: JSON Schema pieces and a table written as objects.
#pragma once

#include "app/render.h"
#include "core/json.h"

namespace quarry::mcp {

inline constexpr const char* kStr = R"({"type":"string"})";
inline constexpr const char* kInt = R"({"type":"integer"})";
inline constexpr const char* kNum = R"({"type":"number"})";
inline constexpr const char* kBool = R"({"type":"boolean"})";
inline constexpr const char* kObj = R"({"type":"object"})";
inline constexpr const char* kArr = R"({"type":"array"})";

// An array with one object per row, members named by the columns (nulls left out).
inline void WriteTableObjects(JsonWriter& w, const app::Table& table) {
  w.BeginArray();
  for (const auto& row : table.rows) {
    w.BeginObject();
    for (size_t i = 0; i < table.columns.size() && i < row.size(); ++i) {
      if (!row[i].is_null()) w.Key(table.columns[i]).Cell(row[i]);
    }
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace quarry::mcp
