// Stated counts against the cited events: "12 failed logons" is the number of cited events,
// "three hosts" the number of distinct hosts among them.
#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "core/strings.h"
#include "ir/claim_check.h"

namespace quarry::ir {
namespace {

std::set<std::string> Distinct(const std::vector<const TimelineEntry*>& entries,
                               const std::vector<std::string>& columns, bool hosts) {
  std::set<std::string> out;
  for (const TimelineEntry* e : entries) {
    if (e->table == kAlertsTable) continue;
    if (hosts) {
      if (!e->host.empty()) out.insert(AsciiToLower(ShortHost(e->host)));
      continue;
    }
    for (const std::string& c : columns) {
      std::string v = FieldValue(*e, c);
      if (!v.empty() && v != "-") {
        out.insert(AsciiToLower(v));
        break;
      }
    }
  }
  return out;
}

// The words of TEXT between SEPARATORS, empty ones left out.
std::vector<std::string> Words(std::string_view text, std::string_view separators) {
  std::vector<std::string> out;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find_first_of(separators, start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The cited entries whose FIELD, lower-cased, reads VALUE.
int64_t CountWithValue(const std::vector<const TimelineEntry*>& cited, std::string_view field,
                       const std::string& value) {
  return std::count_if(cited.begin(), cited.end(), [&](const TimelineEntry* e) {
    return AsciiToLower(FieldValue(*e, field)) == value;
  });
}

bool Holds(const CountTerm& c, int64_t actual) {
  switch (c.relation) {
    case CountTerm::Relation::kExactly:
      return actual == c.value;
    case CountTerm::Relation::kAtLeast:
      return actual >= c.value;
    case CountTerm::Relation::kMoreThan:
      return actual > c.value;
    case CountTerm::Relation::kAtMost:
      return actual <= c.value;
    case CountTerm::Relation::kFewerThan:
      return actual < c.value;
    case CountTerm::Relation::kAbout: {
      int64_t slack = std::max<int64_t>(1, c.value / 5);
      return actual >= c.value - slack && actual <= c.value + slack;
    }
  }
  return false;
}

}  // namespace

ClaimCheck CheckCount(const CountTerm& c, const std::vector<const TimelineEntry*>& cited,
                      const std::vector<const TimelineEntry*>& linked) {
  ClaimCheck check{"count " + c.text, false, ""};
  int64_t total = static_cast<int64_t>(cited.size());
  int64_t alerts = 0;
  std::set<int64_t> all_alerts;
  for (const auto* list : {&cited, &linked}) {
    for (const TimelineEntry* e : *list) {
      if (e->table == kAlertsTable) all_alerts.insert(e->eid);
    }
  }
  for (const TimelineEntry* e : cited) alerts += e->table == kAlertsTable ? 1 : 0;
  int64_t events = total - alerts;
  // Of cited alerts alone ("fired three times, on cmd.exe and on the two PowerShell processes"),
  // hosts, users, addresses and processes are those of the events they are on.
  const std::vector<const TimelineEntry*>& subjects =
      events == 0 && !linked.empty() ? linked : cited;
  // The readings a writer may mean; the count holds when one of them agrees.
  std::vector<std::pair<std::string, int64_t>> readings;
  switch (c.of) {
    case CountOf::kEvents:
      readings = {{"events", events}, {"entries", total}};
      if (events == 0) {
        readings.push_back({"alerts", alerts});
        // "That single record triggered three rules": the events the cited alerts are on.
        int64_t alerted = std::count_if(linked.begin(), linked.end(), [](const TimelineEntry* e) {
          return e->table != kAlertsTable;
        });
        readings.push_back({"alerted events", alerted});
      }
      break;
    case CountOf::kAlerts: {
      readings = {{"alerts", static_cast<int64_t>(all_alerts.size())}};
      // Where the citations mix events and alerts, "raising six alerts" counts the alerts alone.
      if (alerts == 0 || events == 0) readings.push_back({"entries", total});
      // "twelve alerts from seven Sigma rules": rules are told apart by their titles.
      if (c.text.ends_with("rules") || c.text.ends_with("rule")) {
        std::set<std::string> titles;
        for (const auto* list : {&cited, &linked}) {
          for (const TimelineEntry* e : *list) {
            if (e->table == kAlertsTable) titles.insert(FieldValue(*e, "RuleTitle"));
          }
        }
        readings.insert(readings.begin(), {"rules", static_cast<int64_t>(titles.size())});
      }
      break;
    }
    case CountOf::kHosts:
      readings = {{"hosts", static_cast<int64_t>(Distinct(subjects, {}, true).size())}};
      break;
    case CountOf::kUsers:
      readings = {{"users", static_cast<int64_t>(Distinct(subjects, UserColumns(), false).size())},
                  {"events", events}};
      break;
    case CountOf::kIps:
      readings = {
          {"addresses", static_cast<int64_t>(Distinct(subjects, IpColumns(), false).size())}};
      break;
    case CountOf::kProcesses: {
      // "the same three cmd.exe processes": one name, three process ids.
      std::set<std::string> ids;
      for (const TimelineEntry* e : subjects) {
        if (e->table == kAlertsTable) continue;
        std::string id = FieldValue(*e, "ProcessGuid");
        if (id.empty()) id = FieldValue(*e, "NewProcessId");
        if (id.empty()) id = FieldValue(*e, "ProcessId");
        if (!id.empty()) ids.insert(e->host + "/" + id);
      }
      readings = {
          {"processes", static_cast<int64_t>(Distinct(subjects, ProcessColumns(), false).size())},
          {"events", events},
          {"process ids", static_cast<int64_t>(ids.size())}};
      break;
    }
  }
  // Of cited events with and without the stated outcome, those with it are what is counted.
  if (!c.outcome.empty() && c.of == CountOf::kEvents) {
    int64_t with = 0;
    for (const TimelineEntry* e : cited) {
      if (e->table == kAlertsTable) continue;
      std::string line = AsciiToLower(e->kind + " " + e->message);
      with += std::any_of(c.outcome.begin(), c.outcome.end(), [&](const std::string& stem) {
        return line.find(stem) != std::string::npos;
      });
    }
    if (with > 0 && with < events) readings = {{c.outcome.front() + "ed events", with}};
  }
  // "two Password Policy Enumerated alerts": the cited alerts of rules of that name.
  if (c.of == CountOf::kAlerts && !c.qualifier.empty()) {
    // The title may be quoted: '90 "Important Windows Eventlog Cleared" alerts'.
    std::string title = c.qualifier;
    while (!title.empty() && std::string_view("\"'`").find(title.front()) != std::string::npos)
      title.erase(0, 1);
    while (!title.empty() && std::string_view("\"'`").find(title.back()) != std::string::npos)
      title.pop_back();
    int64_t named = 0;
    for (const TimelineEntry* e : cited) {
      if (e->table == kAlertsTable && !title.empty() &&
          AsciiToLower(FieldValue(*e, "RuleTitle")).find(title) != std::string::npos)
        ++named;
    }
    if (named > 0) readings.insert(readings.begin(), {"alerts of that rule", named});
  }
  // "connected to C$ twice …, read __output and then opened it for deletion": a repeat counts
  // the events of one kind among cited events of several kinds.
  if (c.repeat && c.of == CountOf::kEvents) {
    std::map<std::string, int64_t> kinds;
    for (const TimelineEntry* e : cited) {
      if (e->table != kAlertsTable) ++kinds[e->kind];
    }
    if (kinds.size() > 1) {
      for (const auto& [kind, n] : kinds) readings.push_back({kind + " events", n});
    }
  }
  // "two 4673 privileged-service calls": the cited events of that event id.
  const std::vector<std::string> qualifier_words = Words(c.qualifier, " ");
  for (const std::string& id : qualifier_words) {
    if (c.of != CountOf::kEvents ||
        !std::all_of(id.begin(), id.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      continue;
    int64_t with = CountWithValue(cited, "EventID", id);
    if (with > 0) readings = {{"events " + id, with}};  // what is counted, not all cited
  }
  // "across the three files": the evidence files the cited entries came from.
  if (c.of == CountOf::kEvents && (c.text.ends_with("files") || c.text.ends_with("logs"))) {
    std::set<std::string> sources;
    for (const TimelineEntry* e : subjects) {
      std::string source = FieldValue(*e, "_source");
      if (!source.empty()) sources.insert(source);
    }
    readings.push_back({"evidence files", static_cast<int64_t>(sources.size())});
  }
  // "34 DescribeInstances calls": the cited API calls of that name, not all cited.
  for (const std::string& name : qualifier_words) {
    if (c.of != CountOf::kEvents) break;
    int64_t with = CountWithValue(cited, "EventName", name);
    if (with > 0) readings = {{name + " calls", with}};
  }
  // "Three changes …: a new layer, new user data and a key pushed to three instances": kinds of
  // thing done, the cited events' distinct API names or event ids.
  static const std::set<std::string> kKinds = {"change",  "changes",   "action",
                                               "actions", "operation", "operations"};
  if (c.of == CountOf::kEvents && !c.text.empty()) {
    std::string noun = AsciiToLower(c.text.substr(c.text.rfind(' ') + 1));
    if (kKinds.count(noun)) {
      std::set<std::string> kinds;
      for (const TimelineEntry* e : cited) {
        if (e->table == kAlertsTable) continue;
        std::string name = FieldValue(*e, "EventName");
        kinds.insert(name.empty() ? e->kind : name);
      }
      readings.push_back({"kinds of event", static_cast<int64_t>(kinds.size())});
    }
  }
  // "seven of them rated high", "three low-severity rules": the cited entries with a value the
  // words about what is counted name.
  std::vector<std::string> about = c.after;
  for (std::string& word : Words(c.qualifier, " -")) about.push_back(std::move(word));
  // "492 records with ChangeType %%16384": the value is said of what is counted.
  bool said_of = !c.after.empty() && (c.after.front() == "with" || c.after.front() == "whose");
  if ((c.repeat || said_of || !c.qualifier.empty()) && !about.empty()) {
    int64_t with = std::count_if(cited.begin(), cited.end(), [&](const TimelineEntry* e) {
      return std::any_of(e->fields.begin(), e->fields.end(), [&](const auto& field) {
        std::string value = AsciiToLower(field.second.ToText());
        return std::find(about.begin(), about.end(), value) != about.end();
      });
    });
    if (with > 0 && with < total) readings.push_back({"entries of that value", with});
  }
  // "five Sysmon process creations", "four `net.exe` launches": the cited events whose line
  // names every word of the qualifier that could name something.
  if (c.of == CountOf::kEvents && !c.qualifier.empty()) {
    std::vector<std::string> naming;
    for (std::string token : qualifier_words) {
      while (!token.empty() && std::string_view("`\"'(").find(token.front()) != std::string::npos)
        token.erase(0, 1);
      while (!token.empty() && std::string_view("`\"'),").find(token.back()) != std::string::npos)
        token.pop_back();
      bool marked = std::any_of(token.begin(), token.end(),
                                [](char ch) { return ch == '.' || (ch >= '0' && ch <= '9'); });
      if (token.size() >= 4 || (marked && token.size() >= 3)) naming.push_back(token);
    }
    if (!naming.empty()) {
      int64_t with = std::count_if(cited.begin(), cited.end(), [&](const TimelineEntry* e) {
        std::string line = AsciiToLower(e->kind + " " + e->message);
        return e->table != kAlertsTable &&
               std::all_of(naming.begin(), naming.end(), [&](const std::string& token) {
                 return line.find(token) != std::string::npos;
               });
      });
      if (with > 0 && with < events) readings.push_back({"events so named", with});
    }
  }
  // "two network logons and two accesses to the eventlog pipe": the cited events of the kind
  // the noun names, where the citations hold several kinds.
  if (c.of == CountOf::kEvents && !c.text.empty()) {
    std::string noun = AsciiToLower(c.text.substr(c.text.rfind(' ') + 1));
    if (noun.ends_with("sses"))
      noun.resize(noun.size() - 2);
    else if (noun.size() > 3 && noun.back() == 's')
      noun.pop_back();
    int64_t with = std::count_if(cited.begin(), cited.end(), [&](const TimelineEntry* e) {
      return e->table != kAlertsTable &&
             AsciiToLower(e->kind + " " + e->message).find(noun) != std::string::npos;
    });
    if (noun.size() >= 4 && with > 0 && with < events) readings.push_back({noun + " events", with});
  }
  // "the two PowerShell processes": the processes of that name.
  if (c.of == CountOf::kProcesses && !c.qualifier.empty()) {
    std::set<std::string> named;
    for (const std::string& p : Distinct(subjects, ProcessColumns(), false)) {
      if (p.find(c.qualifier) != std::string::npos) named.insert(p);
    }
    if (!named.empty())
      readings.push_back({"processes of that name", static_cast<int64_t>(named.size())});
  }
  // "done twice, about twenty minutes apart": bursts of cited entries, split where the gap is a
  // second or more and ten times any gap left inside them.
  if (c.apart && c.of == CountOf::kEvents && total > 2) {
    std::vector<int64_t> times, gaps;
    for (const TimelineEntry* e : cited) times.push_back(e->time.ticks);
    std::sort(times.begin(), times.end());
    for (size_t k = 1; k < times.size(); ++k) gaps.push_back(times[k] - times[k - 1]);
    std::sort(gaps.rbegin(), gaps.rend());
    for (size_t j = 0; j < gaps.size(); ++j) {
      int64_t inside = j + 1 < gaps.size() ? gaps[j + 1] : 0;
      if (gaps[j] >= Timestamp::kTicksPerSecond && gaps[j] >= 10 * inside)
        readings.push_back({"bursts", static_cast<int64_t>(j) + 2});
    }
  }
  if (c.others > 0 && c.of == CountOf::kEvents)
    readings.push_back({"events of the others named", (events > 0 ? events : total) - c.others});
  // "4769 events" names the event id, not a count.
  if (c.value >= 100 && c.relation == CountTerm::Relation::kExactly) {
    for (const TimelineEntry* e : cited) {
      if (FieldValue(*e, "EventID") == std::to_string(c.value)) {
        check.ok = true;
        return check;
      }
    }
  }
  check.ok = std::any_of(readings.begin(), readings.end(),
                         [&](const auto& r) { return Holds(c, r.second); });
  if (!check.ok) {
    check.detail =
        "the citations hold " + std::to_string(readings[0].second) + " " + readings[0].first;
    if (readings.size() > 1 && readings[1].second != readings[0].second)
      check.detail += " (" + std::to_string(readings[1].second) + " " + readings[1].first + ")";
  }
  return check;
}

}  // namespace quarry::ir
