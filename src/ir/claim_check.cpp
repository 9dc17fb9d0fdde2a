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

namespace quarry::ir {
namespace {

constexpr int64_t kMinute = 60 * Timestamp::kTicksPerSecond;
constexpr int64_t kDay = 1440 * kMinute;

std::string TimeText(Timestamp t) {
  return FormatIsoTime(t);
}

// Where a stated time puts an event: its instant (the time of day when no date is written) and
// the interval the statement allows around it.
struct TimeWindow {
  const TimeTerm& t;
  int64_t tolerance, round;
  explicit TimeWindow(const TimeTerm& term)
      : t(term),
        tolerance(term.approximate ? std::max<int64_t>(5 * kMinute, term.precision) : 0),
        // A writer may round to the precision written rather than cut.
        round(term.relation == TimeTerm::Relation::kAt
                  ? std::min<int64_t>(term.precision / 2, kMinute / 2)
                  : 0) {}
  int64_t Instant(const TimelineEntry* e) const {
    return t.has_date ? e->time.ticks : ((e->time.ticks % kDay) + kDay) % kDay;
  }
  bool Inside(int64_t v, int64_t from, int64_t to) const {
    if (t.has_date) return v >= from && v < to;
    for (int64_t shift : {-kDay, int64_t{0}, kDay}) {
      if (v + shift >= from && v + shift < to) return true;
    }
    return false;
  }
  bool At(const TimelineEntry* e) const {
    return Inside(Instant(e), t.start - tolerance - round, t.end + tolerance);
  }
};

// Whether a sentence names a field whose time it may state: a date by the stem of the name
// ("created" for CreationUtcTime), a time of day by the whole name ("its UtcTime field reads"),
// since the clock a field was written by may be off (Sysmon's UtcTime on OTRF data) and writers
// take "the file was created at" to mean the event's own time.
bool EchoesField(const std::string& sentence, const std::string& field, bool date_only) {
  std::string name = AsciiToLower(field);
  std::string echo = date_only ? name.substr(0, 5) : name;
  if (echo.size() >= 5 && sentence.find(echo) != std::string::npos) return true;
  // A long name written as words: "the session creation date" for SessionCreationDate (not
  // "UTC time" for UtcTime, which any sentence may say).
  if (date_only || name.size() < 12) return false;
  std::string joined;
  for (char c : sentence) {
    if (c != ' ') joined += c;
  }
  return joined.find(name) != std::string::npos;
}

// A date written without its year ("2 August") in the year of the first cited event.
TimeTerm InCitedYear(TimeTerm t, const std::vector<const TimelineEntry*>& cited) {
  if (!t.year_unknown || cited.empty()) return t;
  int64_t first = cited.front()->time.ticks;
  for (const TimelineEntry* e : cited) first = std::min(first, e->time.ticks);
  int64_t year = 0, read_year = 0;
  unsigned month = 0, day = 0;
  CivilFromDays(first / kDay, year, month, day);  // instants after 1970
  CivilFromDays(t.start / kDay, read_year, month, day);
  if (month == 2 && day == 29 && DaysFromCivil(year, 3, 1) - DaysFromCivil(year, 2, 28) == 1)
    return t;
  int64_t shift = (DaysFromCivil(year, month, day) - DaysFromCivil(read_year, month, day)) * kDay;
  t.start += shift;
  t.end += shift;
  return t;
}

// `several`: the sentence states more than one range ("two bursts, one from A to B and one
// from C to D"), each of which spans a part of the cited events.
ClaimCheck CheckTime(const TimeTerm& stated, const std::vector<const TimelineEntry*>& cited,
                     const std::string& sentence, bool several) {
  ClaimCheck check{"time " + stated.text, false, ""};
  TimeTerm t = InCitedYear(stated, cited);
  TimeWindow window(t);
  int64_t tolerance = window.tolerance, round = window.round;
  auto instant = [&](const TimelineEntry* e) { return window.Instant(e); };
  auto inside = [&](int64_t v, int64_t from, int64_t to) { return window.Inside(v, from, to); };
  bool ok = false;
  switch (t.relation) {
    case TimeTerm::Relation::kAt: {
      auto at = [&](const TimelineEntry* e) { return window.At(e); };
      // "all five … at 07:20:05" holds for every cited event, else for one of them.
      ok = t.every ? std::all_of(cited.begin(), cited.end(), at)
                   : std::any_of(cited.begin(), cited.end(), at);
      break;
    }
    case TimeTerm::Relation::kRange:
      if (several) {
        // A part: cited events at its first and at its last instant.
        auto near = [&](int64_t from, int64_t to) {
          return std::any_of(cited.begin(), cited.end(), [&](const TimelineEntry* e) {
            return inside(instant(e), from - tolerance - round, to + tolerance);
          });
        };
        ok = near(t.start, t.start + t.precision) && near(t.end - t.precision, t.end);
        break;
      }
      ok = std::all_of(cited.begin(), cited.end(), [&](const TimelineEntry* e) {
        return inside(instant(e), t.start - tolerance - round, t.end + tolerance);
      });
      break;
    case TimeTerm::Relation::kAfter:
      ok = std::all_of(cited.begin(), cited.end(), [&](const TimelineEntry* e) {
        return inside(instant(e), t.start - tolerance - round,
                      t.start + kDay * (t.has_date ? 36500 : 1) / 2);
      });
      break;
    case TimeTerm::Relation::kBefore:
      ok = std::all_of(cited.begin(), cited.end(), [&](const TimelineEntry* e) {
        return inside(instant(e), t.end - kDay * (t.has_date ? 36500 : 1) / 2, t.end + tolerance);
      });
      break;
  }
  // "a file first created on 8 October 2020", "its CreationUtcTime of 2020-10-08 06:34:24.476":
  // a time a cited event holds in a field whose name the sentence echoes, to the precision
  // written.
  // Without a date ("its UtcTime field reads 07:52:04.342") the time of day is compared.
  if (!ok && t.relation == TimeTerm::Relation::kAt && (t.has_date || t.precision < kDay)) {
    std::string iso = FormatIsoTime(Timestamp{t.start});  // 2020-10-08T06:34:24.476Z
    size_t digits = t.precision >= kDay                         ? 10
                    : t.precision >= kMinute                    ? 16
                    : t.precision >= Timestamp::kTicksPerSecond ? 19
                                                                : 23;
    size_t from = t.has_date ? 0 : 11;
    std::string want = iso.substr(from, std::min(digits, iso.size()) - from);
    ok = std::any_of(cited.begin(), cited.end(), [&](const TimelineEntry* e) {
      return std::any_of(e->fields.begin(), e->fields.end(), [&](const auto& field) {
        if (!EchoesField(sentence, field.first, t.precision >= kDay) ||
            (field.second.type() != ValueType::kString &&
             field.second.type() != ValueType::kDateTime))
          return false;
        std::string value = field.second.ToText();
        if (value.size() > 10 && value[10] == ' ') value[10] = 'T';
        return value.size() > from && value.compare(from, want.size(), want) == 0;
      });
    });
  }
  check.ok = ok;
  if (!ok && !cited.empty()) {
    Timestamp first = cited.front()->time, last = cited.front()->time;
    for (const TimelineEntry* e : cited) {
      first = std::min(first, e->time);
      last = std::max(last, e->time);
    }
    check.detail = "the cited events are at " + TimeText(first) +
                   (last == first ? "" : " to " + TimeText(last));
  }
  return check;
}

}  // namespace

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
      // Where only a message holds one of them, it cannot say whose it is.
      if (!process_sided || !term_sided) {
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
  auto check_stated = [&](const std::string& what, const std::string& value,
                          std::initializer_list<std::string_view> columns, const char* instead,
                          bool exact) {
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
    if (stated.empty()) return;
    std::string list;
    for (const std::string& v : stated) list += (list.empty() ? "" : ", ") + v;
    result.checks.push_back({what + " " + value, found, found ? "" : instead + list});
  };
  for (const std::string& package : terms.auth_packages) {
    check_stated("authentication package", package, {"authenticationpackagename", "lmpackagename"},
                 "the cited logons used ", false);
  }
  for (const std::string& type : terms.logon_types)
    check_stated("logon type", type, {"logontype"}, "the cited logons are of type ", true);
  for (const std::string& group : terms.groups) {
    if (auto check = CheckGroup(group, evidence.cited)) result.checks.push_back(std::move(*check));
  }
  for (const FieldValueTerm& stated : terms.field_values) {
    if (auto check = CheckFieldValue(stated, all)) result.checks.push_back(std::move(*check));
  }
  for (const std::string& wrong : terms.inconsistencies)
    result.checks.push_back({"the sentence itself", false, wrong});
  std::string sentence = AsciiToLower(claim.body);
  bool several = std::count_if(terms.times.begin(), terms.times.end(), [](const TimeTerm& t) {
                   return t.relation == TimeTerm::Relation::kRange;
                 }) > 1;
  for (const TimeTerm& t : terms.times)
    result.checks.push_back(CheckTime(t, evidence.cited, sentence, several));
  // "At 13:06:38 UTC … source port 53091": a port, id or hash stated with one instant belongs
  // to the cited events at that instant, not to another cited event.
  // Not where the sentence speaks of other instants ("16 ms before it started X"; "; the filter
  // was deleted by PID 4084").
  static const RE2 other_instants(
      R"((?i)(;|\b(?:before|after|later|earlier|then|followed|until|while|meanwhile|within)\b))");
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
    if (!check.ok && c.repeat && c.of == CountOf::kEvents &&
        c.relation == CountTerm::Relation::kExactly) {
      std::vector<Indexed> events;
      for (const TimelineEntry* e : evidence.cited) {
        if (e->table != kAlertsTable) events.push_back(Index(e));
      }
      if (events.empty()) {
        for (const TimelineEntry* e : evidence.cited) events.push_back(Index(e));
      }
      // One name, or any of the names of one kind ("twice, with access 0x1438 and 0x10143a").
      for (const EntityTerm& term : terms.entities) {
        for (bool of_kind : {false, true}) {
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
