// The message line per event kind, declared as data: a template per (table, EventID), where
// {Field} is the field's text and [ … ] is left out when a field inside it is empty.
#include <string_view>

#include "ir/timeline.h"

namespace quarry::ir {
namespace {

struct MessageTemplate {
  const char* table;
  int64_t event_id;  // -1: any event of the table
  const char* kind;
  const char* text;
};

// Ordered by table; the first match wins.
constexpr MessageTemplate kTemplates[] = {
    {"SysmonEvent", 1, "Sysmon 1 process",
     "{Image} started[ by {User}][: {CommandLine}][ (parent {ParentImage})]"},
    {"SysmonEvent", 3, "Sysmon 3 network",
     "{Image} connected[ from {SourceIp}] to {DestinationIp}[:{DestinationPort}][ "
     "({DestinationHostname})]"},
    {"SysmonEvent", 5, "Sysmon 5 process end", "{Image} ended"},
    {"SysmonEvent", 7, "Sysmon 7 image load", "{Image} loaded {ImageLoaded}"},
    {"SysmonEvent", 8, "Sysmon 8 remote thread", "{SourceImage} created a thread in {TargetImage}"},
    {"SysmonEvent", 10, "Sysmon 10 process access",
     "{SourceImage} opened {TargetImage}[ with access {GrantedAccess}]"},
    {"SysmonEvent", 11, "Sysmon 11 file", "{Image} created {TargetFilename}"},
    {"SysmonEvent", 12, "Sysmon 12 registry", "{Image}[ {EventType}] {TargetObject}"},
    {"SysmonEvent", 13, "Sysmon 13 registry value", "{Image} set {TargetObject}[ = {Details}]"},
    {"SysmonEvent", 15, "Sysmon 15 stream", "{Image} wrote stream {TargetFilename}"},
    {"SysmonEvent", 6, "Sysmon 6 driver load", "Driver {ImageLoaded} loaded[ ({Signature})]"},
    {"SysmonEvent", 9, "Sysmon 9 raw disk read", "{Image} read {Device} directly"},
    {"SysmonEvent", 17, "Sysmon 17 pipe created", "{Image} created pipe {PipeName}"},
    {"SysmonEvent", 18, "Sysmon 18 pipe connected", "{Image} connected to pipe {PipeName}"},
    {"SysmonEvent", 22, "Sysmon 22 DNS", "{Image} looked up {QueryName}[ -> {QueryResults}]"},
    {"SysmonEvent", 23, "Sysmon 23 file delete", "{Image} deleted {TargetFilename}"},
    {"SecurityEvent", 4624, "Security 4624 logon",
     "Logon[ type {LogonType}] of [{TargetDomainName}\\]{TargetUserName}[ from {IpAddress}][ "
     "({WorkstationName})][ logon id {TargetLogonId}]"},
    {"SecurityEvent", 4625, "Security 4625 failed logon",
     "Failed logon of [{TargetDomainName}\\]{TargetUserName}[ from {IpAddress}][ status "
     "{Status}][ sub-status {SubStatus}]"},
    {"SecurityEvent", 4634, "Security 4634 logoff",
     "Logoff of [{TargetDomainName}\\]{TargetUserName}[ logon id {TargetLogonId}]"},
    {"SecurityEvent", 4647, "Security 4647 logoff",
     "User-initiated logoff of [{TargetDomainName}\\]{TargetUserName}[ logon id "
     "{TargetLogonId}]"},
    {"SecurityEvent", 4648, "Security 4648 explicit credentials",
     "{SubjectUserName} used the credentials of {TargetUserName}[ on {TargetServerName}][ from "
     "{ProcessName}]"},
    {"SecurityEvent", 4672, "Security 4672 special privileges",
     "Special privileges for {SubjectUserName}[ logon id {SubjectLogonId}]"},
    {"SecurityEvent", 4688, "Security 4688 process",
     "{NewProcessName} started[ by {SubjectUserName}][: {CommandLine}][ (parent "
     "{ParentProcessName})]"},
    {"SecurityEvent", 4697, "Security 4697 service installed",
     "Service {ServiceName} installed[ by {SubjectUserName}][: {ServiceFileName}]"},
    {"SecurityEvent", 4720, "Security 4720 account created",
     "Account {TargetUserName} created[ by {SubjectUserName}]"},
    {"SecurityEvent", 4728, "Security 4728 group member added",
     "{MemberName} added to {TargetUserName}[ by {SubjectUserName}]"},
    {"SecurityEvent", 4732, "Security 4732 group member added",
     "{MemberName} added to {TargetUserName}[ by {SubjectUserName}]"},
    {"SecurityEvent", 4768, "Security 4768 TGT",
     "Kerberos TGT requested for {TargetUserName}[ from {IpAddress}][ status {Status}]"},
    {"SecurityEvent", 4769, "Security 4769 service ticket",
     "Kerberos service ticket for {ServiceName} to {TargetUserName}[ from {IpAddress}][ "
     "encryption {TicketEncryptionType}]"},
    {"SecurityEvent", 4771, "Security 4771 pre-auth failed",
     "Kerberos pre-authentication failed for {TargetUserName}[ from {IpAddress}][ status "
     "{Status}]"},
    {"SecurityEvent", 4776, "Security 4776 NTLM",
     "NTLM credential validation for {TargetUserName}[ from {Workstation}][ status {Status}]"},
    {"SecurityEvent", 5140, "Security 5140 share",
     "{SubjectUserName} accessed share {ShareName}[ from {IpAddress}]"},
    {"SecurityEvent", 5145, "Security 5145 share object",
     "{SubjectUserName} accessed {ShareName}[\\{RelativeTargetName}][ from {IpAddress}]"},
    {"SecurityEvent", 5156, "Security 5156 connection permitted",
     "Connection permitted: {Application} {SourceAddress}[:{SourcePort}] -> "
     "{DestAddress}[:{DestPort}][ {Direction}]"},
    {"SecurityEvent", 5157, "Security 5157 connection blocked",
     "Connection blocked: {Application} {SourceAddress}[:{SourcePort}] -> "
     "{DestAddress}[:{DestPort}][ {Direction}]"},
    {"SecurityEvent", 5158, "Security 5158 bind permitted",
     "Bind permitted: {Application} on {SourceAddress}[:{SourcePort}]"},
    {"SecurityEvent", 4656, "Security 4656 handle requested",
     "{SubjectUserName} requested a handle to[ {ObjectType}] {ObjectName}[ via {ProcessName}]"},
    {"SecurityEvent", 4661, "Security 4661 handle requested",
     "{SubjectUserName} requested a handle to[ {ObjectType}] {ObjectName}[ via {ProcessName}]"},
    {"SecurityEvent", 4662, "Security 4662 directory operation",
     "{SubjectUserName} operated on[ {ObjectType}] {ObjectName}[ access {AccessMask}]"},
    {"SecurityEvent", 4663, "Security 4663 object access",
     "{SubjectUserName} accessed {ObjectName}[ via {ProcessName}][ access {AccessMask}]"},
    {"SecurityEvent", 4689, "Security 4689 process exit", "{ProcessName} exited"},
    {"SecurityEvent", 4698, "Security 4698 task created",
     "Scheduled task {TaskName} created[ by {SubjectUserName}]"},
    {"SecurityEvent", 4699, "Security 4699 task deleted",
     "Scheduled task {TaskName} deleted[ by {SubjectUserName}]"},
    {"SecurityEvent", 4702, "Security 4702 task updated",
     "Scheduled task {TaskName} updated[ by {SubjectUserName}]"},
    {"SecurityEvent", 4722, "Security 4722 account enabled",
     "Account {TargetUserName} enabled[ by {SubjectUserName}]"},
    {"SecurityEvent", 4725, "Security 4725 account disabled",
     "Account {TargetUserName} disabled[ by {SubjectUserName}]"},
    {"SecurityEvent", 4726, "Security 4726 account deleted",
     "Account {TargetUserName} deleted[ by {SubjectUserName}]"},
    {"SecurityEvent", 4738, "Security 4738 account changed",
     "Account {TargetUserName} changed[ by {SubjectUserName}]"},
    {"SecurityEvent", 4740, "Security 4740 account locked out",
     "Account {TargetUserName} locked out[ (caller {TargetDomainName})]"},
    {"SecurityEvent", 1102, "Security 1102 log cleared",
     "Security log cleared[ by {SubjectUserName}]"},
    {"WindowsEvent", 7045, "System 7045 service installed",
     "Service {ServiceName} installed[: {ImagePath}][ as {AccountName}][ start {StartType}]"},
    {"WindowsEvent", 7036, "System 7036 service state", "Service {param1} entered {param2}"},
    {"WindowsEvent", 104, "System 104 log cleared", "Event log cleared"},
    {"WindowsEvent", 4104, "PowerShell 4104 script block", "Script block: {ScriptBlockText}"},
    {"AWSCloudTrail", -1, "CloudTrail",
     "{EventName}[ on {EventSource}][ by {UserIdentityArn}][ via {UserIdentityInvokedBy}][ from "
     "{SourceIpAddress}][ error {ErrorCode}]"},
    {kAlertsTable, -1, "Alert",
     "{Level}: {RuleTitle}[ on {Computer}][ (event {EventEid} of {SourceTable})]"},
};

const Value* Field(const std::vector<std::pair<std::string, Value>>& fields,
                   std::string_view name) {
  for (const auto& [k, v] : fields) {
    if (k == name) return &v;
  }
  return nullptr;
}

std::string FieldText(const std::vector<std::pair<std::string, Value>>& fields,
                      std::string_view name) {
  const Value* v = Field(fields, name);
  if (v == nullptr || v->is_null()) return "";
  std::string text = v->ToText();
  // The Windows Filtering Platform's direction codes, as its rendered message words them.
  if (text == "%%14592") return "inbound";
  if (text == "%%14593") return "outbound";
  return text == "-" ? "" : text;
}

// Expands a template; `missing` is set when a {Field} outside any [ ] is empty.
std::string Expand(std::string_view text, const std::vector<std::pair<std::string, Value>>& fields,
                   bool& missing) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '{') {
      size_t end = text.find('}', i);
      std::string value = FieldText(fields, text.substr(i + 1, end - i - 1));
      if (value.empty()) missing = true;
      out += value.empty() ? "-" : value;
      i = end + 1;
    } else if (c == '[') {
      size_t depth = 1;
      size_t end = i + 1;
      for (; end < text.size() && depth > 0; ++end) {
        if (text[end] == '[') ++depth;
        if (text[end] == ']') --depth;
      }
      bool inner_missing = false;
      std::string inner = Expand(text.substr(i + 1, end - i - 2), fields, inner_missing);
      if (!inner_missing) out += inner;
      i = end;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

}  // namespace

std::string MessageFor(const std::string& table,
                       const std::vector<std::pair<std::string, Value>>& fields,
                       std::string* kind) {
  const Value* id = Field(fields, "EventID");
  int64_t event_id = id != nullptr && id->type() == ValueType::kLong ? id->as_long() : -2;
  for (const MessageTemplate& t : kTemplates) {
    if (table != t.table || (t.event_id != -1 && t.event_id != event_id)) continue;
    bool missing = false;
    std::string line = Expand(t.text, fields, missing);
    if (kind != nullptr) {
      *kind = t.kind;
      if (t.event_id == -1 && table == "AWSCloudTrail")
        *kind += " " + FieldText(fields, "EventName");
    }
    return line;
  }
  // No template: the first line of the event's rendered message when it has one, else the
  // first few fields that say something.
  std::string label = table;
  if (event_id >= 0) label += " " + std::to_string(event_id);
  if (kind != nullptr) *kind = label;
  std::string message = FieldText(fields, "Message");
  if (!message.empty()) {
    std::string first = message.substr(0, message.find_first_of("\r\n"));
    while (!first.empty() && (first.back() == ' ' || first.back() == '.')) first.pop_back();
    if (!first.empty()) return first;
  }
  std::string line;
  int shown = 0;
  for (const auto& [name, value] : fields) {
    if (shown == 4) break;
    bool noise = name.empty() || name[0] == '_' || name == "EventID" || name == "Computer" ||
                 name == "Channel" || name == "Keywords" || name == "Version" || name == "Task" ||
                 name == "Opcode" || name == "Level" || name == "TimeCreated" ||
                 name == "@timestamp" || name == "EventRecordID" || name == "EventType" ||
                 name == "Category" || name.rfind("Execution_", 0) == 0 ||
                 name.find("Provider") != std::string::npos ||
                 name.find("Guid") != std::string::npos || value.is_null();
    if (noise) continue;
    std::string text = value.ToText();
    if (text.empty() || text == "-") continue;
    if (text.size() > 120) text = text.substr(0, 117) + "...";
    if (!line.empty()) line += ' ';
    line.append(name).append("=").append(text);
    ++shown;
  }
  return line.empty() ? label : line;
}

}  // namespace quarry::ir
