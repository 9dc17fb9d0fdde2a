#include "detect/case_sources.h"

#include <algorithm>

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
    // One pass per table: events and filled columns per channel, event id and provider.
    std::string sql = "SELECT " + std::string(channel ? "Channel" : "NULL") + ", " +
                      (event_id ? "EventID" : "NULL") + ", " + (provider ? "Provider" : "NULL") +
                      ", count(*)";
    for (const auto& col : columns) sql += ", count(" + store::QuoteIdent(col.name) + ")";
    sql += " FROM " + store::QuoteIdent(t.name);
    if (channel || event_id || provider) sql += " GROUP BY 1, 2, 3";
    store::Statement q(c.db(), sql);
    QUARRY_RETURN_IF_ERROR(q.prepare_status());
    for (;;) {
      QUARRY_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      SourceCount s;
      s.table = t.name;
      s.channel = AsciiToLower(q.ColumnText(0));
      s.event_id = q.ColumnIsNull(1) ? -1 : q.ColumnInt(1);
      s.provider = AsciiToLower(q.ColumnText(2));
      s.windows = !q.ColumnIsNull(0) && !q.ColumnIsNull(1);
      s.events = q.ColumnInt(3);
      for (size_t k = 0; k < columns.size(); ++k) {
        if (q.ColumnInt(static_cast<int>(k) + 4) > 0) s.columns.push_back(columns[k].name);
      }
      if (s.events > 0) out.counts_.push_back(std::move(s));
    }
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
