// What the built-in provider knows, as data: the kinds of events a hunting question names, the
// columns each entity maps to for them (Sentinel's names, which the case uses), and the ATT&CK
// techniques they suggest. Adding an activity is adding an entry here.
#include <algorithm>
#include <array>

#include "assist/builtin_internal.h"

namespace quarry::assist::builtin {
namespace {

using E = Entity;

// Sysmon process creation and Security 4688 name the same things differently.
const std::vector<std::pair<Entity, std::string_view>> kSysmonProcessFields = {
    {E::kHost, "Computer"},      {E::kUser, "User"},          {E::kProcess, "Image"},
    {E::kParent, "ParentImage"}, {E::kCommandLine, "CommandLine"}};
const std::vector<std::pair<Entity, std::string_view>> kLogonFields = {
    {E::kHost, "Computer"},  {E::kUser, "TargetUserName"}, {E::kIp, "IpAddress"},
    {E::kPort, "IpPort"},    {E::kProcess, "ProcessName"}};
const std::vector<std::pair<Entity, std::string_view>> kCloudTrailFields = {
    {E::kUser, "UserIdentityUserName"}, {E::kIp, "SourceIpAddress"}, {E::kApiCall, "EventName"},
    {E::kService, "EventSource"}};

}  // namespace

const char* EntityName(Entity e) {
  static constexpr std::array<const char*, static_cast<size_t>(Entity::kCount_)> kNames = {
      "user",   "host",    "ip",       "source ip", "port", "process", "parent process",
      "command line", "file", "registry key", "service", "domain", "api call", "role", "rule",
      "level"};
  return kNames[static_cast<size_t>(e)];
}

const std::vector<Activity>& Activities() {
  static const std::vector<Activity> kActivities = {
      {"failed_logon",
       {"failed logons", "failed logon", "failed logins", "failed login", "logon failures",
        "logon failure", "login failures", "login failure", "failed sign-ins", "failed sign-in",
        "failed signins", "failed authentications", "failed authentication", "brute force",
        "password guessing"},
       "SecurityEvent", "EventID == 4625", "failed logons (event 4625)", kLogonFields,
       {{"T1110", "Brute Force"}}},
      {"rdp_logon",
       {"rdp logons", "rdp logon", "rdp logins", "rdp login", "remote desktop logons",
        "remote desktop logon", "remote interactive logons"},
       "SecurityEvent", "EventID == 4624 and LogonType == \"10\"",
       "remote desktop logons (event 4624, logon type 10)", kLogonFields,
       {{"T1021.001", "Remote Desktop Protocol"}}},
      {"network_logon",
       {"network logons", "network logon", "network logins"},
       "SecurityEvent", "EventID == 4624 and LogonType == \"3\"",
       "network logons (event 4624, logon type 3)", kLogonFields,
       {{"T1021", "Remote Services"}}},
      {"logon",
       {"successful logons", "successful logon", "successful logins", "successful login",
        "logons", "logon", "logins", "login", "sign-ins", "signins"},
       "SecurityEvent", "EventID == 4624", "successful logons (event 4624)", kLogonFields,
       {{"T1078", "Valid Accounts"}}},
      {"special_logon",
       {"admin logons", "privileged logons", "special privileges", "special logons"},
       "SecurityEvent", "EventID == 4672", "logons with special privileges (event 4672)",
       {{E::kHost, "Computer"}, {E::kUser, "SubjectUserName"}},
       {{"T1078", "Valid Accounts"}}},
      {"lsass_access",
       {"accessed lsass", "access lsass", "accessing lsass", "lsass access", "access to lsass",
        "accesses to lsass", "opened lsass", "credential dumping", "lsass"},
       "SysmonEvent", "EventID == 10 and TargetImage endswith \"\\\\lsass.exe\"",
       "processes opening LSASS (Sysmon event 10)",
       {{E::kHost, "Computer"}, {E::kProcess, "SourceImage"}, {E::kUser, "SourceUser"}},
       {{"T1003.001", "OS Credential Dumping: LSASS Memory"}}},
      {"encoded_powershell",
       {"encoded powershell", "encoded powershell commands", "encoded commands",
        "encoded command", "powershell -enc", "base64 powershell", "obfuscated powershell"},
       "SysmonEvent",
       "EventID == 1 and (Image endswith \"\\\\powershell.exe\" or Image endswith "
       "\"\\\\pwsh.exe\") and CommandLine matches regex @\"(?i)\\s-e(c|nc|ncodedcommand)?\\s\"",
       "PowerShell started with an encoded command (Sysmon event 1)", kSysmonProcessFields,
       {{"T1059.001", "Command and Scripting Interpreter: PowerShell"},
        {"T1027", "Obfuscated Files or Information"}}},
      {"process",
       {"process creations", "process creation", "processes created", "process launches",
        "processes started", "processes launched", "processes spawned", "processes run",
        "processes executed", "processes", "process", "executions", "programs run",
        "commands run", "command lines", "executed", "launched", "spawned", "ran", "run"},
       "SysmonEvent", "EventID == 1", "process creations (Sysmon event 1)",
       kSysmonProcessFields, {}},
      {"new_service",
       {"new services", "new service", "services installed", "service installed",
        "service installs", "service install", "service installations", "installed services",
        "installed service"},
       "WindowsEvent", "EventID == 7045", "services installed (System event 7045)",
       {{E::kHost, "Computer"}, {E::kService, "ServiceName"}, {E::kFile, "ImagePath"},
        {E::kUser, "AccountName"}},
       {{"T1543.003", "Create or Modify System Process: Windows Service"}}},
      {"network_connection",
       {"network connections", "network connection", "outbound connections",
        "outbound connection", "connections", "connection", "connected", "connecting"},
       "SysmonEvent", "EventID == 3", "network connections (Sysmon event 3)",
       {{E::kHost, "Computer"}, {E::kIp, "DestinationIp"}, {E::kSourceIp, "SourceIp"},
        {E::kPort, "DestinationPort"}, {E::kProcess, "Image"}, {E::kUser, "User"},
        {E::kDnsName, "DestinationHostname"}},
       {}},
      {"dns",
       {"dns queries", "dns query", "dns lookups", "dns lookup", "dns requests", "dns request",
        "domains resolved", "domain lookups", "resolved", "lookups"},
       "SysmonEvent", "EventID == 22", "DNS queries (Sysmon event 22)",
       {{E::kHost, "Computer"}, {E::kDnsName, "QueryName"}, {E::kProcess, "Image"},
        {E::kUser, "User"}},
       {{"T1071.004", "Application Layer Protocol: DNS"}}},
      {"file_create",
       {"files created", "file creations", "file creation", "new files", "files written",
        "files dropped", "dropped files", "created files"},
       "SysmonEvent", "EventID == 11", "files created (Sysmon event 11)",
       {{E::kHost, "Computer"}, {E::kFile, "TargetFilename"}, {E::kProcess, "Image"},
        {E::kUser, "User"}},
       {}},
      {"registry",
       {"registry changes", "registry change", "registry modifications", "registry writes",
        "registry values set", "registry events", "registry keys", "registry key", "registry"},
       "SysmonEvent", "EventID in (12, 13, 14)", "registry changes (Sysmon events 12-14)",
       {{E::kHost, "Computer"}, {E::kRegistryKey, "TargetObject"}, {E::kProcess, "Image"},
        {E::kUser, "User"}},
       {{"T1112", "Modify Registry"}}},
      {"kerberoasting",
       {"kerberoasting", "rc4 service tickets", "rc4 tickets", "rc4 ticket requests"},
       "SecurityEvent", "EventID == 4769 and TicketEncryptionType == \"0x17\"",
       "Kerberos service tickets with RC4 encryption (event 4769, type 0x17)",
       {{E::kHost, "Computer"}, {E::kUser, "TargetUserName"}, {E::kService, "ServiceName"},
        {E::kIp, "IpAddress"}},
       {{"T1558.003", "Steal or Forge Kerberos Tickets: Kerberoasting"}}},
      {"service_ticket",
       {"service tickets", "service ticket", "kerberos service tickets", "tgs requests",
        "ticket requests"},
       "SecurityEvent", "EventID == 4769", "Kerberos service tickets (event 4769)",
       {{E::kHost, "Computer"}, {E::kUser, "TargetUserName"}, {E::kService, "ServiceName"},
        {E::kIp, "IpAddress"}},
       {{"T1558", "Steal or Forge Kerberos Tickets"}}},
      {"tgt",
       {"tgt requests", "kerberos authentications", "kerberos authentication",
        "authentication tickets", "tgts"},
       "SecurityEvent", "EventID == 4768", "Kerberos authentication tickets (event 4768)",
       {{E::kHost, "Computer"}, {E::kUser, "TargetUserName"}, {E::kIp, "IpAddress"}},
       {}},
      {"assume_role",
       {"assumerole calls", "assumerole", "assume role", "assumed roles", "assumed role",
        "role assumptions", "roles assumed"},
       "AWSCloudTrail", "EventName == \"AssumeRole\"", "AWS AssumeRole calls",
       {{E::kUser, "UserIdentityArn"}, {E::kIp, "SourceIpAddress"},
        {E::kRole, "tostring(RequestParameters.roleArn)"}, {E::kService, "EventSource"}},
       {{"T1078.004", "Valid Accounts: Cloud Accounts"}}},
      {"console_login",
       {"console logins", "console login", "console sign-ins", "console signins",
        "aws console logins", "consolelogin"},
       "AWSCloudTrail", "EventName == \"ConsoleLogin\"", "AWS console sign-ins",
       kCloudTrailFields, {{"T1078.004", "Valid Accounts: Cloud Accounts"}}},
      {"access_denied",
       {"access denied", "denied api calls", "failed api calls", "unauthorized api calls",
        "unauthorized calls", "aws errors", "api errors"},
       "AWSCloudTrail", "isnotempty(ErrorCode)", "AWS API calls that failed (ErrorCode set)",
       kCloudTrailFields, {{"T1580", "Cloud Infrastructure Discovery"}}},
      {"logging_stopped",
       {"stoplogging", "logging stopped", "cloudtrail stopped", "trail stopped",
        "disabled logging"},
       "AWSCloudTrail", "EventName == \"StopLogging\"", "CloudTrail logging stopped",
       kCloudTrailFields, {{"T1562.008", "Impair Defenses: Disable or Modify Cloud Logs"}}},
      {"aws_api",
       {"aws api calls", "api calls", "aws calls", "aws events", "aws activity",
        "cloudtrail events", "cloudtrail", "aws"},
       "AWSCloudTrail", "", "AWS API calls (CloudTrail)", kCloudTrailFields, {}},
      {"alerts",
       {"sigma alerts", "alerts", "alert", "detections"},
       "Alerts", "", "Sigma alerts",
       {{E::kHost, "Computer"}, {E::kRule, "RuleTitle"}, {E::kLevel, "Level"}},
       {}},
  };
  return kActivities;
}

const std::vector<std::pair<std::string_view, Entity>>& EntityWords() {
  static const std::vector<std::pair<std::string_view, Entity>> kWords = [] {
    std::vector<std::pair<std::string_view, Entity>> w = {
        {"user", E::kUser},
        {"users", E::kUser},
        {"account", E::kUser},
        {"accounts", E::kUser},
        {"username", E::kUser},
        {"usernames", E::kUser},
        {"host", E::kHost},
        {"hosts", E::kHost},
        {"computer", E::kHost},
        {"computers", E::kHost},
        {"machine", E::kHost},
        {"machines", E::kHost},
        {"device", E::kHost},
        {"devices", E::kHost},
        {"hostname", E::kHost},
        {"hostnames", E::kHost},
        {"workstation", E::kHost},
        {"workstations", E::kHost},
        {"ip", E::kIp},
        {"ips", E::kIp},
        {"ip address", E::kIp},
        {"ip addresses", E::kIp},
        {"address", E::kIp},
        {"addresses", E::kIp},
        {"source ip", E::kIp},
        {"source ips", E::kIp},
        {"client ip", E::kIp},
        {"destination ip", E::kIp},
        {"destination ips", E::kIp},
        {"destination", E::kIp},
        {"destinations", E::kIp},
        {"port", E::kPort},
        {"ports", E::kPort},
        {"destination port", E::kPort},
        {"destination ports", E::kPort},
        {"parent process", E::kParent},
        {"parent processes", E::kParent},
        {"parent", E::kParent},
        {"parents", E::kParent},
        {"process", E::kProcess},
        {"processes", E::kProcess},
        {"image", E::kProcess},
        {"images", E::kProcess},
        {"binary", E::kProcess},
        {"binaries", E::kProcess},
        {"program", E::kProcess},
        {"programs", E::kProcess},
        {"executable", E::kProcess},
        {"executables", E::kProcess},
        {"command line", E::kCommandLine},
        {"command lines", E::kCommandLine},
        {"commandline", E::kCommandLine},
        {"commandlines", E::kCommandLine},
        {"file", E::kFile},
        {"files", E::kFile},
        {"filename", E::kFile},
        {"path", E::kFile},
        {"registry key", E::kRegistryKey},
        {"registry keys", E::kRegistryKey},
        {"key", E::kRegistryKey},
        {"keys", E::kRegistryKey},
        {"service", E::kService},
        {"services", E::kService},
        {"domain", E::kDnsName},
        {"domains", E::kDnsName},
        {"dns name", E::kDnsName},
        {"dns names", E::kDnsName},
        {"api call", E::kApiCall},
        {"api calls", E::kApiCall},
        {"api", E::kApiCall},
        {"apis", E::kApiCall},
        {"event name", E::kApiCall},
        {"event names", E::kApiCall},
        {"action", E::kApiCall},
        {"actions", E::kApiCall},
        {"role", E::kRole},
        {"roles", E::kRole},
        {"rule", E::kRule},
        {"rules", E::kRule},
        {"level", E::kLevel},
        {"severity", E::kLevel},
    };
    // Longest first, so that "parent process" wins over "parent".
    std::stable_sort(w.begin(), w.end(), [](const auto& a, const auto& b) {
      return std::count(a.first.begin(), a.first.end(), ' ') >
             std::count(b.first.begin(), b.first.end(), ' ');
    });
    return w;
  }();
  return kWords;
}

bool IsStopWord(std::string_view word) {
  static constexpr std::array<std::string_view, 86> kStop = {
      "a",       "about",    "all",    "an",       "and",     "any",      "are",     "as",
      "at",      "be",       "been",   "by",       "can",     "could",    "did",     "do",
      "does",    "during",   "each",   "event",    "events",  "find",     "for",     "from",
      "get",     "give",     "had",    "happened", "has",     "have",     "hunt",    "i",
      "in",      "is",       "it",     "its",      "just",    "list",     "look",    "looking",
      "me",      "made",     "now",    "of",       "on",      "only",     "or",      "our",
      "please",  "query",    "search", "see",      "show",    "so",       "some",    "that",
      "the",     "their",    "them",   "then",     "there",   "these",    "they",    "this",
      "those",   "to",       "too",    "us",       "want",    "was",      "we",      "were",
      "what",    "when",     "where",  "which",    "who",     "with",     "narrow",  "instead",
      "also",    "same",     "but",    "restrict", "limit",   "whose"};
  return std::find(kStop.begin(), kStop.end(), word) != kStop.end();
}

std::string FieldFor(const HuntSpec& spec, Entity e, const kql::Catalog* catalog) {
  if (spec.activity == nullptr) return "";
  std::string field;
  for (const auto& [entity, column] : spec.activity->fields) {
    if (entity == e) {
      field = std::string(column);
      break;
    }
  }
  if (field.empty() && e == Entity::kHost) field = "Computer";
  if (field.empty() || catalog == nullptr || field.find('(') != std::string::npos) return field;
  const kql::TableSchema* table = catalog->Find(spec.activity->table);
  return table != nullptr && table->Find(field) != nullptr ? field : "";
}

}  // namespace quarry::assist::builtin
