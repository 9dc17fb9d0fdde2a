#include "assist/case_lookup.h"

#include <algorithm>
#include <map>

#include <simdjson.h>

#include "assist/builtin_internal.h"
#include "assist/rule_reader.h"
#include "core/strings.h"
#include "query/run_query.h"
#include "store/case.h"

namespace quarry::assist {

Result<std::unique_ptr<StoreLookup>> StoreLookup::Load(const store::Case& c,
                                                       const kql::Catalog& catalog) {
  std::unique_ptr<StoreLookup> lookup(new StoreLookup(c, catalog));
  QUARRY_ASSIGN_OR_RETURN(auto tables, c.Tables());
  for (const store::TableInfo& t : tables) {
    QUARRY_ASSIGN_OR_RETURN(auto columns, c.Columns(t.name, static_cast<size_t>(kFewValues)));
    for (store::ColumnInfo& column : columns) {
      if (column.name.rfind('_', 0) == 0 || column.top_values.empty() ||
          column.distinct_estimate > kFewValues ||
          (column.type != ValueType::kString && column.type != ValueType::kLong)) {
        continue;
      }
      lookup->few_.push_back(ColumnValues{t.name, column.name, std::move(column.top_values)});
    }
  }
  return lookup;
}

std::vector<ValueHit> StoreLookup::Find(std::string_view word) const {
  std::string lowered = AsciiToLower(word);
  if (auto it = found_.find(lowered); it != found_.end()) return it->second;
  std::vector<ValueHit> hits;
  // Counted by KQL, so that the case's events are read where they are (SQLite or ClickHouse).
  for (const std::string& name : catalog_.TableNames()) {
    const kql::TableSchema* table = catalog_.Find(name);
    std::vector<const kql::Column*> columns;
    std::string text = builtin::KqlName(name) + " | summarize ";
    for (const kql::Column& column : table->columns) {
      if (column.type != kql::Type::kString || column.name.rfind('_', 0) == 0) continue;
      text += columns.empty() ? "" : ", ";
      text += "c" + std::to_string(columns.size()) + " = countif(" + builtin::KqlName(column.name) +
              " contains " + builtin::KqlQuote(lowered) + ")";
      columns.push_back(&column);
    }
    if (columns.empty()) continue;
    auto result = query::RunQuery(case_.dir(), text, query::QueryOptions{});
    if (!result.ok() || !result->ran || result->rows.size() != 1) continue;
    const std::vector<Value>& row = result->rows[0];
    for (size_t i = 0; i < columns.size() && i < row.size(); ++i) {
      int64_t n = row[i].type() == ValueType::kLong ? row[i].as_long() : 0;
      if (n > 0) hits.push_back(ValueHit{name, columns[i]->name, "", n});
    }
  }
  // Where the column's values are known, the whole values holding the word.
  std::vector<ValueHit> whole;
  for (ValueHit& hit : hits) {
    // The catalog's values of a column may leave out long ones (a user agent string): where
    // none of them holds the word, the hit stays one in free text.
    bool known = false;
    for (const ColumnValues& few : few_) {
      if (few.table != hit.table || few.column != hit.column) continue;
      for (const auto& [value, events] : few.values) {
        if (AsciiToLower(value).find(lowered) != std::string::npos) {
          whole.push_back(ValueHit{hit.table, hit.column, value, events});
          known = true;
        }
      }
    }
    if (!known) whole.push_back(std::move(hit));
  }
  std::stable_sort(whole.begin(), whole.end(),
                   [](const ValueHit& a, const ValueHit& b) { return a.events > b.events; });
  found_.emplace(lowered, whole);
  return whole;
}

std::vector<std::pair<std::string, int64_t>> StoreLookup::ValuesHolding(std::string_view table,
                                                                        std::string_view column,
                                                                        std::string_view word,
                                                                        size_t limit) const {
  std::vector<std::pair<std::string, int64_t>> values;
  const kql::TableSchema* schema = catalog_.Find(table);
  if (schema == nullptr || schema->Find(column) == nullptr) return values;
  std::string name = builtin::KqlName(column);
  std::string text = builtin::KqlName(table) + " | where " + name + " contains " +
                     builtin::KqlQuote(AsciiToLower(word)) +
                     " | summarize n = count() by v = tostring(" + name +
                     ") | sort by n desc, v asc | take " + std::to_string(limit);
  auto result = query::RunQuery(case_.dir(), text, query::QueryOptions{});
  if (!result.ok() || !result->ran) return values;
  for (const auto& row : result->rows) {
    if (row.size() < 2 || row[1].type() != ValueType::kLong) continue;
    values.emplace_back(row[0].ToText(), row[1].as_long());
  }
  return values;
}

std::vector<std::pair<std::string, int64_t>> StoreLookup::KeysOf(std::string_view table,
                                                                 std::string_view condition,
                                                                 std::string_view column) const {
  std::vector<std::pair<std::string, int64_t>> keys;
  const kql::TableSchema* schema = catalog_.Find(table);
  if (schema == nullptr || schema->Find(column) == nullptr) return keys;
  // The events are chosen by KQL, as the draft will choose them; the keys of their objects are
  // counted here, from the JSON text, wherever the events are stored.
  std::string text = std::string(table) + " | where " + std::string(condition) +
                     " | take 200 | project v = tostring(" + builtin::KqlName(column) + ")";
  auto result = query::RunQuery(case_.dir(), text, query::QueryOptions{});
  if (!result.ok() || !result->ran || result->rows.empty()) return keys;
  std::map<std::string, int64_t> counts;
  simdjson::dom::parser parser;
  for (const auto& row : result->rows) {
    if (row.empty()) continue;
    std::string json = row[0].ToText();
    simdjson::dom::object object;
    if (parser.parse(json).get(object) != simdjson::SUCCESS) continue;
    for (auto field : object) {
      simdjson::dom::element_type type = field.value.type();
      if (type == simdjson::dom::element_type::ARRAY ||
          type == simdjson::dom::element_type::OBJECT ||
          type == simdjson::dom::element_type::NULL_VALUE) {
        continue;
      }
      ++counts[std::string(field.key)];
    }
  }
  for (const auto& [key, n] : counts) keys.emplace_back(key, n);
  std::stable_sort(keys.begin(), keys.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (keys.size() > 12) keys.resize(12);
  return keys;
}

int64_t StoreLookup::Count(std::string_view table, std::string_view condition) const {
  std::string text = std::string(table) + " | where " + std::string(condition) + " | count";
  if (auto it = counted_.find(text); it != counted_.end()) return it->second;
  int64_t n = -1;
  auto result = query::RunQuery(case_.dir(), text, query::QueryOptions{});
  if (result.ok() && result->ran && result->rows.size() == 1 && !result->rows[0].empty() &&
      result->rows[0][0].type() == ValueType::kLong) {
    n = result->rows[0][0].as_long();
  }
  counted_.emplace(text, n);
  return n;
}

}  // namespace quarry::assist
