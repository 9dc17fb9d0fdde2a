// Which fields of an event hold a name in a given role.
#include <algorithm>
#include <string>

#include "core/strings.h"
#include "ir/claim_role_fields.h"
#include "ir/timeline.h"

namespace quarry::ir {
namespace {

const Field* FieldNamed(const Indexed& ix, std::string_view name) {
  for (const Field& f : ix.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace

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
  // A service installation (4697) also names the account the service will run as; a scheduled
  // task's definition (4698, 4702) the account its task runs as (<UserId>).
  if (FieldNamed(ix, "subjectusername")) {
    Indexed only =
        set({"subjectusername", "subjectdomainname", "subjectusersid", "serviceaccount"});
    for (std::string_view name : {"taskcontent", "taskcontentnew"}) {
      const Field* task = FieldNamed(ix, name);
      if (task == nullptr) continue;
      std::string_view xml = task->text;
      for (size_t at = xml.find("<userid>"); at != std::string_view::npos;
           at = xml.find("<userid>", at + 1)) {
        size_t begin = at + 8, end = xml.find('<', begin);
        if (end != std::string_view::npos)
          only.fields.push_back({"user", std::string(xml.substr(begin, end - begin))});
      }
    }
    return only;
  }
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
        f.name.find(".to.") != std::string::npos ||  // Defender for Identity's TO.DEVICE
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
  // Without a process (a cloud API call) the acting side is not told apart from its target.
  bool process = std::any_of(ix.fields.begin(), ix.fields.end(), [](const Field& f) {
    return f.name.find("image") != std::string::npos ||
           f.name.find("processname") != std::string::npos ||
           f.name.find("processid") != std::string::npos || f.name == "exe" || f.name == "comm";
  });
  if (!process) return ix;
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

bool WfpInbound(const Indexed& ix) {
  const Field* direction = FieldNamed(ix, "direction");
  return direction != nullptr && (direction->text == "%%14592" || direction->text == "inbound");
}

// What a process acted on: Sysmon's TargetImage, TargetObject, TargetFilename.
Indexed TargetFields(const Indexed& ix) {
  Indexed only{ix.entry, ix.alert, {}};
  for (const Field& f : ix.fields) {
    if (f.name.find("target") != std::string::npos) only.fields.push_back(f);
  }
  return only;
}

// "domain\name" as one token of `hay`, not a path's end ("c:\users\administrator").
bool QualifiedAccount(std::string_view hay, std::string_view name) {
  std::string needle = "\\" + std::string(name);
  for (size_t pos = hay.find(needle); pos != std::string_view::npos;
       pos = hay.find(needle, pos + 1)) {
    size_t end = pos + needle.size();
    if (end < hay.size() && (NameChar(hay[end]) || hay[end] == '.' || hay[end] == '\\')) continue;
    size_t start = pos;
    while (start > 0 &&
           (NameChar(hay[start - 1]) || hay[start - 1] == '.' || hay[start - 1] == '-'))
      --start;
    if (start == pos) continue;  // no domain before the backslash
    if (start == 0 ||
        std::string_view(" \t=:'\"(,;").find(hay[start - 1]) != std::string_view::npos)
      return true;
  }
  return false;
}

// Sysmon's record of a connection it did not initiate names the remote end, which started it, as
// its source; some logs write the local end there instead (SourceHostname is the host that
// logged it), and then its destination is the source.
bool LocalEndAsSource(const Indexed& ix) {
  const Field* initiated = FieldNamed(ix, "initiated");
  const Field* source = FieldNamed(ix, "sourcehostname");
  return initiated != nullptr && initiated->text == "false" && source != nullptr &&
         !source->text.empty() && !ix.entry->host.empty() &&
         ShortHost(source->text) == AsciiToLower(ShortHost(ix.entry->host));
}

}  // namespace quarry::ir
