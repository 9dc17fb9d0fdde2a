// Whether a name a sentence states is in the cited events, in the role the sentence gives it.
#include <algorithm>
#include <functional>
#include <limits>
#include <optional>
#include <set>

#include "core/strings.h"
#include "ir/claim_presence.h"

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

std::string StripMappedIpv4(std::string s) {
  if (s.rfind("::ffff:", 0) == 0 && s.find('.') != std::string::npos) return s.substr(7);
  return s;
}

}  // namespace

namespace {

// Windows writes SYSTEM as the machine account (WS01$) with a well-known SID: the account's
// names, for a field holding such a SID; "" for other fields.
std::string_view BuiltinAccount(const Field& f) {
  static const std::pair<std::string_view, std::string_view> kWellKnown[] = {
      {"s-1-5-18", "nt authority\\system (local system)"},
      {"s-1-5-19", "nt authority\\local service"},
      {"s-1-5-20", "nt authority\\network service"}};
  if (!f.name.ends_with("sid")) return "";
  for (const auto& [sid, name] : kWellKnown) {
    if (f.text == sid) return name;
  }
  return "";
}

}  // namespace

Indexed Index(const TimelineEntry* e) {
  Indexed ix{e, e->table == kAlertsTable, {}};
  if (!e->host.empty()) ix.fields.push_back({"computer", Squeeze(e->host)});
  for (const auto& [name, value] : e->fields) {
    if (value.is_null() || name == "_source" || name == "_record") continue;
    ix.fields.push_back({AsciiToLower(name), Squeeze(value.ToText())});
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

bool NameIn(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool SourceAddress(std::string_view f) {
  return NameIn(f, {"sourceip", "ipaddress", "sourceaddress", "clientipaddress", "sourceipaddress",
                    "src_ip", "clientip", "srcip", "src"});
}
bool DestinationAddress(std::string_view f) {
  return NameIn(f,
                {"destinationip", "destaddress", "dst_ip", "destinationaddress", "dstip", "dst"});
}
bool SourcePort(std::string_view f) {
  return f.find("sourceport") != std::string_view::npos ||
         f.find("srcport") != std::string_view::npos || f == "ipport" || f == "src_port";
}
bool DestinationPort(std::string_view f) {
  return f.find("destinationport") != std::string_view::npos ||
         f.find("dstport") != std::string_view::npos ||
         f.find("destport") != std::string_view::npos || f == "dst_port";
}

const Field* FieldNamed(const Indexed& ix, std::string_view name) {
  for (const Field& f : ix.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// The account an event's process ran as or its logon was for: Sysmon's User; Windows Security's
// target account in logons and process creations (4624's logon account, 4688's new process
// account), else its subject; Defender's account columns (the process's and the one that started
// it: which process a sentence means is not read). Agent columns (an NXLog collector's SYSTEM) are
// not it. An event with none of these keeps every field.
Indexed AccountFields(const Indexed& ix) {
  auto set = [&](std::initializer_list<std::string_view> names) {
    Indexed only{ix.entry, ix.alert, {}};
    for (std::string_view n : names) {
      const Field* f = FieldNamed(ix, n);
      if (f == nullptr) continue;
      only.fields.push_back(*f);
      std::string_view builtin = BuiltinAccount(*f);
      if (!builtin.empty()) only.fields.push_back({"user", std::string(builtin)});
    }
    return only;
  };
  if (FieldNamed(ix, "user") && FieldNamed(ix, "image")) return set({"user"});
  // The target account is the logon's or the new process's only in logons and process
  // creations; elsewhere (4720, 4732, 4769) it is what the subject acted on.
  const Field* target = FieldNamed(ix, "targetusername");
  bool own_target = FieldNamed(ix, "logontype") || FieldNamed(ix, "newprocessname");
  if (own_target && target && !target->text.empty() && target->text != "-")
    return set({"targetusername", "targetdomainname", "targetusersid"});
  if (FieldNamed(ix, "subjectusername"))
    return set({"subjectusername", "subjectdomainname", "subjectusersid"});
  if (FieldNamed(ix, "accountname") && FieldNamed(ix, "actiontype"))
    return set({"accountname", "accountdomain", "accountupn", "initiatingprocessaccountname",
                "initiatingprocessaccountdomain", "initiatingprocessaccountupn"});
  return ix;
}

// The fields that may name the side that started a connection or request: not those of its
// destination or target, and not the logging host when the event says it did not initiate
// (Sysmon 3's Initiated: false is logged by the receiving host).
Indexed SourceSideFields(const Indexed& ix) {
  const Field* initiated = FieldNamed(ix, "initiated");
  bool received = initiated != nullptr && initiated->text == "false";
  Indexed only{ix.entry, ix.alert, {}};
  for (const Field& f : ix.fields) {
    if (f.name.find("destination") != std::string::npos ||
        f.name.find("target") != std::string::npos || f.name.find("dst") != std::string::npos ||
        f.name == "message" || (received && f.name == "computer"))
      continue;
    only.fields.push_back(f);
  }
  return only;
}

// Where an event happened is no command-line argument or message text.
Indexed PlaceFields(const Indexed& ix) {
  Indexed only{ix.entry, ix.alert, {}};
  for (const Field& f : ix.fields) {
    if (f.name.find("commandline") == std::string::npos && f.name != "message")
      only.fields.push_back(f);
  }
  return only;
}

// Every field but those of a parent process or a target: "issued by X", "X opened Y" name the
// process that acted.
Indexed ActorFields(const Indexed& ix) {
  Indexed only{ix.entry, ix.alert, {}};
  for (const Field& f : ix.fields) {
    // A message renders every field, the parent's and target's too.
    if (f.name.find("parent") == std::string::npos && f.name.find("target") == std::string::npos &&
        f.name != "message")
      only.fields.push_back(f);
  }
  return only;
}

// A parent process: Sysmon's ParentImage, 4688's ParentProcessName or creator, Defender's
// initiating process.
Indexed ParentFields(const Indexed& ix) {
  Indexed only{ix.entry, ix.alert, {}};
  for (const Field& f : ix.fields) {
    if ((f.name.find("parent") != std::string::npos ||
         f.name.find("creator") != std::string::npos ||
         f.name.rfind("initiatingprocess", 0) == 0) &&
        f.name.find("id") == std::string::npos && f.name.find("guid") == std::string::npos &&
        f.name.find("commandline") == std::string::npos)  // which often names the child
      only.fields.push_back(f);
  }
  return only;
}

// Presence in the fields of the role the sentence gives the name, when the cited events have
// fields of that role; otherwise anywhere, as Present.
}  // namespace

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
  Indexed (*pick)(const Indexed&) = nullptr;
  if (term.kind == EntityKind::kIp && term.role == EntityRole::kOn) pick = PlaceFields;
  if (term.kind == EntityKind::kHost && term.role == EntityRole::kSource) pick = SourceSideFields;
  if (term.role == EntityRole::kAccount) pick = AccountFields;
  if (term.role == EntityRole::kActor) pick = ActorFields;
  if (term.role == EntityRole::kParent) pick = ParentFields;
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
    for (const Field& f : ix.fields) {
      if (role_field(f.name)) only.fields.push_back(f);
    }
    if (!only.fields.empty()) narrowed.push_back(std::move(only));
  }
  if (narrowed.empty()) return Present(term.kind, term.text, all);
  return Present(term.kind, term.text, narrowed);
}

namespace {

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
      if (kind == EntityKind::kPort)
        return AnyField(all, [&](const Field& f) {
          return f.name.find("port") != std::string::npos && equal(f);
        });
      return AnyField(all, equal);
    }
    case EntityKind::kUser: {
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
        // A bare account name: where accounts are written (a user column, an ARN, a message).
        return AnyField(all, [&](const Field& f) {
          static const char* const kParts[] = {"user",    "account",  "principal",
                                               "owner",   "identity", "caller",
                                               "message", "arn",      "sid"};
          bool account_field =
              std::any_of(std::begin(kParts), std::end(kParts),
                          [&](const char* p) { return f.name.find(p) != std::string::npos; });
          return account_field && ContainsName(f.text, needle);
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
    case EntityKind::kFragment: {
      if (AnyField(all, [&](const Field& f) { return f.text.find(needle) != std::string::npos; }))
        return true;
      std::string unescaped;
      for (size_t i = 0; i < needle.size(); ++i) {
        unescaped += needle[i];
        if (needle[i] == '\\' && i + 1 < needle.size() && needle[i + 1] == '\\') ++i;
      }
      return unescaped != needle && AnyField(all, [&](const Field& f) {
               return f.text.find(unescaped) != std::string::npos;
             });
    }
    default: {
      if (anywhere(needle)) return true;
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

// What the cited events hold where a name of this kind would be, to say what they say instead.
}  // namespace

std::string Instead(EntityKind kind, const std::vector<Indexed>& all) {
  auto columns = [&]() -> std::vector<std::string> {
    switch (kind) {
      case EntityKind::kHost:
        return {"computer"};
      case EntityKind::kUser: {
        std::vector<std::string> out;
        for (const auto& c : UserColumns()) out.push_back(AsciiToLower(c));
        return out;
      }
      case EntityKind::kIp: {
        std::vector<std::string> out;
        for (const auto& c : IpColumns()) out.push_back(AsciiToLower(c));
        return out;
      }
      case EntityKind::kProcess:
        return {"image", "newprocessname", "targetimage", "targetfilename"};
      case EntityKind::kPort:
        return {"destinationport", "sourceport", "ipport"};
      case EntityKind::kEventId:
        return {"eventid"};
      case EntityKind::kEventName:
        return {"eventname"};
      default:
        return {};
    }
  }();
  std::set<std::string> values;
  for (const Indexed& ix : all) {
    for (const Field& f : ix.fields) {
      if (std::find(columns.begin(), columns.end(), f.name) != columns.end() && values.size() < 6)
        values.insert(f.text);
    }
  }
  if (values.empty()) return "not in any field of the cited events";
  std::string out = "the cited events have ";
  bool first = true;
  for (const std::string& v : values) {
    out += (first ? "" : ", ") + v;
    first = false;
  }
  return out;
}

}  // namespace quarry::ir
