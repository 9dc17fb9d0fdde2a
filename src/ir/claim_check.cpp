#include "ir/claim_check.h"

#include <re2/re2.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "catalog/attack.h"
#include "core/strings.h"
#include "core/time.h"
#include "ir/claim_presence.h"
#include "ir/claim_scan.h"

namespace quarry::ir {

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kSupported:
      return "supported";
    case Verdict::kUnsupported:
      return "unsupported";
    case Verdict::kUncited:
      return "uncited";
  }
  return "uncited";
}

namespace {

bool NamesCitedRule(const std::string& text, const std::vector<Indexed>& all) {
  std::string lower = AsciiToLower(text);
  return std::any_of(all.begin(), all.end(), [&](const Indexed& ix) {
    return std::any_of(ix.fields.begin(), ix.fields.end(),
                       [&](const Field& f) { return f.name == "ruletitle" && f.text == lower; });
  });
}

}  // namespace

ClaimResult CheckClaim(const Claim& claim, const ClaimTerms& terms, const ClaimEvidence& evidence) {
  ClaimResult result;
  result.notes = terms.notes;
  if (claim.citations.empty() && claim.citation_errors.empty()) {
    result.verdict = Verdict::kUncited;
    return result;
  }
  for (const std::string& e : claim.citation_errors) result.problems.push_back("citation: " + e);
  for (const std::string& m : evidence.missing) result.problems.push_back(m);
  std::vector<Indexed> all;
  for (const auto* list : {&evidence.cited, &evidence.linked}) {
    for (const TimelineEntry* e : *list) all.push_back(Index(e));
  }
  for (const EntityTerm& term : terms.entities) {
    static const char* const kRoles[] = {"",
                                         " (where it happened)",
                                         " (as the source)",
                                         " (as the destination)",
                                         " (as the account)",
                                         " (as the process that acted)",
                                         " (as the parent process)",
                                         " (as the target)"};
    ClaimCheck check{std::string(EntityKindName(term.kind)) + " " + term.text +
                         kRoles[static_cast<int>(term.role)],
                     false, ""};
    check.ok = PresentInRole(term, all);
    if (!check.ok) check.detail = Instead(term.kind, all);
    result.checks.push_back(std::move(check));
  }
  // One process named with what it had (a hash, a quoted command-line fragment, an id): they
  // must be in one cited event, not one in each of two.
  std::set<std::string> processes;
  for (const EntityTerm& term : terms.entities) {
    if (term.kind == EntityKind::kProcess) processes.insert(AsciiToLower(term.text));
    // A quoted command line names its own process (`\??\C:\…\conhost.exe 0xffffffff`).
    if (term.kind == EntityKind::kFragment &&
        AsciiToLower(term.text).find(".exe") != std::string::npos)
      processes.insert(AsciiToLower(term.text));
  }
  const EntityTerm* process = nullptr;
  for (const EntityTerm& term : terms.entities) {
    if (term.kind == EntityKind::kProcess) process = &term;
  }
  // (When the one process is a quoted command line's, what it had is not checked against it.)
  if (processes.size() == 1 && evidence.cited.size() > 1 && process != nullptr) {
    for (const EntityTerm& term : terms.entities) {
      if (term.kind != EntityKind::kHash && term.kind != EntityKind::kFragment &&
          term.kind != EntityKind::kNumber)
        continue;
      // A switch written in prose may belong to a tool named without its extension ("WMIC").
      if (term.kind == EntityKind::kFragment && (term.text[0] == '/' || term.text[0] == '-') &&
          term.text.find(' ') == std::string::npos)
        continue;
      // A quoted path to a file is a thing named, not something the process had; so is a
      // quoted rule's title ("`Security Eventlog Cleared` fired on the 1102").
      if (term.kind == EntityKind::kFragment &&
          (EndsWithFileName(term.text) || NamesCitedRule(term.text, all)))
        continue;
      // Of several hashes or ids, one is the process's ("the HTA host's MD5 A and rundll32.exe's
      // B"): the others may be of processes the sentence does not name.
      auto same_kind =
          std::count_if(terms.entities.begin(), terms.entities.end(),
                        [&](const EntityTerm& other) { return other.kind == term.kind; });
      if (same_kind > 1) continue;
      // Within one side of an event: a process creation's own fields, or its parent's (the
      // parent's command line names the child, and is not the child's).
      bool process_sided = false, term_sided = false, together = false;
      for (const Indexed& ix : all) {
        for (bool parent : {false, true}) {
          Indexed side{ix.entry, ix.alert, {}};
          for (const Field& f : ix.fields) {
            if ((f.name.find("parent") != std::string::npos) == parent && f.name != "message")
              side.fields.push_back(f);
          }
          bool has_process = PresentInRole(*process, {side});
          bool has_term = PresentInRole(term, {side});
          process_sided = process_sided || has_process;
          term_sided = term_sided || has_term;
          together = together || (has_process && has_term);
        }
      }
      // Where only a message holds one of them, it cannot say whose it is; "ran `X` from
      // cmd.exe" names the parent, on the other side of the event.
      bool parent = process->role == EntityRole::kParent || process->role == EntityRole::kSource;
      if (!process_sided || !term_sided || parent) {
        together = std::any_of(all.begin(), all.end(), [&](const Indexed& ix) {
          return PresentInRole(*process, {ix}) && PresentInRole(term, {ix});
        });
      }
      if (!together && PresentInRole(term, all) && PresentInRole(*process, all)) {
        result.checks.push_back(
            {EntityKindName(term.kind) + std::string(" ") + term.text + " with " + process->text,
             false, "no cited event has both"});
      }
    }
  }
  // One host named as where it happened: every cited event was logged there.
  std::vector<const EntityTerm*> placed;
  int hosts = 0;
  for (const EntityTerm& term : terms.entities) {
    if (term.kind != EntityKind::kHost) continue;
    ++hosts;
    if (term.role == EntityRole::kOn || term.role == EntityRole::kDestination)
      placed.push_back(&term);
  }
  if (placed.size() == 1 && hosts == 1) {
    const EntityTerm& host = *placed.front();
    ClaimCheck check{"every cited event on " + host.text, true, ""};
    for (const TimelineEntry* e : evidence.cited) {
      if (e->table == kAlertsTable || e->host.empty()) continue;
      Indexed one = Index(e);
      if (!PresentInRole(host, {one})) {
        check.ok = false;
        check.detail = "E:" + std::to_string(e->eid) + " is on " + e->host;
        break;
      }
    }
    result.checks.push_back(std::move(check));
  }
  // An authentication package or logon type the sentence states, against the cited logons
  // that state one (a package in part, "NTLM v2" as "NTLMv2"; a type exactly); no check where
  // none does.
  // `required`: where no cited event states one, the value is unsupported, not unchecked.
  auto check_stated = [&](const std::string& what, const std::string& value,
                          std::initializer_list<std::string_view> columns, const char* instead,
                          bool exact, bool required) {
    auto squeezed = [](std::string_view text) {
      std::string out;
      for (char c : text) {
        if (c != ' ') out += AsciiLower(c);
      }
      return out;
    };
    std::set<std::string> stated;
    bool found = false;
    for (const Indexed& ix : all) {
      for (const Field& f : ix.fields) {
        if (ix.alert || f.text == "-" ||
            std::find(columns.begin(), columns.end(), f.name) == columns.end())
          continue;
        stated.insert(f.text);
        found = found || (exact ? f.text == value
                                : squeezed(f.text).find(squeezed(value)) != std::string::npos);
      }
    }
    if (stated.empty()) {
      if (required)
        result.checks.push_back({what + " " + value, false, "no cited event states a " + what});
      return;
    }
    std::string list;
    for (const std::string& v : stated) list += (list.empty() ? "" : ", ") + v;
    result.checks.push_back({what + " " + value, found, found ? "" : instead + list});
  };
  for (const std::string& package : terms.auth_packages) {
    check_stated("authentication package", package, {"authenticationpackagename", "lmpackagename"},
                 "the cited logons used ", false, false);
  }
  for (const std::string& type : terms.logon_types)
    check_stated("logon type", type, {"logontype"}, "the cited logons are of type ", true, true);
  for (const DurationTerm& d : terms.durations) {
    if (auto check = CheckDuration(d, evidence.cited)) result.checks.push_back(std::move(*check));
  }
  for (const std::string& group : terms.groups) {
    if (auto check = CheckGroup(group, evidence.cited)) result.checks.push_back(std::move(*check));
  }
  for (const FieldValueTerm& stated : terms.field_values) {
    if (auto check = CheckFieldValue(stated, all)) result.checks.push_back(std::move(*check));
  }
  for (const std::string& wrong : terms.inconsistencies)
    result.checks.push_back({"the sentence itself", false, wrong});
  std::string sentence = AsciiToLower(claim.body);
  // With another time stated beside a range ("reached X at 04:07:59.845 UTC, and read Y four
  // times between 04:08:00.257 and 04:08:00.273 UTC"), the range spans a part too.
  auto ranges = std::count_if(terms.times.begin(), terms.times.end(), [](const TimeTerm& t) {
    return t.relation == TimeTerm::Relation::kRange;
  });
  bool several = ranges > 1 || (ranges == 1 && terms.times.size() > 1);
  // `all` begins with the cited events.
  const std::span<const Indexed> cited_indexed(all.data(), evidence.cited.size());
  for (const TimeTerm& t : terms.times)
    result.checks.push_back(CheckTime(t, evidence.cited, cited_indexed, sentence, several));
  // "At 13:06:38 UTC … source port 53091": a port, id or hash stated with one instant belongs
  // to the cited events at that instant, not to another cited event.
  // Not where the sentence speaks of other instants ("16 ms before it started X"; "; the filter
  // was deleted by PID 4084"; "created X at T and opened notepad.exe (PID 4868)").
  static const RE2 other_instants(
      R"((?i)(;|\b(?:before|after|later|earlier|then|followed|until|while|meanwhile|within)\b|\band\s+(?:\S+\s+){0,2}[a-z]+ed\b))");
  if (terms.times.size() == 1 && terms.times.front().relation == TimeTerm::Relation::kAt &&
      !terms.times.front().every && !RE2::PartialMatch(claim.body, other_instants)) {
    TimeWindow window(terms.times.front());
    std::vector<Indexed> at;
    for (const TimelineEntry* e : evidence.cited) {
      if (window.At(e)) at.push_back(Index(e));
    }
    if (!at.empty() && at.size() < evidence.cited.size()) {
      for (const EntityTerm& term : terms.entities) {
        if (term.kind != EntityKind::kPort && term.kind != EntityKind::kNumber &&
            term.kind != EntityKind::kHash)
          continue;
        if (PresentInRole(term, all) && !PresentInRole(term, at)) {
          result.checks.push_back({EntityKindName(term.kind) + std::string(" ") + term.text +
                                       " at " + terms.times.front().text,
                                   false, "only a cited event at another time has it"});
        }
      }
    }
  }
  // Over result rows, a number may be a cell or a column's distinct count.
  std::set<std::string> row_numbers;
  if (evidence.rows) {
    std::map<std::string, std::set<std::string>> distinct;
    for (const Indexed& ix : all) {
      for (const Field& f : ix.fields) {
        row_numbers.insert(f.text);
        distinct[f.name].insert(f.text);
      }
    }
    for (const auto& [name, values] : distinct) row_numbers.insert(std::to_string(values.size()));
    row_numbers.insert(std::to_string(all.size()));
  }
  // "created it three times and deleted it twice": how often each, the cited events in all.
  int64_t repeats = 0, events_cited = 0;
  for (const CountTerm& c : terms.counts) {
    if (c.repeat && c.of == CountOf::kEvents && c.relation == CountTerm::Relation::kExactly)
      repeats += c.value;
  }
  for (const TimelineEntry* e : evidence.cited) events_cited += e->table != kAlertsTable;
  // Of alerts alone ("fired seven times in all, five times on fs01 and twice on FS03"), the
  // alerts are what happened.
  if (events_cited == 0) events_cited = static_cast<int64_t>(evidence.cited.size());
  auto repeat_terms = std::count_if(terms.counts.begin(), terms.counts.end(),
                                    [](const CountTerm& c) { return c.repeat; });
  for (const CountTerm& c : terms.counts) {
    ClaimCheck check = CheckCount(c, evidence.cited, evidence.linked);
    // The parts add up to the cited events, with or without a total stated beside them.
    if (!check.ok && c.repeat && repeat_terms > 1 &&
        (repeats == events_cited || (repeat_terms > 2 && repeats == 2 * events_cited)))
      check.ok = true;
    // "three logons, twice from fe80::1 and once from ::1": how often is a part of the cited
    // events, those that hold one of the names the sentence states.
    // "two connections to 127.0.0.1:3389 and two to 127.0.0.1:445" too: what follows the noun
    // says which.
    static const std::set<std::string> kWhich = {"to", "from", "on", "for", "against", "by"};
    bool which = !c.after.empty() && kWhich.count(c.after.front()) > 0;
    // "14 admmig network logons": a name among the words that say what is counted.
    bool qualified =
        std::any_of(terms.entities.begin(), terms.entities.end(), [&](const EntityTerm& term) {
          return !c.qualifier.empty() &&
                 c.qualifier.find(AsciiToLower(term.text)) != std::string::npos;
        });
    if (!check.ok && (c.repeat || which || qualified) && c.of == CountOf::kEvents &&
        c.relation == CountTerm::Relation::kExactly) {
      std::vector<Indexed> events;
      for (const TimelineEntry* e : evidence.cited) {
        if (e->table != kAlertsTable) events.push_back(Index(e));
      }
      if (events.empty()) {
        for (const TimelineEntry* e : evidence.cited) events.push_back(Index(e));
      }
      // One name, or any of the names of one kind ("twice, with access 0x1438 and 0x10143a");
      // of a count that is no repeat, the name right after its noun.
      std::string after = c.qualifier + " ";
      for (const std::string& word : c.after) after += word + " ";
      for (const EntityTerm& term : terms.entities) {
        if (!c.repeat && after.find(AsciiToLower(term.text)) == std::string::npos) continue;
        for (bool of_kind : {false, !which || c.repeat}) {
          int64_t holding = std::count_if(events.begin(), events.end(), [&](const Indexed& ix) {
            return std::any_of(terms.entities.begin(), terms.entities.end(),
                               [&](const EntityTerm& other) {
                                 bool counted = of_kind ? other.kind == term.kind : &other == &term;
                                 return counted && PresentInRole(other, {ix});
                               });
          });
          if (holding == c.value && holding < static_cast<int64_t>(events.size())) check.ok = true;
        }
      }
    }
    // "two enumeration passes, on 2021-12-02 at 14:48 UTC and on 2021-12-03 at 12:06 UTC": the
    // things counted, one at each time stated.
    if (!check.ok && c.relation == CountTerm::Relation::kExactly && c.value > 1 &&
        static_cast<int64_t>(terms.times.size()) == c.value) {
      check.ok = std::all_of(terms.times.begin(), terms.times.end(), [&](const TimeTerm& t) {
        return CheckTime(t, evidence.cited, cited_indexed, sentence, false).ok;
      });
    }
    // "The first cradle drew eight alerts and the second seven": the parts make the whole.
    if (!check.ok && !terms.rest_counts.empty()) {
      CountTerm whole = c;
      for (int64_t rest : terms.rest_counts) whole.value += rest;
      check.ok = CheckCount(whole, evidence.cited, evidence.linked).ok;
    }
    // "the last three logons at 15:43:36 UTC": the cited events at the one instant stated.
    if (!check.ok && terms.times.size() == 1 &&
        terms.times.front().relation == TimeTerm::Relation::kAt) {
      TimeWindow window(terms.times.front());
      std::vector<const TimelineEntry*> at;
      for (const TimelineEntry* e : evidence.cited) {
        if (window.At(e)) at.push_back(e);
      }
      if (!at.empty() && at.size() < evidence.cited.size())
        check.ok = CheckCount(c, at, evidence.linked).ok;
    }
    if (!check.ok && evidence.rows && c.relation == CountTerm::Relation::kExactly &&
        row_numbers.count(std::to_string(c.value)))
      check.ok = true;
    result.checks.push_back(std::move(check));
  }
  for (const std::string& n : terms.numbers) {
    if (!evidence.rows) break;
    std::string plain;
    for (char ch : n) {
      if (ch != ',') plain += ch;
    }
    ClaimCheck check{"number " + n, row_numbers.count(plain) > 0, ""};
    if (!check.ok) check.detail = "no cell, row count or distinct count of the rows is " + n;
    result.checks.push_back(std::move(check));
  }
  for (const std::string& technique : terms.techniques) {
    ClaimCheck check{"technique " + technique, false, ""};
    std::string want = AsciiToLower(technique);
    std::set<std::string> carried;
    for (const Indexed& ix : all) {
      if (!ix.alert) continue;
      for (const Field& f : ix.fields) {
        if (f.name != "tags") continue;
        for (std::string& id : catalog::TechniquesOfTags(f.text)) carried.insert(std::move(id));
      }
    }
    check.ok = carried.count("T" + want.substr(1)) > 0;
    // A technique the event's own label names (Sysmon's RuleName "technique_id=T1099,…").
    for (const Indexed& ix : all) {
      for (const Field& f : ix.fields) {
        if (!ix.alert && f.name == "rulename") {
          for (size_t pos = f.text.find(want); pos != std::string::npos && !check.ok;
               pos = f.text.find(want, pos + 1)) {
            size_t end = pos + want.size();
            check.ok = (pos == 0 || !NameChar(f.text[pos - 1])) &&
                       (end == f.text.size() || (!NameChar(f.text[end]) && f.text[end] != '.'));
          }
        }
      }
    }
    if (!check.ok) {
      std::string list;
      for (const std::string& c : carried) list += (list.empty() ? "" : ", ") + c;
      check.detail =
          carried.empty() ? "no alert among the cited events" : "the cited alerts carry " + list;
    }
    result.checks.push_back(std::move(check));
  }
  for (const ClaimCheck& check : result.checks) {
    if (!check.ok) result.problems.push_back(check.what + ": " + check.detail);
  }
  bool nothing_cited = evidence.cited.empty();
  if (nothing_cited && result.problems.empty())
    result.problems.push_back("none of its citations names an event of the case");
  result.verdict = result.problems.empty() ? Verdict::kSupported : Verdict::kUnsupported;
  return result;
}

}  // namespace quarry::ir
