#include "app/timeline.h"

#include <memory>

#include "app/render.h"
#include "app/secrets.h"
#include "core/json.h"
#include "core/strings.h"
#include "kql/sql_gen.h"
#include "store/case.h"

namespace quarry::app {
namespace {

Result<Timestamp> TimeArg(const char* flag, const std::string& text) {
  auto t = ParseIsoTime(text);
  if (!t)
    return UsageError(std::string(flag) + ": not a time: '" + text +
                      "' (ISO 8601, e.g. 2026-03-14T08:00:00Z)");
  return *t;
}

void WriteFields(JsonWriter& w, const ir::TimelineEntry& e, bool timesketch) {
  for (const auto& [name, value] : e.fields) {
    // Timesketch keeps these names for itself.
    bool reserved = name == "message" || name == "datetime" || name == "timestamp" ||
                    name == "timestamp_desc" || name == "tag" || name == "label";
    w.Key(timesketch && reserved ? "field_" + name : name).Cell(value);
  }
}

std::string IsoMicros(Timestamp t) {
  std::string out;
  AppendIsoTimeMicros(out, t);
  return out;
}

}  // namespace

Result<TimelineFormat> ParseTimelineFormat(const std::string& name) {
  if (name == "table") return TimelineFormat::kTable;
  if (name == "jsonl" || name == "json") return TimelineFormat::kJsonl;
  if (name == "csv") return TimelineFormat::kCsv;
  if (name == "timesketch") return TimelineFormat::kTimesketch;
  return UsageError("--format: table, jsonl, csv or timesketch, not '" + name + "'");
}

namespace {

struct Prepared {
  std::unique_ptr<store::Case> c;
  ir::TimelineFilter filter;
};

// The request checked, the case open and the filter with --around resolved.
Result<Prepared> Prepare(const TimelineRequest& request) {
  ir::TimelineFilter filter;
  if (!request.from.empty()) {
    QUARRY_ASSIGN_OR_RETURN(filter.from, TimeArg("--from", request.from));
  }
  if (!request.to.empty()) {
    QUARRY_ASSIGN_OR_RETURN(filter.to, TimeArg("--to", request.to));
  }
  if (filter.from && filter.to && *filter.to < *filter.from) {
    return UsageError("--to is before --from");
  }
  if (request.limit < 0) return UsageError("--limit: 0 (all) or more");
  if (request.alerts_only && request.no_alerts) {
    return UsageError("--alerts-only and --no-alerts leave nothing to show");
  }
  filter.host = request.host;
  filter.user = request.user;
  filter.process = request.process;
  filter.ip = request.ip;
  filter.alerts_only = request.alerts_only;
  filter.with_alerts = !request.no_alerts;
  filter.limit = request.limit;
  QUARRY_ASSIGN_OR_RETURN(auto c,
                          store::Case::Open(request.case_dir, store::Case::Mode::kOpenExisting));
  if (request.around != 0) {
    int64_t ticks = 0;
    if (!kql::TimespanTicks(request.window, ticks) || ticks <= 0) {
      return UsageError("--window: not a timespan: '" + request.window + "' (e.g. 10m, 1h)");
    }
    QUARRY_ASSIGN_OR_RETURN(auto event, c->FindEvent(request.around));
    if (!event) {
      return NotFound("--around: no event with _eid " + std::to_string(request.around) + " in " +
                      request.case_dir);
    }
    std::optional<Timestamp> at;
    for (const auto& [name, value] : event->fields) {
      if (name == store::kTimeColumn && value.type() == ValueType::kDateTime) at = value.as_time();
    }
    if (!at) return NotFound("--around: event " + std::to_string(request.around) + " has no time");
    Timestamp lo{at->ticks - ticks}, hi{at->ticks + ticks};
    filter.from = filter.from ? std::max(*filter.from, lo) : lo;
    filter.to = filter.to ? std::min(*filter.to, hi) : hi;
  }
  return Prepared{std::move(c), filter};
}

}  // namespace

Result<ir::TimelineStats> Timeline(const TimelineRequest& request,
                                   const std::function<bool(const ir::TimelineEntry&)>& fn) {
  QUARRY_ASSIGN_OR_RETURN(auto prepared, Prepare(request));
  if (!request.secrets) return ir::ReadTimeline(*prepared.c, prepared.filter, fn);
  // The limit counts the entries shown, which only this filter knows.
  int64_t limit = prepared.filter.limit;
  prepared.filter.limit = 0;
  int64_t shown = 0;
  bool cut = false;
  QUARRY_ASSIGN_OR_RETURN(
      ir::TimelineStats stats,
      ir::ReadTimeline(*prepared.c, prepared.filter, [&](const ir::TimelineEntry& e) {
        std::vector<std::string> rules = SecretRulesIn(e);
        if (rules.empty()) return true;
        std::string names;
        for (const auto& r : rules) names += (names.empty() ? "" : ", ") + r;
        ir::TimelineEntry marked = e;
        marked.message = "[credential: " + names + "] " + e.message;
        marked.fields.emplace_back("_secrets", Value::String(names));
        if (limit > 0 && shown == limit) {  // one more than asked for: say it was cut
          cut = true;
          return false;
        }
        ++shown;
        return fn(marked);
      }));
  stats.entries = shown;
  stats.truncated = cut;
  return stats;
}

Result<ir::ProcessForest> ProcessTrees(const TimelineRequest& request) {
  QUARRY_ASSIGN_OR_RETURN(auto prepared, Prepare(request));
  return ir::BuildProcessTrees(*prepared.c, prepared.filter);
}

Result<std::vector<ir::ActivityCluster>> Clusters(const TimelineRequest& request,
                                                  const std::string& gap, int64_t min_events) {
  int64_t gap_ticks = 0;
  if (!kql::TimespanTicks(gap, gap_ticks) || gap_ticks <= 0) {
    return UsageError("--gap: not a timespan: '" + gap + "' (e.g. 10m, 1h)");
  }
  if (min_events < 1) return UsageError("--min-events: 1 or more");
  QUARRY_ASSIGN_OR_RETURN(auto prepared, Prepare(request));
  return ir::BuildClusters(*prepared.c, prepared.filter, gap_ticks, min_events);
}

Result<std::vector<ir::LogonSession>> LogonSessions(const TimelineRequest& request) {
  QUARRY_ASSIGN_OR_RETURN(auto prepared, Prepare(request));
  QUARRY_ASSIGN_OR_RETURN(auto forest, ir::BuildProcessTrees(*prepared.c, prepared.filter));
  QUARRY_ASSIGN_OR_RETURN(auto sessions,
                          ir::BuildLogonSessions(*prepared.c, prepared.filter, forest));
  if (!request.user.empty()) {
    std::string needle = AsciiToLower(request.user);
    std::erase_if(sessions, [&](const ir::LogonSession& s) {
      return AsciiToLower(s.user).find(needle) == std::string::npos;
    });
  }
  return sessions;
}

std::string TimelineJsonLine(const ir::TimelineEntry& e) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Field("_eid", e.eid).Field("TimeGenerated", FormatIsoTime(e.time));
  w.Field("table", e.table).Field("Computer", e.host).Field("kind", e.kind);
  w.Field("message", e.message).Key("fields").BeginObject();
  WriteFields(w, e, false);
  w.EndObject().EndObject();
  return out;
}

std::string TimesketchLine(const ir::TimelineEntry& e) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Field("message", e.message).Field("datetime", IsoMicros(e.time));
  w.Field("timestamp", e.time.ticks / Timestamp::kTicksPerMicro);
  w.Field("timestamp_desc",
          e.table == ir::kAlertsTable ? "Alert (time of the event)" : "Event Time");
  w.Field("data_type", "quarry:" + e.table).Field("_eid", e.eid).Field("kind", e.kind);
  if (!e.host.empty()) w.Field("hostname", e.host);
  WriteFields(w, e, true);
  w.EndObject();
  return out;
}

std::string TimelineCsvHeader() {
  return "TimeGenerated,_eid,table,Computer,kind,message";
}

std::string TimelineCsvLine(const ir::TimelineEntry& e) {
  return CsvCell(FormatIsoTime(e.time)) + "," + std::to_string(e.eid) + "," + CsvCell(e.table) +
         "," + CsvCell(e.host) + "," + CsvCell(e.kind) + "," + CsvCell(e.message);
}

namespace {
std::string TextRow(const std::string& time, const std::string& eid, const std::string& host,
                    const std::string& kind, const std::string& message) {
  std::string line = time;
  auto pad = [&line](size_t to) { line.resize(std::max(line.size() + 1, to), ' '); };
  pad(28);
  line += eid;
  pad(40);
  line += host;
  pad(53);
  line += kind;
  pad(86);
  return line + message;
}
}  // namespace

std::string TimelineTextHeader() {
  return TextRow("TimeGenerated (UTC)", "_eid", "host", "kind", "message");
}

std::string TimelineTextLine(const ir::TimelineEntry& e, size_t width) {
  std::string host = e.host.substr(0, e.host.find('.'));
  std::string message = e.message;
  for (char& c : message) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  std::string line = TextRow(FormatIsoTime(e.time), std::to_string(e.eid),
                             host.empty() ? std::string("-") : host, e.kind, message);
  if (width > 3 && line.size() > width) {
    size_t cut = width - 3;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8
    line = line.substr(0, cut) + "...";
  }
  return line;
}

}  // namespace quarry::app
