#include "ir/process_tree.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <unordered_map>

#include "core/json.h"
#include "core/strings.h"

namespace quarry::ir {
namespace {

int64_t EventId(const TimelineEntry& e) {
  std::string id = FieldValue(e, "EventID");
  return id.empty() ? -1 : std::strtoll(id.c_str(), nullptr, 10);
}

// "0x1a90" and "6800" alike; "" when it is neither.
std::string PidKey(const std::string& pid) {
  if (pid.empty()) return "";
  char* end = nullptr;
  bool hex = pid.size() > 2 && pid[0] == '0' && (pid[1] == 'x' || pid[1] == 'X');
  unsigned long long n = std::strtoull(pid.c_str() + (hex ? 2 : 0), &end, hex ? 16 : 10);
  if (end == nullptr || *end != '\0') return "";
  return std::to_string(n);
}

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of("\\/");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

class Builder {
 public:
  ProcessForest forest;

  void Add(const TimelineEntry& e) {
    int64_t id = EventId(e);
    if (e.table == "SysmonEvent" && id == 1) SysmonStart(e);
    if (e.table == "SysmonEvent" && id == 5)
      End(by_guid_, e.host + "|" + FieldValue(e, "ProcessGuid"), e);
    if (e.table == "SecurityEvent" && id == 4688) SecurityStart(e);
    if (e.table == "SecurityEvent" && id == 4689) SecurityEnd(e);
  }

  void Finish() {
    LinkSameProcesses();
    std::unordered_map<std::string, size_t> index;
    for (size_t i = 0; i < forest.nodes.size(); ++i) index[forest.nodes[i].id] = i;
    for (size_t i = 0; i < forest.nodes.size(); ++i) {
      auto it = index.find(forest.nodes[i].parent);
      if (it == index.end()) {
        forest.nodes[i].parent.clear();
        forest.roots.push_back(i);
      } else {
        forest.nodes[it->second].children.push_back(i);
      }
    }
  }

 private:
  // Sysmon and Security both logging one process creation: each node names the other.
  void LinkSameProcesses() {
    std::unordered_map<std::string, std::vector<size_t>> sysmon;
    for (size_t i = 0; i < forest.nodes.size(); ++i) {
      const ProcessNode& n = forest.nodes[i];
      if (n.source == "sysmon" && n.eid != 0 && n.start)
        sysmon[n.host + "|" + PidKey(n.pid)].push_back(i);
    }
    for (ProcessNode& n : forest.nodes) {
      if (n.source != "security" || n.eid == 0 || !n.start) continue;
      auto it = sysmon.find(n.host + "|" + PidKey(n.pid));
      if (it == sysmon.end()) continue;
      for (size_t i : it->second) {
        ProcessNode& s = forest.nodes[i];
        int64_t apart = s.start->ticks - n.start->ticks;
        if (apart < 0) apart = -apart;
        if (apart <= 2 * Timestamp::kTicksPerSecond &&
            EqualsIgnoreCaseAscii(BaseName(s.image), BaseName(n.image)) && s.same_as.empty()) {
          s.same_as = n.id;
          n.same_as = s.id;
          break;
        }
      }
    }
  }

  size_t NewNode(ProcessNode node) {
    forest.nodes.push_back(std::move(node));
    return forest.nodes.size() - 1;
  }

  void SysmonStart(const TimelineEntry& e) {
    std::string guid = FieldValue(e, "ProcessGuid");
    std::string parent_guid = FieldValue(e, "ParentProcessGuid");
    std::string parent_id;
    if (!parent_guid.empty()) {
      auto it = by_guid_.find(e.host + "|" + parent_guid);
      if (it != by_guid_.end()) {
        parent_id = forest.nodes[it->second].id;
      } else {
        ProcessNode p;
        p.id = "P:" + ShortHost(e.host) + ":" + parent_guid;
        p.host = e.host;
        p.image = FieldValue(e, "ParentImage");
        p.command_line = FieldValue(e, "ParentCommandLine");
        p.user = FieldValue(e, "ParentUser");
        p.pid = FieldValue(e, "ParentProcessId");
        p.source = "sysmon";
        parent_id = p.id;
        by_guid_[e.host + "|" + parent_guid] = NewNode(std::move(p));
      }
    }
    ProcessNode n;
    n.id = "P:" + std::to_string(e.eid);
    n.eid = e.eid;
    n.host = e.host;
    n.image = FieldValue(e, "Image");
    n.command_line = FieldValue(e, "CommandLine");
    n.user = FieldValue(e, "User");
    n.logon_id = FieldValue(e, "LogonId");
    n.pid = FieldValue(e, "ProcessId");
    n.source = "sysmon";
    n.start = e.time;
    n.parent = parent_id;
    size_t at = NewNode(std::move(n));
    if (!guid.empty()) by_guid_[e.host + "|" + guid] = at;
  }

  void SecurityStart(const TimelineEntry& e) {
    std::string pid = PidKey(FieldValue(e, "NewProcessId"));
    // The creator's id: ProcessId, or ProcessID in some JSON layouts (OTRF's).
    std::string creator = FieldValue(e, "ProcessId");
    if (creator.empty()) creator = FieldValue(e, "ProcessID");
    std::string ppid = PidKey(creator);
    std::string parent_id;
    if (!ppid.empty()) {
      const std::string key = e.host + "|" + ppid;
      auto& candidates = by_pid_[key];
      // The latest process with that id that had not ended when the child started.
      for (auto it = candidates.rbegin(); it != candidates.rend(); ++it) {
        const ProcessNode& p = forest.nodes[*it];
        if (p.end && *p.end < e.time) continue;
        parent_id = p.id;
        break;
      }
      if (parent_id.empty()) {
        ProcessNode p;
        p.id = "P:" + ShortHost(e.host) + ":pid" + ppid;
        p.host = e.host;
        p.image = FieldValue(e, "ParentProcessName");
        p.pid = creator;
        p.source = "security";
        parent_id = p.id;
        bool known = std::any_of(candidates.begin(), candidates.end(),
                                 [&](size_t i) { return forest.nodes[i].id == parent_id; });
        if (!known) candidates.push_back(NewNode(std::move(p)));
      }
    }
    ProcessNode n;
    n.id = "P:" + std::to_string(e.eid);
    n.eid = e.eid;
    n.host = e.host;
    n.image = FieldValue(e, "NewProcessName");
    n.command_line = FieldValue(e, "CommandLine");
    n.user = FieldValue(e, "SubjectUserName");
    std::string domain = FieldValue(e, "SubjectDomainName");
    if (!domain.empty() && !n.user.empty() && domain != "-") n.user = domain + "\\" + n.user;
    n.logon_id = FieldValue(e, "TargetLogonId");
    if (n.logon_id.empty() || n.logon_id == "0x0") n.logon_id = FieldValue(e, "SubjectLogonId");
    n.pid = FieldValue(e, "NewProcessId");
    n.source = "security";
    n.start = e.time;
    n.parent = parent_id;
    size_t at = NewNode(std::move(n));
    if (!pid.empty()) by_pid_[e.host + "|" + pid].push_back(at);
  }

  void SecurityEnd(const TimelineEntry& e) {
    std::string pid = PidKey(FieldValue(e, "ProcessId"));
    auto it = by_pid_.find(e.host + "|" + pid);
    if (it == by_pid_.end() || it->second.empty()) return;
    ProcessNode& p = forest.nodes[it->second.back()];
    if (!p.end) {
      p.end = e.time;
      p.end_eid = e.eid;
    }
  }

  void End(std::unordered_map<std::string, size_t>& map, const std::string& key,
           const TimelineEntry& e) {
    auto it = map.find(key);
    if (it == map.end()) return;
    ProcessNode& p = forest.nodes[it->second];
    if (!p.end) {
      p.end = e.time;
      p.end_eid = e.eid;
    }
  }

  std::unordered_map<std::string, size_t> by_guid_;
  std::unordered_map<std::string, std::vector<size_t>> by_pid_;
};

}  // namespace

const ProcessNode* ProcessForest::Find(const std::string& id) const {
  for (const ProcessNode& n : nodes) {
    if (n.id == id) return &n;
  }
  return nullptr;
}

Result<ProcessForest> BuildProcessTrees(const store::Case& c, const TimelineFilter& filter) {
  TimelineFilter f;
  f.from = filter.from;
  f.to = filter.to;
  f.host = filter.host;
  f.with_alerts = false;
  f.tables = {"SysmonEvent", "SecurityEvent"};
  f.event_ids = {1, 5, 4688, 4689};  // Sysmon start and end, Security start and end
  Builder builder;
  QUARRY_ASSIGN_OR_RETURN(auto stats, ReadTimeline(c, f, [&](const TimelineEntry& e) {
                            builder.Add(e);
                            return true;
                          }));
  (void)stats;
  builder.Finish();
  return std::move(builder.forest);
}

std::string ProcessForestText(const ProcessForest& forest, const std::string& match) {
  std::string needle = AsciiToLower(match);
  std::function<bool(size_t)> holds = [&](size_t i) {
    const ProcessNode& n = forest.nodes[i];
    if (AsciiToLower(n.image).find(needle) != std::string::npos ||
        AsciiToLower(n.command_line).find(needle) != std::string::npos) {
      return true;
    }
    return std::any_of(n.children.begin(), n.children.end(), holds);
  };
  std::string out;
  std::function<void(size_t, int)> print = [&](size_t i, int depth) {
    const ProcessNode& n = forest.nodes[i];
    out += std::string(static_cast<size_t>(depth) * 2, ' ') + (depth > 0 ? "└─ " : "");
    out += n.id + "  " + (n.start ? FormatIsoTime(*n.start) : std::string("(start not seen)"));
    out += "  " + ShortHost(n.host) + "  " + (n.image.empty() ? "?" : BaseName(n.image));
    std::string about = n.pid.empty() ? "" : "pid " + n.pid;
    if (!n.user.empty()) about += (about.empty() ? "" : ", ") + n.user;
    if (!about.empty()) out += " (" + about + ")";
    if (!n.same_as.empty()) out += " [= " + n.same_as + "]";
    if (!n.command_line.empty()) {
      std::string cmd = n.command_line;
      for (char& ch : cmd) {
        if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
      }
      if (cmd.size() > 140) cmd = cmd.substr(0, 137) + "...";
      out += ": " + cmd;
    }
    out += "\n";
    for (size_t child : n.children) print(child, depth + 1);
  };
  for (size_t root : forest.roots) {
    if (needle.empty() || holds(root)) print(root, 0);
  }
  return out;
}

std::string ProcessForestJson(const ProcessForest& forest) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("processes").BeginArray();
  for (const ProcessNode& n : forest.nodes) {
    w.BeginObject().Field("id", n.id).Field("eid", n.eid).Field("host", n.host);
    w.Field("image", n.image).Field("command_line", n.command_line).Field("user", n.user);
    w.Field("logon_id", n.logon_id).Field("pid", n.pid).Field("source", n.source);
    w.Field("start", n.start ? FormatIsoTime(*n.start) : "");
    w.Field("end", n.end ? FormatIsoTime(*n.end) : "").Field("end_eid", n.end_eid);
    w.Field("parent", n.parent).Field("same_as", n.same_as).Key("children").BeginArray();
    for (size_t child : n.children) w.String(forest.nodes[child].id);
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
  return out;
}

}  // namespace quarry::ir
