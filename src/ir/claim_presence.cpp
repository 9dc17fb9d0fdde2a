// Whether a name a sentence states is in the cited events, in the role the sentence gives it.
#include <algorithm>
#include <functional>
#include <limits>
#include <optional>
#include <set>

#include <re2/re2.h>
#include <simdjson.h>

#include "core/strings.h"
#include "ir/claim_presence.h"
#include "ir/claim_role_fields.h"
#include "ir/claim_scan.h"

namespace quarry::ir {

bool NameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

namespace {

// `needle` in `hay` (both lower case) where it is not part of a longer name.
bool ContainsName(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return false;
  for (size_t pos = hay.find(needle); pos != std::string_view::npos;
       pos = hay.find(needle, pos + 1)) {
    bool left = pos == 0 || !NameChar(needle.front()) || !NameChar(hay[pos - 1]);
    size_t end = pos + needle.size();
    bool right = end == hay.size() || !NameChar(needle.back()) || !NameChar(hay[end]);
    if (left && right) return true;
  }
  return false;
}

}  // namespace

std::string Squeeze(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : AsciiLower(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

namespace {

// A rendered Windows message ("Subject:\r\n\tLogon ID:\t0xC61D9\r\n…") without its labels:
// the words of a template ("Package Name (NTLM only)") are no evidence of what happened.
std::string WithoutLabels(std::string_view message) {
  std::string out;
  int labels = 0;
  for (size_t start = 0; start < message.size();) {
    size_t end = message.find('\n', start);
    if (end == std::string_view::npos) end = message.size();
    std::string_view line = TrimAscii(message.substr(start, end - start));
    start = end + 1;
    size_t colon = line.find(':');
    bool label = colon != std::string_view::npos && colon > 0 && colon <= 60 &&
                 (colon + 1 == line.size() || line[colon + 1] == ' ' || line[colon + 1] == '\t') &&
                 std::all_of(line.begin(), line.begin() + colon, [](char c) {
                   return IsAlpha(c) || c == ' ' || c == '(' || c == ')' || c == '/' || c == '-';
                 });
    if (label) {
      ++labels;
      line.remove_prefix(colon + 1);
    }
    out += line;
    out += '\n';
  }
  return labels >= 2 ? out : std::string(message);
}

std::string StripMappedIpv4(std::string s) {
  if (s.rfind("::ffff:", 0) == 0 && s.find('.') != std::string::npos) return s.substr(7);
  return s;
}

// An object's members as fields of their own ("additionalfields.to.device"), so that a role
// can tell a member naming the destination from one naming the source.
void AddMembers(const std::string& name, simdjson::dom::element e, int depth,
                std::vector<Field>& out) {
  simdjson::dom::object object;
  if (depth < 4 && e.get_object().get(object) == simdjson::SUCCESS) {
    for (auto [key, member] : object)
      AddMembers(name + "." + AsciiToLower(key), member, depth + 1, out);
    return;
  }
  std::string_view text;
  if (e.get_string().get(text) == simdjson::SUCCESS) {
    out.push_back({name, Squeeze(text)});
  } else {
    out.push_back({name, Squeeze(simdjson::minify(e))});
  }
}

}  // namespace

Indexed Index(const TimelineEntry* e) {
  Indexed ix{e, e->table == kAlertsTable, {}};
  if (!e->host.empty()) ix.fields.push_back({"computer", Squeeze(e->host)});
  for (const auto& [name, value] : e->fields) {
    if (value.is_null() || name == "_source" || name == "_record") continue;
    std::string lower = AsciiToLower(name);
    std::string text = value.ToText();
    if (value.type() == ValueType::kDynamic && text.starts_with("{")) {
      simdjson::dom::parser parser;
      simdjson::dom::element root;
      if (parser.parse(text).get(root) == simdjson::SUCCESS) {
        AddMembers(lower, root, 0, ix.fields);
        continue;
      }
    }
    if (lower == "message" && text.find('\n') != std::string::npos) text = WithoutLabels(text);
    ix.fields.push_back({std::move(lower), Squeeze(text)});
    std::string_view builtin = BuiltinAccount(ix.fields.back());
    if (!builtin.empty())
      ix.fields.push_back({ix.fields.back().name + "_user", std::string(builtin)});
  }
  return ix;
}

namespace {

bool AnyField(const std::vector<Indexed>& all, const std::function<bool(const Field&)>& pred) {
  for (const Indexed& ix : all) {
    for (const Field& f : ix.fields) {
      if (pred(f)) return true;
    }
  }
  return false;
}

}  // namespace

std::optional<int64_t> ParseInteger(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x') {
    base = 16;
    s.remove_prefix(2);
  }
  int64_t v = 0;
  for (char c : s) {
    int d = c >= '0' && c <= '9'                   ? c - '0'
            : (c >= 'a' && c <= 'f' && base == 16) ? c - 'a' + 10
                                                   : -1;
    // 16 hex digits fit the length check but not an int64_t: too large is no number.
    if (d < 0 || v > (std::numeric_limits<int64_t>::max() - d) / base) return std::nullopt;
    v = v * base + d;
  }
  return v;
}

namespace {

// A registry path as (hive, rest): HKEY_LOCAL_MACHINE, HKLM and \REGISTRY\MACHINE are one hive;
// HKU\<SID> is the user's own hive, which a writer calls HKCU.
struct RegistryPath {
  std::string hive, rest;
};

RegistryPath ParseRegistry(std::string_view key) {
  static const std::pair<std::string_view, std::string_view> kHives[] = {
      {"hkey_local_machine", "hklm"},
      {"hklm", "hklm"},
      {"\\registry\\machine", "hklm"},
      {"hkey_current_user", "hkcu"},
      {"hkcu", "hkcu"},
      {"hkey_users", "hku"},
      {"hku", "hku"},
      {"\\registry\\user", "hku"},
      {"hkey_classes_root", "hkcr"},
      {"hkcr", "hkcr"}};
  for (const auto& [name, hive] : kHives) {
    if (key.substr(0, name.size()) != name ||
        (key.size() > name.size() && key[name.size()] != '\\'))
      continue;
    std::string_view rest = key.substr(name.size());
    if (hive == "hku" && rest.size() > 1) {  // \S-1-5-21-…\Software → the user's \Software
      size_t next = rest.find('\\', 1);
      std::string_view sid =
          rest.substr(1, next == std::string_view::npos ? rest.size() : next - 1);
      if (sid.substr(0, 4) == "s-1-" || sid == ".default") {
        return {"hkcu", std::string(next == std::string_view::npos ? "" : rest.substr(next))};
      }
    }
    return {std::string(hive), std::string(rest)};
  }
  return {};
}

bool Present(EntityKind kind, const std::string& text, const std::vector<Indexed>& all);

}  // namespace

// Presence in the fields of the role the sentence gives the name, when the cited events have
// fields of that role; otherwise anywhere, as Present.
bool PresentInRole(const EntityTerm& term, const std::vector<Indexed>& all) {
  bool (*role_field)(std::string_view) = nullptr;
  if (term.kind == EntityKind::kIp && term.role == EntityRole::kSource) role_field = SourceAddress;
  if (term.kind == EntityKind::kIp && term.role == EntityRole::kDestination)
    role_field = DestinationAddress;
  if (term.kind == EntityKind::kPort && term.role == EntityRole::kSource) role_field = SourcePort;
  if (term.kind == EntityKind::kPort && term.role == EntityRole::kDestination)
    role_field = DestinationPort;
  if (term.kind == EntityKind::kHost &&
      (term.role == EntityRole::kOn || term.role == EntityRole::kDestination)) {
    // "on WS01" is the host that logged the event; "to WS01" that host or a target field.
    std::string want = AsciiToLower(term.text);
    auto same = [&](const std::string& host) {
      return host == want || ShortHost(host) == want || host.rfind(want + ".", 0) == 0;
    };
    bool to = term.role == EntityRole::kDestination;
    return std::any_of(all.begin(), all.end(), [&](const Indexed& ix) {
      return std::any_of(ix.fields.begin(), ix.fields.end(), [&](const Field& f) {
        bool host_field = NameIn(f.name, {"computer", "devicename", "hostname", "computername",
                                          "dvchost", "machinename"});
        bool target_field = to && (f.name.find("destination") != std::string::npos ||
                                   f.name.find("target") != std::string::npos ||
                                   f.name.find("server") != std::string::npos);
        return (host_field && same(f.text)) || (target_field && ContainsName(f.text, want));
      });
    });
  }
  // An account's number (AWS's 098797384747) is written wherever the event names the account.
  bool numeric = !term.text.empty() && std::all_of(term.text.begin(), term.text.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
  if (term.kind == EntityKind::kUser && numeric) return Present(term.kind, term.text, all);
  Indexed (*pick)(const Indexed&) = nullptr;
  if (term.kind == EntityKind::kIp && term.role == EntityRole::kOn) pick = PlaceFields;
  if (term.kind == EntityKind::kHost && term.role == EntityRole::kSource) pick = SourceSideFields;
  if (term.role == EntityRole::kAccount) pick = AccountFields;
  if (term.role == EntityRole::kActor) pick = ActorFields;
  if (term.role == EntityRole::kParent) pick = ParentFields;
  if (term.role == EntityRole::kTarget) pick = TargetFields;
  if (pick != nullptr) {
    // An alert repeats its event's fields in its details, in no role; the event is among them.
    std::vector<Indexed> narrowed;
    narrowed.reserve(all.size());
    bool any_field = false;
    for (const Indexed& ix : all) {
      if (ix.alert) continue;
      narrowed.push_back(pick(ix));
      any_field = any_field || !narrowed.back().fields.empty();
    }
    // Where no cited event has fields of the role (a parent outside process creations), anywhere.
    if (!any_field) return Present(term.kind, term.text, all);
    return Present(term.kind, term.text, narrowed);
  }
  if (role_field == nullptr) return Present(term.kind, term.text, all);
  std::vector<Indexed> narrowed;
  for (const Indexed& ix : all) {
    Indexed only{ix.entry, ix.alert, {}};
    // Of an inbound connection the Windows Filtering Platform writes the local end as the source
    // in some logs (a 5156 at the accept layer) and the remote one in others: either end.
    bool inbound = WfpInbound(ix);
    bool local_source = LocalEndAsSource(ix);
    bool address_role = role_field == SourceAddress || role_field == DestinationAddress;
    for (const Field& f : ix.fields) {
      bool either = address_role ? SourceAddress(f.name) || DestinationAddress(f.name)
                                 : SourcePort(f.name) || DestinationPort(f.name);
      bool swapped =
          address_role
              ? (role_field == SourceAddress ? DestinationAddress(f.name) : SourceAddress(f.name))
              : (role_field == SourcePort ? DestinationPort(f.name) : SourcePort(f.name));
      bool take = inbound ? either : (local_source ? swapped : role_field(f.name));
      if (take) only.fields.push_back(f);
    }
    if (!only.fields.empty()) narrowed.push_back(std::move(only));
  }
  if (narrowed.empty()) return Present(term.kind, term.text, all);
  return Present(term.kind, term.text, narrowed);
}

namespace {

// A fragment of a command line or text as written, as a task's XML or an HTML page escapes it
// ("2>&1" is "2&gt;&amp;1"), or with JSON's doubled backslashes undone; a command and its
// arguments ("cmd.exe /C tasklist") may be two fields of one event (a task's Command and
// Arguments).
bool FragmentPresent(const std::string& needle, const std::vector<Indexed>& all) {
  // A lone switch ("/s", "-w") is a whole one: "/s" is not in "/sc".
  bool lone_switch = needle.size() >= 2 && (needle[0] == '/' || needle[0] == '-') &&
                     std::all_of(needle.begin() + 1, needle.end(), NameChar);
  if (lone_switch)
    return AnyField(all, [&](const Field& f) { return ContainsName(f.text, needle); });
  std::string escaped, unescaped;
  for (size_t i = 0; i < needle.size(); ++i) {
    char c = needle[i];
    escaped += c == '&'   ? "&amp;"
               : c == '<' ? "&lt;"
               : c == '>' ? "&gt;"
               : c == '"' ? "&quot;"
                          : std::string(1, c);
    unescaped += c;
    if (c == '\\' && i + 1 < needle.size() && needle[i + 1] == '\\') ++i;
  }
  auto in = [&](const Indexed& ix, std::string_view text) {
    if (text.empty()) return false;
    return std::any_of(ix.fields.begin(), ix.fields.end(),
                       [&](const Field& f) { return f.text.find(text) != std::string::npos; });
  };
  size_t space = needle.find(' ');
  return std::any_of(all.begin(), all.end(), [&](const Indexed& ix) {
    if (in(ix, needle) || in(ix, escaped) || in(ix, unescaped)) return true;
    if (space == std::string::npos) return false;
    std::string_view head = std::string_view(needle).substr(0, space);
    // Only a program and its arguments: "/priority High" is one switch with its value.
    static const char* const kPrograms[] = {".exe", ".com", ".bat", ".cmd", ".ps1", ".vbs"};
    if (std::none_of(std::begin(kPrograms), std::end(kPrograms),
                     [&](const char* ext) { return head.ends_with(ext); }))
      return false;
    return in(ix, head) && (in(ix, std::string_view(needle).substr(space + 1)) ||
                            in(ix, std::string_view(escaped).substr(space + 1)));
  });
}

}  // namespace

bool IsFieldNamed(std::string_view field, std::string_view name) {
  return field == name || (field.size() > name.size() && field.ends_with(name) &&
                           field[field.size() - name.size() - 1] == '.');
}

namespace {

// A field's name ("GrantedAccess 0x1fffff", `ProcessId`) is in the event as much as its value;
// so is a request's parameter ("durationSeconds 900": requestparameters.durationseconds).
bool NamesAField(const std::string& needle, const std::vector<Indexed>& all) {
  // "requestParameters policyDocument": an object holding members is named as much.
  std::string object = needle + ".";
  return AnyField(all, [&](const Field& f) {
    return IsFieldNamed(f.name, needle) || f.name.starts_with(object) ||
           f.name.find("." + object) != std::string::npos;
  });
}

bool Present(EntityKind kind, const std::string& text, const std::vector<Indexed>& all) {
  std::string needle = Squeeze(text);
  auto anywhere = [&](const std::string& n) {
    return AnyField(all, [&](const Field& f) { return ContainsName(f.text, n); });
  };
  switch (kind) {
    case EntityKind::kIp: {
      std::string ip = StripMappedIpv4(needle);
      size_t colon = ip.find(':');
      if (ip.find('.') != std::string::npos && colon != std::string::npos) ip = ip.substr(0, colon);
      return AnyField(all, [&](const Field& f) {
        std::string value = StripMappedIpv4(f.text);
        if (value == ip) return true;
        for (size_t pos = value.find(ip); pos != std::string::npos; pos = value.find(ip, pos + 1)) {
          auto edge = [](char c) { return NameChar(c) || c == '.' || c == ':'; };
          // An IPv4 address mapped into IPv6 in a list: "fe80::1;::ffff:10.0.0.5;".
          bool mapped = pos >= 7 && value.compare(pos - 7, 7, "::ffff:") == 0 &&
                        ip.find('.') != std::string::npos;
          bool left = pos == 0 || !edge(value[pos - 1]) || mapped;
          size_t end = pos + ip.size();
          bool right = end == value.size() || !edge(value[end]) ||
                       (value[end] == ':' && ip.find('.') != std::string::npos);
          if (left && right) return true;
        }
        return false;
      });
    }
    case EntityKind::kPort:
    case EntityKind::kNumber:
    case EntityKind::kEventId: {
      auto want = ParseInteger(needle);
      auto equal = [&](const Field& f) {
        if (f.text == needle) return true;
        auto got = ParseInteger(f.text);
        return want && got && *want == *got;
      };
      if (kind == EntityKind::kEventId)
        return AnyField(all, [&](const Field& f) { return f.name == "eventid" && equal(f); });
      if (kind == EntityKind::kPort) {
        bool port_field = false;
        bool found = AnyField(all, [&](const Field& f) {
          bool named = f.name.find("port") != std::string::npos;
          port_field = port_field || named;
          return named && equal(f);
        });
        if (found || port_field) return found;
        // No port field (alerts, process creations): a URL's ":8000/" in a command line, or a
        // tool's argument ("localport=450", "-Port 450").
        return AnyField(all, [&](const Field& f) {
          // Also an address's "1.2.3.4/8001", as netsh's port proxy keeps it.
          for (const std::string& before :
               {std::string(":"), std::string("port="), std::string("port "), std::string("/")}) {
            std::string marked = before + needle;
            for (size_t pos = f.text.find(marked); pos != std::string::npos;
                 pos = f.text.find(marked, pos + 1)) {
              if (before == "/" && (pos == 0 || !IsDigit(f.text[pos - 1]))) continue;
              size_t end = pos + marked.size();
              if (end == f.text.size() || !(f.text[end] >= '0' && f.text[end] <= '9')) return true;
            }
          }
          return false;
        });
      }
      if (AnyField(all, equal)) return true;
      // A logon id or pid a message renders ("Logon ID: 0xC61D9"): a whole token of its text,
      // when the number is not so short that it is any number.
      if (needle.rfind("0x", 0) != 0 && needle.size() < 3) return false;
      return AnyField(all, [&](const Field& f) { return ContainsName(f.text, needle); });
    }
    case EntityKind::kUser: {
      // A SID or an account's number (AWS's 098797384747), of whatever it names.
      bool number =
          std::all_of(needle.begin(), needle.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (needle.rfind("s-1-", 0) == 0 || number) return anywhere(needle);
      // The System process (PID 4) runs as SYSTEM: "System connected to the named pipe".
      if (needle == "system" &&
          AnyField(all, [](const Field& f) { return f.name == "image" && f.text == "system"; }))
        return true;
      size_t bs = needle.find('\\'), at = needle.find('@');
      if ((bs != std::string::npos || at != std::string::npos) && anywhere(needle)) return true;
      std::string domain, user;
      if (bs != std::string::npos) {
        domain = needle.substr(0, bs);
        user = needle.substr(bs + 1);
      } else if (at != std::string::npos) {
        user = needle.substr(0, at);
        domain = needle.substr(at + 1);
      } else {
        // A bare account name: where accounts are written (a user column, an ARN, a message),
        // or its profile folder ("the administrator's desktop": C:\Users\Administrator\Desktop).
        std::string profile = "\\users\\" + needle + "\\", home = "/home/" + needle + "/";
        return AnyField(all, [&](const Field& f) {
          if (f.text.find(profile) != std::string::npos || f.text.find(home) != std::string::npos)
            return true;
          static const char* const kParts[] = {"user",    "account",  "principal",
                                               "owner",   "identity", "caller",
                                               "message", "arn",      "sid"};
          bool account_field =
              std::any_of(std::begin(kParts), std::end(kParts),
                          [&](const char* p) { return f.name.find(p) != std::string::npos; });
          if (account_field && ContainsName(f.text, needle)) return true;
          // A record's numbered strings (TerminalServices 1149: Param1=IEUser): the whole value.
          static const RE2 numbered(R"((?:param|data|string|insertionstring)\d*)");
          if (f.text == needle && RE2::FullMatch(f.name, numbered)) return true;
          // Qualified by its domain in a longer text ("UserId=OFFSEC\admmig", PowerShell 800).
          return QualifiedAccount(f.text, needle);
        });
      }
      std::string short_domain = domain.substr(0, domain.find('.'));
      return anywhere(user) && (anywhere(domain) || anywhere(short_domain));
    }
    case EntityKind::kProcess: {
      if (anywhere(needle)) return true;
      // C:\Windows\x.exe is \Device\HarddiskVolume2\Windows\x.exe; %SystemRoot% is \Windows.
      size_t start = 0;
      if (needle.size() > 2 && needle[1] == ':') start = 2;
      if (needle[0] == '%') start = needle.find('%', 1) + 1;
      if (start == 0 || start >= needle.size()) return false;
      std::string tail = needle.substr(start);
      return anywhere(tail) || (needle[0] == '%' && anywhere("\\windows" + tail));
    }
    case EntityKind::kRegistry: {
      if (anywhere(needle)) return true;
      RegistryPath want = ParseRegistry(needle);
      if (want.hive.empty()) return false;
      return AnyField(all, [&](const Field& f) {
        for (size_t pos = 0; pos < f.text.size(); ++pos) {
          if (pos > 0 && f.text[pos - 1] != ' ' && f.text[pos - 1] != '"') continue;
          RegistryPath got = ParseRegistry(std::string_view(f.text).substr(pos));
          if (!got.hive.empty()) return got.hive == want.hive && got.rest.rfind(want.rest, 0) == 0;
        }
        return false;
      });
    }
    case EntityKind::kFragment:
      return FragmentPresent(needle, all) || NamesAField(needle, all);
    default: {
      if (anywhere(needle) || NamesAField(needle, all)) return true;
      // "BankingWAF" in "MordorNginxStack-BankingWAFRole-9S3E": a name's start is enough when
      // it is all letters and long enough not to be a part of an unrelated word.
      bool letters = needle.size() >= 5 && std::all_of(needle.begin(), needle.end(),
                                                       [](char c) { return c >= 'a' && c <= 'z'; });
      return letters && AnyField(all, [&](const Field& f) {
               for (size_t pos = f.text.find(needle); pos != std::string::npos;
                    pos = f.text.find(needle, pos + 1)) {
                 if (pos == 0 || !NameChar(f.text[pos - 1])) return true;
               }
               return false;
             });
    }
  }
}

}  // namespace

}  // namespace quarry::ir
