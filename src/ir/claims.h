// Claims in prose about a case: text (Markdown, a model's summary, another product's report) cut
// into sentences, each with the events it cites and the checkable things it states (names,
// addresses, paths, times, counts, ATT&CK ids). Pure text work: nothing here reads a case, so a
// fuzzer can drive it; claim_check.h holds the checks against events.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace quarry::ir {

// [E:1000000042] an event or alert; [P:…] a process (tree node); [S:…] a logon session;
// [C:…] an activity cluster.
enum class CitationKind { kEvent, kProcess, kSession, kCluster };

struct Citation {
  CitationKind kind = CitationKind::kEvent;
  std::string id;   // "E:1000000042", "P:WS01:{guid}"
  int64_t eid = 0;  // for kEvent
};

struct Claim {
  int line = 0;      // 1-based physical line where the sentence starts
  std::string text;  // as written, citations included
  std::string body;  // without citations and Markdown markers: what is checked
  std::vector<Citation> citations;
  std::vector<std::string> citation_errors;  // malformed citations, each explained
};

// Splits text into sentences. Headings, code blocks, table rules and lines without letters are
// not claims; a citation right after a sentence's full stop belongs to that sentence.
std::vector<Claim> SplitClaims(std::string_view text);

// The entity kinds a sentence can name. The kind chooses where the verifier looks first and
// what it reports the events say instead; presence is checked in every field.
enum class EntityKind {
  kHost,
  kUser,
  kIp,
  kPort,
  kProcess,  // a path or file name
  kHash,
  kDomain,
  kFragment,  // quoted or in backticks: a command-line fragment, service or task name
  kArn,
  kAccessKey,
  kEventName,  // a CloudTrail-style API name (ConsoleLogin, StopLogging)
  kRegistry,
  kEventId,     // "event 4769", "EventID 4624"
  kNumber,      // "PID 4242", "logon type 3": some field equals it
  kIdentifier,  // a name-shaped token (DC01, svc_sql, S-1-5-18, 0x3e7, UpdaterSvc)
};
const char* EntityKindName(EntityKind kind);

// The role a sentence gives a name: "on WS01" is where it happened (the event's host), "from
// 10.0.0.5" a source, "to 10.0.0.9" or "port 445" a destination, "ran as alice" or "under the
// account SVC$" the account of the process or logon, "issued by svchost.exe" the process that
// acted (not its parent), "cmd.exe spawned X" a parent, "injected into X" the target. Checked
// against fields of that role when the cited events have them.
enum class EntityRole { kAny, kOn, kSource, kDestination, kAccount, kActor, kParent, kTarget };

struct EntityTerm {
  EntityKind kind;
  std::string text;
  EntityRole role = EntityRole::kAny;
};

// A stated time: one instant at the precision written (its interval [start, end)), a range,
// or a bound. Without a date, start and end are ticks into the UTC day.
struct TimeTerm {
  enum class Relation { kAt, kRange, kAfter, kBefore };
  Relation relation = Relation::kAt;
  bool has_date = false;
  bool zone_stated = false;
  bool approximate = false;  // "around", "about", "~"
  bool every = false;        // "all … at 07:20 UTC": every cited event, not one of them
  int64_t start = 0, end = 0;
  int64_t precision = 0;      // of the (first) time as written: a day, a minute, a second, …
  int64_t end_precision = 0;  // of a range's second time
  // "on 2 August": a date without its year, read in 2000 and checked in the cited events' year.
  bool year_unknown = false;
  std::string text;
};

// What a stated count counts.
enum class CountOf { kEvents, kAlerts, kHosts, kUsers, kIps, kProcesses };

struct CountTerm {
  enum class Relation { kExactly, kAtLeast, kMoreThan, kAtMost, kFewerThan, kAbout };
  Relation relation = Relation::kExactly;
  int64_t value = 0;
  CountOf of = CountOf::kEvents;
  std::string text;
  // The outcome the sentence gives what it counts ("blocked", "failed"): its stems, as the
  // events' lines would write them.
  std::vector<std::string> outcome;
  // "twice", "three times": how often something happened, which may be a part of the cited
  // events ("three logons, twice from 10.0.0.5").
  bool repeat = false;
  // The words between the number and its noun ("Password Policy Enumerated" in "two Password
  // Policy Enumerated alerts").
  std::string qualifier;
  // The same noun named again in the singular ("… followed by an access"): cited events of
  // the sentence that this count leaves out.
  int others = 0;
  // The words after what is counted ("rated high" in "seven of them rated high"): a value the
  // counted part of the cited events may hold.
  std::vector<std::string> after;
  // "done twice, about twenty minutes apart": how often, in bursts separated in time.
  bool apart = false;
};

// "58 seconds after the stop request", "about twenty minutes apart": a span between cited events.
struct DurationTerm {
  enum class Bound { kExactly, kAtMost, kAtLeast };
  Bound bound = Bound::kExactly;
  double seconds = 0;
  double step = 1;  // of the last digit written, in seconds
  bool approximate = false;
  std::string text;
};

// "`DestinationPort` 443": a value stated for a field named by its name.
struct FieldValueTerm {
  std::string field;      // lower case
  std::string value;      // as written
  bool of_alert = false;  // a value of the cited alerts ("rated critical": their Level)
  // Named in words ("a key length of 128"): only a field holding a number is meant, not a blob
  // of that name ("a filtered TCG log of 17035 bytes").
  bool numeric_only = false;
  std::vector<std::string> also;  // other spellings of the value ("auto start": 2)
};

struct ClaimTerms {
  std::vector<EntityTerm> entities;
  std::vector<TimeTerm> times;
  std::vector<CountTerm> counts;
  std::vector<std::string> techniques;  // "T1003.001"
  std::vector<std::string> numbers;     // other numbers in digits: checked against result rows
  std::vector<std::string> notes;       // e.g. a time without a zone, read as UTC
  // What cannot hold whatever the events say: an MD5 of 40 hex digits.
  std::vector<std::string> inconsistencies;
  // "NTLM", "Kerberos": checked against the package of the cited logons that state one.
  std::vector<std::string> auth_packages;
  // "a type 5 service logon", "logon type 3": checked against the cited logons' LogonType.
  std::vector<std::string> logon_types;
  std::vector<FieldValueTerm> field_values;
  // "added to Remote Desktop Users": checked against the group of the cited membership changes.
  std::vector<std::string> groups;
  std::vector<DurationTerm> durations;
  // "eight alerts and the second seven": numbers that count the rest of what a count counts.
  std::vector<int64_t> rest_counts;
};

// Names the case knows (lower case), and the English words of a dictionary: a plain word is
// taken as a name when it is one of the case's names, follows a word such as "user" or "host",
// or is no English word ("pgustavo", "jsmith").
struct CaseVocabulary {
  std::unordered_set<std::string> names;
  std::unordered_set<std::string> users;         // the names that are accounts (a subset of names)
  std::unordered_set<std::string> hosts;         // the names that are computers, short and full
  std::unordered_set<std::string> common_words;  // the dictionary's lower-case words
  std::unordered_set<std::string> proper_words;  // its capitalised ones, in lower case
  // The titles of the case's alerts, lower case: words inside one ("Suspicious SYSTEM User
  // Process Creation") name a rule, not an account or a process.
  std::vector<std::string> rule_titles;
  bool has_dictionary = false;
};

// Reads a word list, one word a line (Debian's /usr/share/dict/words when `path` is ""). False
// when there is none: then only names the case knows or cued words are checked.
bool LoadDictionary(CaseVocabulary& vocabulary, const std::string& path = "");

ClaimTerms ExtractTerms(std::string_view body, const CaseVocabulary& vocabulary);

}  // namespace quarry::ir
