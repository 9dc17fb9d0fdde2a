#include "ir/summary.h"

#include <algorithm>
#include <set>

#include "catalog/attack.h"
#include "core/strings.h"
#include "core/time.h"

namespace quarry::ir {
namespace {

std::string Base(const std::string& path) {
  size_t slash = path.find_last_of("\\/");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string Day(Timestamp t) {
  return FormatIsoTime(t).substr(0, 10);
}

// Text fit to sit in backticks: whole when short, else its start cut at a space.
std::string Excerpt(const std::string& text, size_t max = 110) {
  if (text.find('`') != std::string::npos || text.find('[') != std::string::npos) return "";
  std::string out;
  for (char c : text) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  if (out.size() <= max) return out;
  size_t cut = out.rfind(' ', max);
  return out.substr(0, cut == std::string::npos || cut < max / 2 ? max : cut);
}

std::string Where(const TimelineEntry& e) {
  if (!e.host.empty()) return "on " + ShortHost(e.host);
  return "in AWS";
}

std::string Cite(const std::vector<int64_t>& ids) {
  std::string out = "[E:";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + "]";
}

std::string ProcessCreation(const TimelineEntry& e) {
  std::string image = Base(FieldValue(e, "Image").empty() ? FieldValue(e, "NewProcessName")
                                                          : FieldValue(e, "Image"));
  std::string parent =
      Base(FieldValue(e, "ParentImage").empty() ? FieldValue(e, "ParentProcessName")
                                                : FieldValue(e, "ParentImage"));
  std::string user = FieldValue(e, "User");
  if (user.empty() && !FieldValue(e, "SubjectUserName").empty()) {
    std::string domain = FieldValue(e, "SubjectDomainName");
    user = (domain.empty() ? "" : domain + "\\") + FieldValue(e, "SubjectUserName");
  }
  if (image.empty()) return "";
  std::string out = parent.empty() ? image + " started" : parent + " started " + image;
  if (!user.empty()) out += " as " + user;
  std::string cmd = Excerpt(FieldValue(e, "CommandLine"));
  if (!cmd.empty()) out += " with the command line `" + cmd + "`";
  return out;
}

// "The rule "X" maps this to T1003.001 (LSASS Memory) [E:alert]."
std::string TechniqueSentence(const TimelineEntry& alert, const std::string& rule,
                              const SummaryInput& in) {
  std::string techniques;
  for (const std::string& id : catalog::TechniquesOfTags(FieldValue(alert, "Tags"))) {
    std::string name = in.technique_name ? in.technique_name(id) : "";
    techniques += (techniques.empty() ? "" : ", ") + id + (name.empty() ? "" : " (" + name + ")");
  }
  if (!techniques.empty())
    return "  The rule \"" + rule + "\" maps this to " + techniques + " " + Cite({alert.eid}) +
           ".\n";
  return "";
}

}  // namespace

std::string EventPhrase(const TimelineEntry& e) {
  std::string id = FieldValue(e, "EventID");
  auto f = [&](const char* name) { return FieldValue(e, name); };
  if (e.table == "SysmonEvent") {
    if (id == "1") return ProcessCreation(e);
    if (id == "10")
      return Base(f("SourceImage")) + " opened " + Base(f("TargetImage")) + " with access " +
             f("GrantedAccess");
    if (id == "3")
      return Base(f("Image")) + " connected to " + f("DestinationIp") + " port " +
             f("DestinationPort");
    if (id == "11")
      return Base(f("Image")) + " created the file `" + Excerpt(f("TargetFilename")) + "`";
    if (id == "12" || id == "13" || id == "14")
      return Base(f("Image")) + " set the registry value `" + Excerpt(f("TargetObject")) + "`";
    if (id == "22") return Base(f("Image")) + " looked up " + f("QueryName");
    return "";
  }
  if (e.table == "SecurityEvent" || e.table == "WindowsEvent") {
    if (id == "4688") return ProcessCreation(e);
    if (id == "4769")
      return f("TargetUserName") + " requested a Kerberos service ticket for " + f("ServiceName") +
             (f("IpAddress").empty() ? "" : " from " + f("IpAddress"));
    if (id == "4624")
      return f("TargetUserName") + " logged on with logon type " + f("LogonType") +
             (f("IpAddress").empty() || f("IpAddress") == "-" ? "" : " from " + f("IpAddress"));
    if (id == "4625") return "a logon as " + f("TargetUserName") + " failed";
    if (id == "7045" || id == "4697") {
      std::string path = f("ImagePath").empty() ? f("ServiceFileName") : f("ImagePath");
      std::string cmd = Excerpt(path);
      return "the service " + f("ServiceName") + " was installed" +
             (cmd.empty() ? "" : " with the image path `" + cmd + "`");
    }
    if (id == "4698") return "the scheduled task `" + Excerpt(f("TaskName")) + "` was created";
    if (id == "1102") return "the Security log was cleared";
    return "";
  }
  if (e.table == "AWSCloudTrail") {
    std::string out = f("EventName") + " was called";
    if (!f("UserIdentityArn").empty()) out += " by " + f("UserIdentityArn");
    if (!f("SourceIpAddress").empty()) out += " from " + f("SourceIpAddress");
    if (!f("UserIdentityAccessKeyId").empty())
      out += " with the access key " + f("UserIdentityAccessKeyId");
    return out;
  }
  return "";
}

std::string DraftSummary(const SummaryInput& in) {
  struct Step {
    std::vector<const TimelineEntry*> alerts;  // one rule's
    std::vector<const TimelineEntry*> others;  // other rules' alerts on the same one event
  };
  std::vector<Step> steps;
  for (const TimelineEntry& a : in.alerts) {
    std::string rule = FieldValue(a, "RuleTitle");
    // A rule firing again on the same host within the gap continues its step.
    auto same = std::find_if(steps.rbegin(), steps.rend(), [&](const Step& s) {
      const TimelineEntry* last = s.alerts.back();
      return FieldValue(*last, "RuleTitle") == rule && last->host == a.host &&
             a.time.ticks - last->time.ticks <= in.gap_ticks;
    });
    std::string event = FieldValue(a, "EventEid");
    if (same != steps.rend()) {
      same->alerts.push_back(&a);
    } else if (!steps.empty() && steps.back().alerts.size() == 1 && !event.empty() &&
               FieldValue(*steps.back().alerts.front(), "EventEid") == event) {
      steps.back().others.push_back(&a);  // two rules, one event: one sentence
    } else {
      steps.push_back({{&a}, {}});
    }
  }
  std::sort(steps.begin(), steps.end(), [](const Step& x, const Step& y) {
    return x.alerts.front()->time < y.alerts.front()->time;
  });
  std::string out = "# Incident summary" + (in.case_name.empty() ? "" : ": " + in.case_name) +
                    "\n\n## What happened, in order\n\n";
  std::set<std::string> rules_explained;
  std::string last_day;
  for (const Step& step : steps) {
    const TimelineEntry& first = *step.alerts.front();
    const TimelineEntry& last = *step.alerts.back();
    std::string rule = FieldValue(first, "RuleTitle"), level = FieldValue(first, "Level");
    std::vector<int64_t> events, alerts;
    for (const TimelineEntry* a : step.alerts) {
      alerts.push_back(a->eid);
      std::string ev = FieldValue(*a, "EventEid");
      if (!ev.empty()) events.push_back(std::atoll(ev.c_str()));
    }
    std::string day = Day(first.time);
    std::string when = day != last_day ? "On " + day + " at " : "At ";
    last_day = day;
    auto event = in.events.find(events.empty() ? 0 : events.front());
    std::string phrase = event == in.events.end() ? "" : EventPhrase(event->second);
    if (step.alerts.size() == 1) {
      std::string rules = "the rule \"";
      rules.append(rule).append("\" (").append(level).append(")");
      std::vector<int64_t> cited = {first.eid};
      for (const TimelineEntry* other : step.others) {
        rules.append(" and the rule \"").append(FieldValue(*other, "RuleTitle"));
        rules.append("\" (").append(FieldValue(*other, "Level")).append(")");
        cited.push_back(other->eid);
      }
      out.append("- ").append(when).append(FormatTimeOfDay(first.time)).append(" UTC ");
      out.append(Where(first)).append(", ");
      if (!phrase.empty()) out.append(phrase).append("; ");
      out.append(rules).append(" flagged it ").append(Cite(cited)).append(".\n");
    } else {
      bool one_second = FormatTimeOfDay(first.time) == FormatTimeOfDay(last.time);
      out.append(one_second ? "- At " : "- Between ").append(FormatTimeOfDay(first.time));
      if (!one_second) out.append(" and ").append(FormatTimeOfDay(last.time));
      out.append(" UTC ").append(Where(first)).append(", the rule \"").append(rule);
      out.append("\" (").append(level).append(") flagged ");
      out += (events.size() >= 5 ? "a burst of " : "") + std::to_string(events.size()) +
             " events " + Cite(events) + ".";
      if (!phrase.empty()) out += " The first: " + phrase + " " + Cite({events.front()}) + ".";
      out += "\n";
    }
    std::vector<const TimelineEntry*> explained = {&first};
    explained.insert(explained.end(), step.others.begin(), step.others.end());
    for (const TimelineEntry* alert : explained) {
      std::string title = FieldValue(*alert, "RuleTitle");
      if (!rules_explained.insert(title).second) continue;
      out += TechniqueSentence(*alert, title, in);
    }
  }
  // Per host, and per identity where there is no host.
  out += "\n## By host and identity\n\n";
  std::map<std::string, std::vector<const TimelineEntry*>> by_where;
  std::vector<std::string> order;
  for (const TimelineEntry& a : in.alerts) {
    std::string key = a.host.empty() ? "" : ShortHost(a.host);
    if (key.empty()) {
      auto ev = in.events.find(std::atoll(FieldValue(a, "EventEid").c_str()));
      if (ev != in.events.end()) key = FieldValue(ev->second, "UserIdentityArn");
    }
    if (key.empty()) continue;
    if (!by_where.count(key)) order.push_back(key);
    by_where[key].push_back(&a);
  }
  for (const std::string& key : order) {
    const auto& list = by_where[key];
    std::vector<int64_t> ids;
    for (const TimelineEntry* a : list) ids.push_back(a->eid);
    bool host = !list.front()->host.empty();
    out.append("- ").append(host ? "" : "The identity ").append(key).append(" has ");
    out.append(std::to_string(list.size())).append(list.size() == 1 ? " alert, " : " alerts, ");
    if (list.size() == 1) {
      out.append("at ").append(FormatTimeOfDay(list.front()->time));
    } else {
      out.append("from ").append(FormatTimeOfDay(list.front()->time)).append(" to ");
      out.append(FormatTimeOfDay(list.back()->time));
    }
    out.append(" UTC ").append(Cite(ids)).append(".\n");
  }
  return out;
}

}  // namespace quarry::ir
