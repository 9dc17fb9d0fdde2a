#include "assist/case_lookup.h"

#include <algorithm>

#include "core/strings.h"
#include "query/run_query.h"
#include "store/case.h"
#include "store/sqlite_util.h"

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
  for (const std::string& name : catalog_.TableNames()) {
    const kql::TableSchema* table = catalog_.Find(name);
    std::vector<const kql::Column*> columns;
    std::string sql = "SELECT ";
    for (const kql::Column& column : table->columns) {
      if (column.type != kql::Type::kString || column.name.rfind('_', 0) == 0) continue;
      sql += columns.empty() ? "" : ", ";
      sql += "sum(instr(lower(" + store::QuoteIdent(column.name) + "), ?1) > 0)";
      columns.push_back(&column);
    }
    if (columns.empty()) continue;
    store::Statement st(case_.db(), sql + " FROM " + store::QuoteIdent(name));
    if (!st.valid()) continue;
    st.BindText(1, lowered);
    auto row = st.Step();
    if (!row.ok() || !*row) continue;
    for (size_t i = 0; i < columns.size(); ++i) {
      int64_t n = st.ColumnInt(static_cast<int>(i));
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
  std::string name = store::QuoteIdent(std::string(column));
  store::Statement st(case_.db(), "SELECT " + name + ", count(*) FROM " +
                                      store::QuoteIdent(std::string(table)) +
                                      " WHERE instr(lower(" + name +
                                      "), ?1) > 0 GROUP BY 1 ORDER BY 2 DESC LIMIT ?2");
  if (!st.valid()) return values;
  // Bound without a copy: the text must outlive the statement's steps.
  std::string lowered = AsciiToLower(word);
  st.BindText(1, lowered);
  st.BindInt(2, static_cast<int64_t>(limit));
  for (;;) {
    auto row = st.Step();
    if (!row.ok() || !*row) break;
    values.emplace_back(std::string(st.ColumnText(0)), st.ColumnInt(1));
  }
  return values;
}

std::vector<std::pair<std::string, int64_t>> StoreLookup::KeysOf(std::string_view table,
                                                                 std::string_view condition,
                                                                 std::string_view column) const {
  std::vector<std::pair<std::string, int64_t>> keys;
  const kql::TableSchema* schema = catalog_.Find(table);
  if (schema == nullptr || schema->Find(column) == nullptr) return keys;
  // The events are chosen by KQL, as the draft will choose them; their objects are read by
  // SQLite's JSON functions.
  std::string text =
      std::string(table) + " | where " + std::string(condition) + " | take 200 | project _eid";
  auto result = query::RunQuery(case_.dir(), text, query::QueryOptions{});
  if (!result.ok() || !result->ran || result->rows.empty()) return keys;
  std::string ids;
  for (const auto& row : result->rows) {
    if (row.empty() || row[0].type() != ValueType::kLong) continue;
    ids.append(ids.empty() ? "" : ",").append(std::to_string(row[0].as_long()));
  }
  if (ids.empty()) return keys;
  std::string name = store::QuoteIdent(std::string(column));
  store::Statement st(case_.db(), "SELECT j.key, count(*) FROM " +
                                      store::QuoteIdent(std::string(table)) + ", json_each(" +
                                      name + ") AS j WHERE _eid IN (" + ids + ") AND json_valid(" +
                                      name +
                                      ") AND j.type IN ('text', 'integer', 'real', 'true', "
                                      "'false') GROUP BY j.key ORDER BY 2 DESC, 1 LIMIT 12");
  if (!st.valid()) return keys;
  for (;;) {
    auto row = st.Step();
    if (!row.ok() || !*row) break;
    keys.emplace_back(std::string(st.ColumnText(0)), st.ColumnInt(1));
  }
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
