#include "ir/claim_roles.h"

#include <set>
#include <string>

namespace quarry::ir {
namespace {

bool WordChar(char c) {
  return IsAlpha(c) || IsDigit(c) || c == '-' || c == '\'';
}

// The word starting after `pos` (spaces and commas skipped), lower case; "" if none.
std::string WordAfter(const std::string& lower, size_t& pos) {
  while (pos < lower.size() && (lower[pos] == ' ' || lower[pos] == ',')) ++pos;
  size_t begin = pos;
  while (pos < lower.size() && WordChar(lower[pos])) ++pos;
  return lower.substr(begin, pos - begin);
}

// "from 10.0.0.5 port 49723", "to 10.0.0.9:445": a port takes the role of the address it
// follows. Where no address is before it, "source port" or "from port" is the source, and
// "destination port" or "to port" the destination.
EntityRole PortRole(const MaskedText& m, size_t begin) {
  std::string w2 = m.WordBefore(begin, 1);
  if (w2 == "its" || w2 == "the") w2 = m.WordBefore(begin, 2);  // "on its port 55028"
  // A "local port" is the logging host's end, either side of the connection.
  if (w2 == "local") return EntityRole::kAny;
  if (w2 == "source" || w2 == "src" || w2 == "client" || w2 == "from") return EntityRole::kSource;
  if (w2 == "destination" || w2 == "dst" || w2 == "dest" || w2 == "to" || w2 == "on")
    return EntityRole::kDestination;
  size_t p = begin;
  auto skip_spaces = [&] {
    while (p > 0 && m.lower[p - 1] == ' ') --p;
  };
  skip_spaces();
  if (p >= 4 && m.lower.compare(p - 4, 4, "port") == 0) {
    p -= 4;
    skip_spaces();
  } else if (p > 0 && m.lower[p - 1] == ':') {
    --p;
  }
  // An IPv4 or IPv6 address ("::1", "fe80::1c", "::ffff:10.0.0.5").
  size_t address_end = p, dots = 0, colons = 0;
  auto address_char = [](char c) {
    return IsDigit(c) || (c >= 'a' && c <= 'f') || c == '.' || c == ':';
  };
  while (p > 0 && address_char(m.lower[p - 1])) {
    dots += m.lower[p - 1] == '.';
    colons += m.lower[p - 1] == ':';
    --p;
  }
  if ((dots == 3 || colons >= 2) && address_end - p >= 3) {
    std::string before = m.WordBefore(p);
    if (before == "from" || before == "source" || before == "src") return EntityRole::kSource;
    // "on 10.0.0.5 port 51592" may be either end.
    return before == "on" ? EntityRole::kAny : EntityRole::kDestination;
  }
  return EntityRole::kAny;
}

}  // namespace

EntityRole RoleBefore(const MaskedText& m, size_t begin, EntityKind kind) {
  if (kind == EntityKind::kPort) return PortRole(m, begin);
  std::string w1 = m.WordBefore(begin), w2 = m.WordBefore(begin, 1);
  if (kind == EntityKind::kHost || kind == EntityKind::kIp) {
    // "on the host WS01", "from IP address 10.0.0.5": the preposition before the nouns.
    static const std::set<std::string> kNouns = {
        "the",     "host",     "computer", "machine", "workstation", "server", "endpoint",
        "device",  "system",   "ip",       "address", "remote",      "its",    "domain",
        "address", "hostname", "name",     "a",       "an"};
    bool remote = false;
    for (size_t n = 0; n < 4 && kNouns.count(w1); ++n) {
      remote = remote || w1 == "remote";
      w1 = m.WordBefore(begin, n + 1);
      w2 = m.WordBefore(begin, n + 2);
    }
    // "on the remote host WS02" is the other side, which the event may name anywhere.
    if (remote && w1 == "on") return EntityRole::kAny;
  } else if (w1 == "address" || w1 == "ip" || w1 == "host") {
    std::swap(w1, w2);
  }
  if (w1 == "from" || w1 == "source" || w1 == "src" || w1 == "client") return EntityRole::kSource;
  if (w1 == "to" || w1 == "toward" || w1 == "towards" || w1 == "destination" || w1 == "dst")
    return EntityRole::kDestination;
  if (w1 == "on" && (kind == EntityKind::kHost || kind == EntityKind::kIp)) return EntityRole::kOn;
  if ((kind == EntityKind::kHost || kind == EntityKind::kIp) && w1 == "by") {
    // "logged by WS01" is where it was recorded; "requested by WS01" the side that started it.
    static const std::set<std::string> kRecorded = {"logged",  "recorded", "reported", "seen",
                                                    "audited", "observed", "captured"};
    static const std::set<std::string> kStarted = {"initiated", "originated", "requested", "sent",
                                                   "issued",    "made",       "opened"};
    if (kRecorded.count(w2) && kind == EntityKind::kHost) return EntityRole::kOn;
    if (kStarted.count(w2)) return EntityRole::kSource;
  }
  bool number = m.lower.compare(begin, 2, "0x") == 0 || IsDigit(m.lower[begin]);
  if ((kind == EntityKind::kUser || kind == EntityKind::kIdentifier) && !number) {
    // "ran as alice", "logged on as bob", "under the machine account WS01$": not "such as X",
    // "searched under CN=…".
    static const std::set<std::string> kFiller = {
        "the",  "a",     "an",  "machine", "computer", "service", "local",    "domain",
        "user", "users", "its", "account", "built-in", "builtin", "system's", "privileged"};
    static const std::set<std::string> kRunning = {
        "ran",           "run",      "runs",     "running",   "executed", "executing",
        "started",       "launched", "spawned",  "created",   "on",       "in",
        "authenticated", "acting",   "elevated", "operating", "working",  "executes"};
    bool named_account = false;
    for (size_t n = 0; n < 5; ++n) {
      std::string w = m.WordBefore(begin, n);
      if (w == "as" || w == "under") {
        if (named_account || kRunning.count(m.WordBefore(begin, n + 1)))
          return EntityRole::kAccount;
        break;
      }
      if (w == "of") {  // "a logon of the LOCAL SERVICE account"
        std::string what = m.WordBefore(begin, n + 1);
        if (what == "logon" || what == "logons" || what == "logoff" || what == "login" ||
            what == "sign-in" || what == "session")
          return EntityRole::kAccount;
        break;
      }
      if (!kFiller.count(w)) break;
      named_account = named_account || w == "account" || w == "user" || w == "users";
    }
  }
  // "injected into notepad.exe", "a remote thread in notepad.exe": what the process acted on.
  if (kind == EntityKind::kProcess &&
      (w1 == "into" || (w1 == "in" && (w2 == "thread" || w2 == "threads"))))
    return EntityRole::kTarget;
  // "the parent of userinit.exe": the child, the event's own process.
  if (kind == EntityKind::kProcess && w1 == "of" && w2 == "parent") return EntityRole::kActor;
  // "a child of WaAppAgent.exe", "with parent dllhost.exe", "parent process svchost.exe".
  if (kind == EntityKind::kProcess && (w1 == "parent" || (w1 == "process" && w2 == "parent") ||
                                       (w1 == "of" && (w2 == "child" || w2 == "children"))))
    return EntityRole::kParent;
  if (kind == EntityKind::kProcess && w1 == "by") {
    // "issued by X" names the process that acted; "started by X" its parent.
    static const std::set<std::string> kCreation = {"started",  "launched", "spawned", "created",
                                                    "executed", "run",      "ran",     "forked",
                                                    "invoked",  "called",   "parent",  "children"};
    // "launched at 01:54:24 UTC by X", "started with the command line `…` by X": the verb may
    // stand a few words back.
    bool created = false;
    size_t from = begin > 120 ? begin - 120 : 0;
    for (size_t i = from; i < begin && !created;) {
      size_t end = i;
      while (end < begin && IsAlpha(m.lower[end])) ++end;
      created = end > i && kCreation.count(m.lower.substr(i, end - i)) > 0;
      i = end + 1;
    }
    if (!created) return EntityRole::kActor;
  }
  if (kind == EntityKind::kHost && (w1 == "into" || w1 == "onto")) return EntityRole::kDestination;
  return EntityRole::kAny;
}

EntityRole RoleAfter(EntityKind kind, const MaskedText& m, size_t end) {
  static const std::set<std::string> kAdverbs = {"itself", "then",    "also",  "later",
                                                 "first",  "briefly", "again", "directly"};
  size_t pos = end;
  // "MSI4FFD.tmp (PID 3680) spawned `cmd`": a parent, past an aside.
  size_t aside = pos;
  while (aside < m.lower.size() && m.lower[aside] == ' ') ++aside;
  if (kind == EntityKind::kProcess && aside < m.lower.size() && m.lower[aside] == '(') {
    size_t close = m.lower.find(')', aside);
    size_t gap = close + 1;
    while (gap < m.lower.size() && m.lower[gap] == ' ') ++gap;
    bool comma = gap < m.lower.size() && m.lower[gap] == ',';
    if (close != std::string::npos && close - aside < 40 && !comma) {
      size_t after_aside = close + 1;
      std::string verb = WordAfter(m.lower, after_aside);
      static const std::set<std::string> kSpawned = {"spawned", "launched", "forked", "started"};
      size_t object = after_aside;
      while (object < m.lower.size() && m.lower[object] == ' ') ++object;
      size_t probe = object;
      std::string next = WordAfter(m.lower, probe);
      static const std::set<std::string> kNone = {"at",    "on",   "in",    "with",   "as",
                                                  "under", "from", "again", "around", "by"};
      bool has_object = object < m.lower.size() &&
                        std::string_view(".,;:)").find(m.lower[object]) == std::string_view::npos &&
                        !kNone.count(next) && !IsDigit(m.lower[object]);
      if (kSpawned.count(verb) && has_object) return EntityRole::kParent;
    }
  }
  std::string verb = WordAfter(m.lower, pos);
  for (int n = 0; n < 2 && kAdverbs.count(verb); ++n) verb = WordAfter(m.lower, pos);
  // "WmiPrvSE Spawned A Process": a rule's title, whose words are no sentence.
  if (!verb.empty() && pos >= verb.size() && m.text[pos - verb.size()] >= 'A' &&
      m.text[pos - verb.size()] <= 'Z')
    return EntityRole::kAny;
  // "WINWORD.EXE, launched from OUTLOOK.EXE" is no subject and its verb: a comma between them,
  // or a passive ("launched by", "spawned from").
  if (m.lower.find(',', end) < pos) return EntityRole::kAny;
  size_t next = pos;
  std::string after = WordAfter(m.lower, next);
  if (after == "by" || after == "from" || after == "via") return EntityRole::kAny;
  // "WS01 initiated the connection": the side that started it. "WS01 blocked it": where it
  // happened. "alice ran cmd.exe": the account of the process. "Seatbelt opened lsass.exe":
  // the process that acted, not its target or parent ("cmd.exe spawned X" names a parent).
  static const std::set<std::string> kStarted = {"initiated", "connected", "originated",
                                                 "connect",   "connects",  "initiates"};
  static const std::set<std::string> kHappened = {
      "ran",   "executed", "spawned", "launched", "started",  "logged",  "recorded",
      "wrote", "blocked",  "dropped", "accepted", "received", "created", "loaded"};
  static const std::set<std::string> kRan = {"ran", "executed", "launched", "started", "spawned"};
  static const std::set<std::string> kActed = {
      "opened",   "accessed", "injected",  "read",     "dumped",   "queried",
      "wrote",    "loaded",   "requested", "issued",   "searched", "enumerated",
      "modified", "deleted",  "connected", "resolved", "looked",   "touched"};
  if ((kind == EntityKind::kHost || kind == EntityKind::kIp) && kStarted.count(verb))
    return EntityRole::kSource;
  if (kind == EntityKind::kHost && kHappened.count(verb)) return EntityRole::kOn;
  if ((kind == EntityKind::kUser || kind == EntityKind::kIdentifier) && kRan.count(verb))
    return EntityRole::kAccount;
  // "lsass.exe opened with 0x1fffff": what was opened, in a note's shorthand.
  if (kind == EntityKind::kProcess && kActed.count(verb) && after == "with")
    return EntityRole::kAny;
  if (kind == EntityKind::kProcess && kActed.count(verb)) return EntityRole::kActor;
  static const std::set<std::string> kParented = {"spawned", "launched", "forked", "started"};
  // "cmd.exe started at 01:54 UTC" has no object: no parent of anything.
  static const std::set<std::string> kNoObject = {"at",    "on",   "in",    "with",  "as",
                                                  "under", "from", "again", "around"};
  size_t next_char = pos;
  while (next_char < m.lower.size() && m.lower[next_char] == ' ') ++next_char;
  bool ends = next_char == m.lower.size() ||
              std::string_view(".,;:)").find(m.lower[next_char]) != std::string_view::npos;
  bool object = !ends && !kNoObject.count(after) && (after.empty() || !IsDigit(after[0]));
  if (kind == EntityKind::kProcess && kParented.count(verb) && object) return EntityRole::kParent;
  // "Explorer.EXE (PID 3620) was the parent of …".
  if (kind == EntityKind::kProcess && (verb == "was" || verb == "is")) {
    size_t more = pos;
    std::string article = WordAfter(m.lower, more);
    std::string noun = article == "the" || article == "its" ? WordAfter(m.lower, more) : article;
    if (noun == "parent") return EntityRole::kParent;
  }
  // A tool named without its extension ("Seatbelt opened lsass.exe"); not account verbs such as
  // "requested", whose subject a 4769 writes as its target.
  static const std::set<std::string> kHandled = {"opened", "accessed", "injected", "dumped"};
  if (kind == EntityKind::kIdentifier && kHandled.count(verb)) return EntityRole::kActor;
  return EntityRole::kAny;
}

EntityRole RoleOf(EntityKind kind, const MaskedText& m, size_t begin, size_t end) {
  EntityRole role = RoleBefore(m, begin, kind);
  if (role == EntityRole::kAny) return RoleAfter(kind, m, end);
  // "an MSI package handled by msiexec.exe started X": the subject of its own verb, a parent.
  if (role == EntityRole::kActor && RoleAfter(kind, m, end) == EntityRole::kParent)
    return EntityRole::kParent;
  // "(IPv4-mapped as ::ffff:10.23.23.9 on rootdc1)": an aside places a part, not the whole.
  size_t open = m.lower.rfind('(', begin);
  if (role == EntityRole::kOn && open != std::string::npos && m.lower.find(')', open) > begin)
    return EntityRole::kAny;
  // "Its parent cmd.exe triggered …": the parent of a process named before, and the subject
  // of this sentence, whose cited events may be its own.
  std::string owner = m.WordBefore(begin, 1);
  if (role == EntityRole::kParent && m.WordBefore(begin) == "parent" &&
      (owner == "its" || owner == "their" || owner == "whose")) {
    size_t pos = end;
    std::string verb = WordAfter(m.lower, pos);
    bool comma = m.lower.find(',', end) < pos;
    static const std::set<std::string> kIrregular = {"ran", "wrote", "began", "spawned", "made"};
    bool past = verb.size() > 4 && verb.compare(verb.size() - 2, 2, "ed") == 0;
    if (!comma && (past || kIrregular.count(verb))) return EntityRole::kAny;
  }
  return role;
}

}  // namespace quarry::ir
