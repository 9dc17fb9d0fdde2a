#include "ir/logon_sessions.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <unordered_map>

#include "core/json.h"

namespace quarry::ir {
namespace {

// Logon ids as the same text however they were written ("0x3A2F41", "0x3a2f41").
std::string LogonKey(const std::string& host, std::string id) {
  for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return host + "|" + id;
}

}  // namespace

Result<std::vector<LogonSession>> BuildLogonSessions(const store::Case& c,
                                                     const TimelineFilter& filter,
                                                     const ProcessForest& forest) {
  TimelineFilter f;
  f.from = filter.from;
  f.to = filter.to;
  f.host = filter.host;
  f.with_alerts = false;
  f.tables = {"SecurityEvent"};
  f.event_ids = {4624, 4634, 4647};
  std::vector<LogonSession> sessions;
  std::unordered_map<std::string, std::vector<size_t>> by_logon;
  auto latest_open = [&](const std::string& key, Timestamp at) -> LogonSession* {
    auto it = by_logon.find(key);
    if (it == by_logon.end()) return nullptr;
    for (auto i = it->second.rbegin(); i != it->second.rend(); ++i) {
      LogonSession& s = sessions[*i];
      if (s.start && *s.start > at) continue;
      return &s;
    }
    return nullptr;
  };
  QUARRY_ASSIGN_OR_RETURN(auto stats, ReadTimeline(c, f, [&](const TimelineEntry& e) {
                            std::string event_id = FieldValue(e, "EventID");
                            std::string logon_id = FieldValue(e, "TargetLogonId");
                            if (logon_id.empty()) return true;
                            if (event_id == "4624") {
                              LogonSession s;
                              s.id = "S:" + std::to_string(e.eid);
                              s.eid = e.eid;
                              s.host = e.host;
                              std::string domain = FieldValue(e, "TargetDomainName");
                              s.user = FieldValue(e, "TargetUserName");
                              if (!domain.empty() && domain != "-") s.user = domain + "\\" + s.user;
                              s.logon_id = logon_id;
                              s.logon_type = FieldValue(e, "LogonType");
                              s.source_ip = FieldValue(e, "IpAddress");
                              if (s.source_ip == "-") s.source_ip.clear();
                              s.workstation = FieldValue(e, "WorkstationName");
                              if (s.workstation == "-") s.workstation.clear();
                              s.start = e.time;
                              sessions.push_back(std::move(s));
                              by_logon[LogonKey(e.host, logon_id)].push_back(sessions.size() - 1);
                            } else if (event_id == "4634" || event_id == "4647") {
                              LogonSession* s = latest_open(LogonKey(e.host, logon_id), e.time);
                              // 4647 (the user logged off) comes before 4634 (the session ended):
                              // the first one ends it.
                              if (s != nullptr && !s->end) {
                                s->end = e.time;
                                s->end_eid = e.eid;
                              }
                            }
                            return true;
                          }));
  (void)stats;
  // Processes join the session with their logon id that was open when they started.
  for (const ProcessNode& p : forest.nodes) {
    if (p.logon_id.empty() || !p.start) continue;
    std::string key = LogonKey(p.host, p.logon_id);
    LogonSession* s = latest_open(key, *p.start);
    if (s == nullptr) {
      LogonSession unseen;
      unseen.id = "S:" + ShortHost(p.host) + ":" + p.logon_id;
      unseen.host = p.host;
      unseen.user = p.user;
      unseen.logon_id = p.logon_id;
      sessions.push_back(std::move(unseen));
      by_logon[key].insert(by_logon[key].begin(), sessions.size() - 1);
      s = &sessions.back();
    }
    s->processes.push_back(p.id);
  }
  return sessions;
}

std::string LogonSessionsText(const std::vector<LogonSession>& sessions) {
  std::string out;
  for (const LogonSession& s : sessions) {
    out += s.id + "  " + ShortHost(s.host) + "  " + (s.user.empty() ? "?" : s.user);
    if (!s.logon_type.empty()) out += "  type " + s.logon_type;
    if (!s.source_ip.empty()) out += " from " + s.source_ip;
    if (!s.workstation.empty()) out += " (" + s.workstation + ")";
    out += "  " + (s.start ? FormatIsoTime(*s.start) : std::string("(logon not seen)"));
    out += " -> " + (s.end ? FormatIsoTime(*s.end) : std::string("(no logoff seen)"));
    out += "  logon id " + s.logon_id;
    if (!s.processes.empty()) {
      out += "  " + std::to_string(s.processes.size()) + " process(es):";
      size_t shown = 0;
      for (const std::string& p : s.processes) {
        if (shown++ == 8) {
          out += " …";
          break;
        }
        out += " " + p;
      }
    }
    out += "\n";
  }
  return out;
}

std::string LogonSessionsJson(const std::vector<LogonSession>& sessions) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("sessions").BeginArray();
  for (const LogonSession& s : sessions) {
    w.BeginObject().Field("id", s.id).Field("eid", s.eid).Field("host", s.host);
    w.Field("user", s.user).Field("logon_id", s.logon_id).Field("logon_type", s.logon_type);
    w.Field("source_ip", s.source_ip).Field("workstation", s.workstation);
    w.Field("start", s.start ? FormatIsoTime(*s.start) : "");
    w.Field("end", s.end ? FormatIsoTime(*s.end) : "").Field("end_eid", s.end_eid);
    w.Field("processes", s.processes).EndObject();
  }
  w.EndArray().EndObject();
  return out;
}

}  // namespace quarry::ir
