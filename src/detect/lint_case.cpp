#include "detect/lint_case.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/clickhouse_sql.h"
#include "core/strings.h"
#include "core/time.h"
#include "kql/binder.h"
#include "store/sqlite_util.h"

namespace quarry::detect {
namespace {

// Columns with more distinct values than this are not listed: a value test there is a search
// for something rare, not a choice among a few values.
constexpr int64_t kMaxListedValues = 200;

std::string Flat(std::string_view dotted) {
  std::string out;
  for (char c : dotted) {
    if (c != '.') out += c;
  }
  return out;
}

// As the engine matches names: ignoring case and spaces ("Process Name" is ProcessName).
std::string NameKey(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (c != ' ') key += c;
  }
  return AsciiToLower(key);
}

const std::string* FindIgnoringCase(const std::vector<std::string>& names, std::string_view name) {
  std::string key = NameKey(name);
  for (const auto& n : names) {
    if (NameKey(n) == key) return &n;
  }
  return nullptr;
}

// The event ids a detection asks for (EventID: 4697 in a selection, not under a `not`): the
// events of the logsource it can match at all. Empty when it names none.
std::set<int64_t> EventIdsAskedFor(const sigma::Ruleset& rules, const sigma::CompiledRule& c) {
  std::set<int64_t> ids;
  rules.VisitTests(c.root, [&](const sigma::Test& t, bool negated) {
    if (negated || t.slot < 0 || t.kind != sigma::Test::Kind::kGlob ||
        NameKey(rules.slot_name(t.slot)) != "eventid")
      return;
    const std::string& p = t.glob.pattern();
    if (!p.empty() && p.size() < 10 &&
        std::all_of(p.begin(), p.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      ids.insert(std::stoll(p));
  });
  return ids;
}

// Did-you-mean: close spellings (kql::Suggest), else columns holding the name whole
// (CommandLine → ProcessCommandLine).
std::string Suggestion(const std::string& field, const std::vector<std::string>& present) {
  std::vector<std::string> close = kql::Suggest(field, present);
  if (close.empty() && field.size() >= 4) {
    std::string lower = AsciiToLower(field);
    for (const auto& c : present) {
      if (AsciiToLower(c).find(lower) != std::string::npos) close.push_back(c);
      if (close.size() == 3) break;
    }
  }
  if (close.empty()) return {};
  std::string out = "did you mean ";
  for (size_t i = 0; i < close.size(); ++i) out += (i ? ", " : "") + close[i];
  return out + "?";
}

std::string Where(const std::vector<const SourceCount*>& sources) {
  std::set<std::string> parts;
  for (const auto* s : sources) {
    parts.insert(s->table + (s->event_id >= 0 ? " " + std::to_string(s->event_id) : ""));
  }
  std::string out;
  size_t n = 0;
  for (const auto& p : parts) {
    if (++n > 4) {
      out += ", …";
      break;
    }
    out += (out.empty() ? "" : ", ") + p;
  }
  return out;
}

}  // namespace

Finding RuleFinding(const sigma::RuleInfo& info, Severity severity, const char* code,
                    std::string message, std::string suggestion) {
  Finding f;
  f.severity = severity;
  f.code = code;
  f.message = std::move(message);
  f.suggestion = std::move(suggestion);
  f.where.file = info.path;
  f.where.line = static_cast<uint64_t>(info.line);
  return f;
}

const std::vector<store::ColumnInfo>& CaseChecks::ColumnsOf(const std::string& table) {
  auto it = columns_.find(table);
  if (it != columns_.end()) return it->second;
  auto columns = case_.Columns(table, 0);
  return columns_[table] = columns.ok() ? std::move(*columns) : std::vector<store::ColumnInfo>{};
}

CaseChecks::Resolved CaseChecks::Resolve(const std::string& field,
                                         const std::vector<std::string>& present,
                                         const std::vector<std::string>& tables) {
  if (const std::string* c = FindIgnoringCase(present, field)) return {Resolved::kColumn, *c};
  if (field.find('.') == std::string::npos) return {};
  // As the engine reads dotted names: a flattened column, or a path inside a dynamic one.
  if (const std::string* c = FindIgnoringCase(present, Flat(field))) return {Resolved::kColumn, *c};
  for (size_t dot = field.rfind('.'); dot != std::string::npos && dot > 0;
       dot = field.rfind('.', dot - 1)) {
    const std::string* c = FindIgnoringCase(present, Flat(field.substr(0, dot)));
    if (c == nullptr) continue;
    for (const auto& table : tables) {
      for (const auto& col : ColumnsOf(table)) {
        if (col.name == *c && col.type == ValueType::kDynamic) {
          return {Resolved::kInsideDynamic, *c};
        }
      }
    }
  }
  return {};
}

const std::optional<std::vector<std::string>>& CaseChecks::ValuesOf(const std::string& table,
                                                                    const std::string& column) {
  auto key = std::make_pair(table, column);
  auto it = values_.find(key);
  if (it != values_.end()) return it->second;
  std::optional<std::vector<std::string>>& out = values_[key];
  for (const auto& col : ColumnsOf(table)) {
    if (col.name != column) continue;
    if (col.distinct_estimate > kMaxListedValues ||
        (col.type != ValueType::kString && col.type != ValueType::kLong)) {
      return out;
    }
  }
  // Read wherever the case keeps its events, in each store's quoting (column names come from
  // the evidence), in order of first appearance (ties among the closest values keep it).
  std::string limit = " ORDER BY min(_eid) LIMIT " + std::to_string(kMaxListedValues * 4);
  std::string sqlite_col = store::QuoteIdent(column), clickhouse_col = ClickHouseIdent(column);
  std::vector<std::string> values;
  Status read = case_.SelectText("SELECT " + sqlite_col + " FROM " + store::QuoteIdent(table) +
                                     " GROUP BY " + sqlite_col + limit,
                                 "SELECT " + clickhouse_col + " FROM " + ClickHouseIdent(table) +
                                     " GROUP BY " + clickhouse_col + limit,
                                 [&](const store::TextRow& row) {
                                   if (!row.empty() && row[0])
                                     values.push_back(AsciiToLower(*row[0]));
                                   return true;
                                 });
  if (!read.ok()) return out;
  if (values.size() < static_cast<size_t>(kMaxListedValues * 4)) out = std::move(values);
  return out;
}

CaseChecks::VariantEvents CaseChecks::EventsOf(const sigma::Ruleset& rules,
                                               const sigma::CompiledRule& compiled) const {
  VariantEvents v;
  v.sources = sources_.SourcesFor(compiled.gate);
  // Only the events of the ids the detection asks for: a field of 4697 events is not missing
  // because the channel's 4624 events lack it.
  std::set<int64_t> ids = EventIdsAskedFor(rules, compiled);
  if (!ids.empty()) {
    std::erase_if(v.sources,
                  [&](const SourceCount* s) { return s->windows && ids.count(s->event_id) == 0; });
  }
  for (const auto* s : v.sources) {
    for (const auto& c : s->columns) {
      if (std::find(v.present.begin(), v.present.end(), c) == v.present.end())
        v.present.push_back(c);
    }
    if (std::find(v.tables.begin(), v.tables.end(), s->table) == v.tables.end())
      v.tables.push_back(s->table);
  }
  return v;
}

void CaseChecks::CheckGroupBy(const sigma::Ruleset& rules, const sigma::Correlation& c,
                              const sigma::RuleInfo& info, std::vector<Finding>& out) {
  // Per group-by field and counted rule: the variants (Sysmon, Security 4688 …) that lack it,
  // and whether any has it. None: an error; some: a warning, since the rule groups properly
  // only on the events that carry the field.
  struct Missing {
    std::vector<const SourceCount*> where;
    bool somewhere = false;
    std::vector<std::string> present;
  };
  std::map<std::pair<std::string, int>, Missing> fields;
  for (int referenced : c.rule_infos) {
    for (const auto& compiled : rules.rules()) {
      if (compiled.info != referenced) continue;
      VariantEvents v = EventsOf(rules, compiled);
      if (v.sources.empty()) continue;
      for (const auto& group : c.group_by) {
        std::string field = group;
        auto alias = c.aliases.find(group);
        if (alias != c.aliases.end() && alias->second.count(referenced) != 0)
          field = alias->second.at(referenced);
        Missing& m = fields[{field, referenced}];
        if (Resolve(field, v.present, v.tables).kind != Resolved::kMissing) {
          m.somewhere = true;
          continue;
        }
        m.where.insert(m.where.end(), v.sources.begin(), v.sources.end());
        m.present = v.present;
      }
    }
  }
  for (const auto& [key, m] : fields) {
    if (m.where.empty()) continue;
    const auto& [field, referenced] = key;
    const sigma::RuleInfo& counted = rules.infos()[static_cast<size_t>(referenced)];
    out.push_back(RuleFinding(info, m.somewhere ? Severity::kWarning : Severity::kError,
                              "rules.lint.unknown_field",
                              "group-by field '" + field + "' is in none of the events of '" +
                                  counted.title + "' (" + Where(m.where) + "): " +
                                  (m.somewhere ? "those events would all fall in one empty group"
                                               : "every alert would fall in one empty group"),
                              Suggestion(field, m.present)));
  }
}

void CaseChecks::CheckVariant(const sigma::Ruleset& rules, const sigma::CompiledRule& compiled,
                              const sigma::RuleInfo& info, std::vector<Finding>& out) {
  VariantEvents v = EventsOf(rules, compiled);
  if (v.sources.empty()) return;  // no data for this variant; CheckHasData speaks for the rule
  const std::vector<const SourceCount*>& sources = v.sources;
  const std::vector<std::string>& present = v.present;
  const std::vector<std::string>& tables = v.tables;
  std::set<std::string> reported;
  auto check_field = [&](int slot, bool negated) -> Resolved {
    const std::string& field = rules.slot_name(slot);
    if (field == sigma::kAbsentField) return {};  // the variant has no such field, by design
    Resolved r = Resolve(field, present, tables);
    if (r.kind != Resolved::kMissing || !reported.insert(AsciiToLower(field)).second) return r;
    std::string variant = compiled.variant_name.empty() ? "" : " (" + compiled.variant_name + ")";
    out.push_back(RuleFinding(
        info, negated ? Severity::kWarning : Severity::kError, "rules.lint.unknown_field",
        "field '" + field + "' is in none of the events the rule applies to" + variant + ": " +
            Where(sources) +
            (negated ? "; the filter never applies" : "; the rule can never match"),
        Suggestion(field, present)));
    return r;
  };
  rules.VisitTests(compiled.root, [&](const sigma::Test& t, bool negated) {
    using Kind = sigma::Test::Kind;
    // null and exists tests ask about absence themselves.
    if (t.slot < 0 || t.kind == Kind::kNull || t.kind == Kind::kExists) return;
    Resolved r = check_field(t.slot, negated);
    if (t.kind == Kind::kFieldRef && t.other_slot >= 0) check_field(t.other_slot, negated);
    if (negated || t.kind != Kind::kGlob || r.kind != Resolved::kColumn) return;
    const std::string& pattern = t.glob.pattern();
    if (pattern.find(sigma::kAnyRun) != std::string::npos ||
        pattern.find(sigma::kAnyChar) != std::string::npos)
      return;
    std::string want = t.glob.cased() ? AsciiToLower(pattern) : pattern;
    std::vector<std::string> seen;
    for (const auto& table : tables) {
      const auto& values = ValuesOf(table, r.column);
      if (!values) return;  // many values: not listed
      if (std::find(values->begin(), values->end(), want) != values->end()) return;
      seen.insert(seen.end(), values->begin(), values->end());
    }
    if (seen.empty() || !reported.insert(AsciiToLower(r.column) + "=" + want).second) return;
    std::stable_sort(seen.begin(), seen.end(), [&](const std::string& a, const std::string& b) {
      return EditDistance(a, want) < EditDistance(b, want);
    });
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    std::string closest;
    for (size_t i = 0; i < seen.size() && i < 3; ++i) closest += (i ? ", '" : "'") + seen[i] + "'";
    out.push_back(
        RuleFinding(info, Severity::kWarning, "rules.lint.value_not_in_case",
                    r.column + " is never '" + want + "' in the case (" + Where(sources) + ")",
                    "closest values there: " + closest));
  });
}

void CaseChecks::CheckHasData(const sigma::Ruleset& rules, int info_index,
                              const sigma::RuleInfo& info, std::vector<Finding>& out) {
  int64_t events = 0;
  bool compiled = false;
  for (const auto& c : rules.rules()) {
    if (c.info != info_index) continue;
    compiled = true;
    std::set<int64_t> ids = EventIdsAskedFor(rules, c);
    for (const auto* s : sources_.SourcesFor(c.gate)) {
      if (ids.empty() || !s->windows || ids.count(s->event_id) != 0) events += s->events;
    }
  }
  if (!compiled || events > 0) return;
  std::string source;
  for (const auto* part :
       {&info.logsource.product, &info.logsource.category, &info.logsource.service}) {
    if (!part->empty()) source += (source.empty() ? "" : "/") + *part;
  }
  out.push_back(RuleFinding(info, Severity::kWarning, "rules.lint.no_data",
                            "the case has no events for the rule's logsource (" + source +
                                ") and event ids: it cannot fire here and its fields cannot be "
                                "checked"));
}

int64_t CaseChecks::ResolutionTicks() {
  if (resolution_) return *resolution_;
  // The coarsest unit every sampled timestamp is a whole number of: 1 minute, 1 second, or finer.
  int64_t resolution = 60 * Timestamp::kTicksPerSecond;
  std::set<std::string> tables;
  for (const auto& s : sources_.counts()) tables.insert(s.table);
  for (const auto& table : tables) {
    store::ColumnInfo time;
    time.name = store::kTimeColumn;
    time.type = ValueType::kLong;
    (void)case_.ReadRows(
        table, {time}, "WHERE TimeGenerated IS NOT NULL LIMIT 5000", [&](std::vector<Value>& row) {
          int64_t ticks = row[0].as_long();
          while (resolution > 1 && ticks % resolution != 0) {
            resolution = resolution > Timestamp::kTicksPerSecond ? Timestamp::kTicksPerSecond : 1;
          }
          return true;
        });
  }
  return *(resolution_ = resolution);
}

void CaseChecks::CheckWindow(const sigma::Correlation& c, const sigma::RuleInfo& info,
                             std::vector<Finding>& out) {
  int64_t resolution = ResolutionTicks();
  if (c.timespan_ticks <= 0 || resolution <= 1 || c.timespan_ticks >= resolution) return;
  std::string unit = resolution >= 60 * Timestamp::kTicksPerSecond ? "minute" : "second";
  out.push_back(
      RuleFinding(info, Severity::kWarning, "rules.lint.window_below_resolution",
                  "the correlation's timespan is shorter than the case's timestamps resolve (one " +
                      unit + "): events in one window may carry the same time or fall apart",
                  "use a timespan of at least one " + unit));
}

}  // namespace quarry::detect
