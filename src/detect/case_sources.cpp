#include "detect/case_sources.h"

#include <algorithm>
#include <cstdlib>

#include "core/clickhouse_sql.h"
#include "core/strings.h"
#include "store/case.h"
#include "store/sqlite_util.h"

namespace quarry::detect {
namespace {

bool HasColumn(const std::vector<store::ColumnInfo>& columns, std::string_view name) {
  return std::any_of(columns.begin(), columns.end(),
                     [&](const store::ColumnInfo& c) { return c.name == name; });
}

bool Applies(const sigma::Gate& gate, const SourceCount& s) {
  if (gate.windows && !s.windows) return false;
  if (gate.generic && s.windows) return false;
  if (!gate.tables.empty() &&
      std::none_of(gate.tables.begin(), gate.tables.end(),
                   [&](const std::string& t) { return EqualsIgnoreCaseAscii(t, s.table); }))
    return false;
  if (!gate.channels.empty() &&
      std::none_of(gate.channels.begin(), gate.channels.end(),
                   [&](const std::string& c) { return EqualsIgnoreCaseAscii(c, s.channel); }))
    return false;
  if (!gate.event_ids.empty() &&
      std::find(gate.event_ids.begin(), gate.event_ids.end(), s.event_id) == gate.event_ids.end())
    return false;
  for (const auto& [field, values] : gate.field_equals) {
    if (!EqualsIgnoreCaseAscii(field, "Provider")) continue;
    if (std::none_of(values.begin(), values.end(),
                     [&](const std::string& v) { return EqualsIgnoreCaseAscii(v, s.provider); }))
      return false;
  }
  return true;
}

}  // namespace

Result<CaseSources> CaseSources::Read(const store::Case& c,
                                      const std::vector<std::string>& skip_tables) {
  CaseSources out;
  QUARRY_ASSIGN_OR_RETURN(auto tables, c.Tables());
  for (const auto& t : tables) {
    if (std::find(skip_tables.begin(), skip_tables.end(), t.name) != skip_tables.end()) continue;
    QUARRY_ASSIGN_OR_RETURN(auto columns, c.ColumnTypes(t.name));
    bool channel = HasColumn(columns, "Channel"), event_id = HasColumn(columns, "EventID"),
         provider = HasColumn(columns, "Provider");
    // One pass per table: events and filled columns per channel, event id and provider, in
    // each store's SQL (ClickHouse groups by expressions; GROUP BY 1 is a constant there).
    std::string sqlite = "SELECT " + std::string(channel ? "Channel" : "NULL") + ", " +
                         (event_id ? "EventID" : "NULL") + ", " + (provider ? "Provider" : "NULL") +
                         ", count(*)";
    std::string clickhouse = sqlite;
    std::string keys;
    for (const char* key : {"Channel", "EventID", "Provider"}) {
      if (HasColumn(columns, key)) keys += (keys.empty() ? "" : ", ") + ClickHouseIdent(key);
    }
    for (const auto& col : columns) {
      sqlite += ", count(" + store::QuoteIdent(col.name) + ")";
      clickhouse += ", count(" + ClickHouseIdent(col.name) + ")";
    }
    sqlite += " FROM " + store::QuoteIdent(t.name);
    clickhouse += " FROM " + ClickHouseIdent(t.name);
    if (!keys.empty()) {
      sqlite += " GROUP BY 1, 2, 3";
      clickhouse += " GROUP BY " + keys;
    }
    QUARRY_RETURN_IF_ERROR(c.SelectText(sqlite, clickhouse, [&](const store::TextRow& row) {
      if (row.size() < columns.size() + 4) return false;
      SourceCount n;
      n.table = t.name;
      n.channel = AsciiToLower(row[0].value_or(""));
      n.event_id = row[1] ? std::atoll(row[1]->c_str()) : -1;
      n.provider = AsciiToLower(row[2].value_or(""));
      n.windows = row[0].has_value() && row[1].has_value();
      n.events = row[3] ? std::atoll(row[3]->c_str()) : 0;
      for (size_t k = 0; k < columns.size(); ++k) {
        if (row[k + 4] && std::atoll(row[k + 4]->c_str()) > 0) n.columns.push_back(columns[k].name);
      }
      if (n.events > 0) out.counts_.push_back(std::move(n));
      return true;
    }));
  }
  return out;
}

int64_t CaseSources::EventsFor(const sigma::Gate& gate) const {
  int64_t n = 0;
  for (const auto& s : counts_) n += Applies(gate, s) ? s.events : 0;
  return n;
}

std::vector<const SourceCount*> CaseSources::SourcesFor(const sigma::Gate& gate) const {
  std::vector<const SourceCount*> out;
  for (const auto& s : counts_) {
    if (Applies(gate, s)) out.push_back(&s);
  }
  return out;
}

int64_t CaseSources::EventsFor(const sigma::Mapping& mapping) const {
  int64_t n = 0;
  for (const auto& s : counts_) {
    bool any = std::any_of(mapping.variants.begin(), mapping.variants.end(),
                           [&](const sigma::Variant& v) { return Applies(v.gate, s); });
    n += any ? s.events : 0;
  }
  return n;
}

}  // namespace quarry::detect
