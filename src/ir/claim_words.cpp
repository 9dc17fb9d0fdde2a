#include "ir/claim_words.h"

#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/strings.h"
#include "ir/claim_scan.h"

namespace quarry::ir {
namespace {

using WordSet = std::unordered_set<std::string_view>;

// The words of a space-separated list: lists are kept as text so they read as lists.
std::vector<std::string_view> Split(std::string_view text) {
  std::vector<std::string_view> out;
  for (size_t start = 0; start < text.size();) {
    size_t space = text.find(' ', start);
    if (space == std::string_view::npos) space = text.size();
    if (space > start) out.push_back(text.substr(start, space - start));
    start = space + 1;
  }
  return out;
}

WordSet Words(std::string_view text) {
  std::vector<std::string_view> words = Split(text);
  return WordSet(words.begin(), words.end());
}

bool In(const WordSet& set, std::string_view w) {
  return set.count(w) > 0;
}

}  // namespace

std::optional<CountOf> CountNoun(std::string_view w) {
  static const std::unordered_map<std::string_view, CountOf>* const kNouns = [] {
    auto* nouns = new std::unordered_map<std::string_view, CountOf>();
    for (std::string_view n : Split(
             "event events record records entry entries request requests attempt attempts logon "
             "logons "
             "login logins logoff logoffs sign-in sign-ins failure failures connection connections "
             "query queries lookup lookups ticket tickets call calls command commands execution "
             "executions time times occurrence occurrences instance instances access accesses "
             "operation operations action actions change changes modification modifications "
             "creation "
             "creations deletion deletions write writes read reads download downloads message "
             "messages "
             "hit hits row rows line lines value values key keys callback callbacks beacon beacons "
             "session sessions task tasks spn spns service services enumeration enumerations "
             "search searches scan scans probe probes path paths folder folders directory "
             "directories image images module modules dll dlls library libraries launch "
             "launches "
             "file files loads opens blocks installs starts installation installations deletes "
             "adds "
             "additions removals updates validations verifications provider providers "
             "warning warnings error errors"))
      (*nouns)[n] = CountOf::kEvents;
    for (std::string_view n : Split("alert alerts detection detections rule rules"))
      (*nouns)[n] = CountOf::kAlerts;
    for (std::string_view n : Split("host hosts machine machines computer computers workstation "
                                    "workstations server servers "
                                    "system systems endpoint endpoints"))
      (*nouns)[n] = CountOf::kHosts;
    for (std::string_view n :
         Split("user users account accounts identity identities principal principals"))
      (*nouns)[n] = CountOf::kUsers;
    for (std::string_view n : Split("ip ips address addresses source sources"))
      (*nouns)[n] = CountOf::kIps;
    for (std::string_view n : Split("process processes")) (*nouns)[n] = CountOf::kProcesses;
    return nouns;
  }();
  auto it = kNouns->find(w);
  if (it == kNouns->end()) return std::nullopt;
  return it->second;
}

bool CountQualifier(std::string_view w) {
  static const WordSet kWords = Words(
      "failed successful distinct unique separate new more further additional other such kerberos "
      "tgs tgt ntlm network interactive remote service ticket logon process api cloudtrail "
      "sysmon security windows dns http smb rdp ldap outbound inbound suspicious malicious rc4 "
      "aws iam console scheduled registry file powershell encoded rapid similar identical "
      "matching related total consecutive repeated 4624 4625 4688 4768 4769 4771 4776 7045 4698 "
      "4634 4647 logoff privileged special high medium low critical sigma child parent task "
      "access create creation image load named pipe wmi ssh sudo unauthorized denied s3 ec2 "
      "bucket object get put list delete describe assume role credential auth authentication "
      "login sign-in logons events");
  return In(kWords, w);
}

std::optional<int64_t> NumberWord(std::string_view w, bool* times) {
  static const std::unordered_map<std::string_view, int64_t> kWords = {
      {"zero", 0},     {"one", 1},      {"two", 2},        {"three", 3},     {"four", 4},
      {"five", 5},     {"six", 6},      {"seven", 7},      {"eight", 8},     {"nine", 9},
      {"ten", 10},     {"eleven", 11},  {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14},
      {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
      {"twenty", 20},  {"thirty", 30},  {"forty", 40},     {"fifty", 50},    {"sixty", 60},
      {"seventy", 70}, {"eighty", 80},  {"ninety", 90},    {"hundred", 100}, {"dozen", 12},
      {"single", 1},   {"pair", 2},     {"couple", 2}};
  static const std::unordered_map<std::string_view, int64_t> kTimes = {
      {"once", 1}, {"twice", 2}, {"thrice", 3}};
  if (auto it = kTimes.find(w); it != kTimes.end()) {
    if (times) *times = true;
    return it->second;
  }
  auto it = kWords.find(w);
  if (it == kWords.end()) return std::nullopt;
  return it->second;
}

bool UnitWord(std::string_view w) {
  static const WordSet kWords = Words(
      "ms millisecond milliseconds s sec secs second seconds m min mins minute minutes h hr hrs "
      "hour hours day days week weeks month months year years b byte bytes kb mb gb tb kib mib "
      "gib % percent bit bits chars characters digits");
  return In(kWords, w);
}

std::optional<EntityKind> NameCue(std::string_view w) {
  static const std::unordered_map<std::string_view, EntityKind> kCues = {
      {"user", EntityKind::kUser},          {"username", EntityKind::kUser},
      {"account", EntityKind::kUser},       {"identity", EntityKind::kUser},
      {"principal", EntityKind::kUser},     {"host", EntityKind::kHost},
      {"hostname", EntityKind::kHost},      {"computer", EntityKind::kHost},
      {"machine", EntityKind::kHost},       {"workstation", EntityKind::kHost},
      {"server", EntityKind::kHost},        {"endpoint", EntityKind::kHost},
      {"process", EntityKind::kProcess},    {"binary", EntityKind::kProcess},
      {"executable", EntityKind::kProcess}, {"image", EntityKind::kProcess},
      {"service", EntityKind::kFragment},   {"task", EntityKind::kFragment},
      {"domain", EntityKind::kDomain},      {"share", EntityKind::kFragment},
      {"bucket", EntityKind::kFragment},    {"role", EntityKind::kFragment},
      {"group", EntityKind::kFragment},     {"pipe", EntityKind::kFragment},
      {"named", EntityKind::kIdentifier},   {"called", EntityKind::kIdentifier}};
  auto it = kCues.find(w);
  if (it == kCues.end()) return std::nullopt;
  return it->second;
}

bool StopWord(std::string_view w) {
  static const WordSet kWords = Words(
      "a an the this that these those its his her their our your my and or but nor of in on at "
      "to from by for with as into onto over under after before during via through is was were "
      "are be been being has had have which who whom whose what then than also again it itself "
      "there here not no only account accounts name names context activity logon logons session "
      "sessions process processes creation created started ran runs running run launched "
      "spawned executed logged used using account's itself called named id ids type types list "
      "ticket tickets request requests control manager installation installed install creates "
      "account- object objects level privileges rights principal group groups binary image path "
      "file files key keys value data event events log logs entry record tree host hosts "
      "machine user users service services task tasks domain controller server servers new same "
      "other another each every all any some both either first second last next later earlier "
      "previous local remote network interactive suspicious malicious legitimate unknown "
      "compromised targeted affected attacker attacker's adversary victim operator admin's "
      "itself identity identities role roles share shares pipe bucket buckets workstation "
      "computer endpoint named "
      // Responders' shorthand.
      "proc procs cmdline cmdlines cwd src dst acct accts creds cred fw evt evts msg incl approx");
  return In(kWords, w);
}

bool ConceptWord(std::string_view w) {
  static const WordSet kWords = Words(
      // Sysmon's names of its events and registry operations: kinds of event, not names.
      "processcreate filecreatetime networkconnect processterminate driverload imageload "
      "createremotethread rawaccessread processaccess filecreate registryevent createkey "
      "deletekey setvalue renamekey filecreatestreamhash pipeevent createpipe connectpipe "
      "wmievent dnsquery filedelete clipboardchange processtampering filedeletedetected "
      "rc4 rc4-hmac aes aes128 aes256 des 3des md4 md5 sha1 sha-1 sha256 sha-256 sha512 sha-512 "
      "base64 utf-8 utf8 utf-16 ipv4 ipv6 x64 x86 win32 win64 amd64 arm64 s3 ec2 http/1.1 http2 "
      "tls1.2 tls1.3 ntlmv1 ntlmv2 kerberos ntlm powershell javascript typescript dcsync "
      "dcshadow cloudtrail guardduty cloudwatch sysmon mimikatz rubeus bloodhound sharphound "
      "cobalt covenant empire metasploit meterpreter psexec wmi winrm rdp smb smbv1 smbv2 ldap "
      "ldaps dns http https tcp udp icmp ssh tls ssl uac lsass sam ntds ntds.dit tgs tgt spn "
      "spns kdc mfa 2fa iam aws api sdk cli ui edr siem soc ioc iocs ttp ttps att&ck mitre "
      "sigma kql spl json csv xml yaml evtx etw os vm url urls uri guid sid pid ppid id utc gmt "
      "dc dcs ad gpo ou onedrive sharepoint office365 o365 m365 github gitlab linkedin youtube "
      "macos ios linux windows microsoft amazon google azure entra okta vpn lan wan dmz c2 cnc "
      "apt apt29 apt28 fin7 lolbin lolbins lolbas uac-bypass pass-the-hash pass-the-ticket "
      "kerberoasting kerberoast asreproast as-rep golden silver tls/ssl ascii hex unicode regex "
      "cve cwe owasp nist stride atlas cpu ram gpu io dll exe nt authority wmic cmd vbscript "
      "jscript hta macro macros vba oauth saml sso jwt ntlmssp ms-drsr drsr drsuapi rpc dcerpc "
      "dcom "
      "com lnk iso zip pdf sigmahq hayabusa chainsaw zircolite splunk sentinel");
  // Access rights by their SDK names ("PROCESS_VM_READ", "GENERIC_ALL"): what a mask means,
  // not a name the events hold.
  // Not "service_" or "file_": accounts and files are named so.
  static const char* const kRightPrefixes[] = {
      "process_",    "thread_",      "generic_",  "standard_rights_", "token_",
      "sc_manager_", "read_control", "write_dac", "write_owner",      "access_system_security"};
  if (w.find('_') != std::string_view::npos &&
      std::any_of(std::begin(kRightPrefixes), std::end(kRightPrefixes),
                  [&](const char* prefix) { return w.starts_with(prefix); }))
    return true;
  return In(kWords, w);
}

bool ApiVerb(std::string_view w) {
  static const char* const kVerbs[] = {
      "Get",       "List",       "Describe",  "Create",   "Delete", "Put",       "Update",
      "Attach",    "Detach",     "Assume",    "Console",  "Stop",   "Start",     "Run",
      "Terminate", "Modify",     "Add",       "Remove",   "Enable", "Disable",   "Set",
      "Upload",    "Download",   "Authorize", "Revoke",   "Invoke", "Decrypt",   "Encrypt",
      "Generate",  "Import",     "Export",    "Tag",      "Untag",  "Associate", "Disassociate",
      "Change",    "Reset",      "Restore",   "Copy",     "Batch",  "Lookup",    "Search",
      "Register",  "Deregister", "Rotate",    "Schedule", "Cancel", "Send",      "Publish",
      "Subscribe", "Invite",     "Accept",    "Reject",   "Switch", "Check",     "Password",
      "Federate",  "Initiate",   "Respond",   "Sign",     "Admin",  "Verify"};
  return std::any_of(std::begin(kVerbs), std::end(kVerbs), [&](const char* v) {
    std::string_view verb(v);
    return w.size() > verb.size() + 1 && w.substr(0, verb.size()) == verb &&
           w[verb.size()] >= 'A' && w[verb.size()] <= 'Z';
  });
}

bool JargonWord(std::string_view w) {
  static const WordSet kWords = Words(
      "callback callbacks checkin checkins exfiltration exfiltrate exfiltrated exfil ransomware "
      "webshell webshells cmdlet cmdlets "
      "recon beacon beaconing keylogger rootkit botnet spearphishing spearphish typosquatting "
      "misconfiguration misconfigured plaintext hashdump obfuscation privesc pivoting dumper "
      "loader stager infostealer stealer cryptominer wiper dropper sideloading sideload "
      "hollowing injector unsigned signed elevated unelevated admin sysadmin devops runbook "
      "playbook triage telemetry endpoint endpoints hostname hostnames username usernames logon "
      "logons logoff login logins signin timestamp timestamps timeline subnet localhost "
      "wildcard whitelisted allowlisted blocklisted denylisted allowlist blocklist lolbin "
      "lolbins cloudtrail oneliner one-liner onboarding offboarding passwordless multifactor "
      "unauthenticated authenticated reauthenticated ciphertext keystore keychain config "
      "configs repo repos infra prod dev api apis backend frontend serverless containerized "
      "kubernetes docker namespace namespaces metadata async auth mfa sso unencrypted encrypted "
      "decrypted hardcoded sandboxed scriptblock scriptblocks postexploitation stylesheet "
      "stylesheets cname mx txt ptr srv aaaa soa pre non re co sub multi anti de un post self "
      "cross inter intra semi "
      "post-exploitation exploitation persistence reconnaissance impersonation kerberoasted "
      "roasting roastable enum enumerated bruteforce brute-force spraying spray sysvol netlogon "
      "gpo gpos "
      // Systems and networking words the dictionary lacks.
      "loopback multicast unicast failover hotfix hotfixes bootloader hypervisor virtualized "
      "symlink symlinks hardlink filesystem filesystems cmdline commandline shellcode backdoored "
      "subkey subkeys regkey autorun autoruns autostart logfile logfiles syscall syscalls "
      "downloader uploader keytab preauth preauthentication unconstrained dacl sacl namespace "
      "codebase backoff timeout timeouts filename filenames extensibility hacktool hacktools "
      "backdoor backdoors lifecycle cyber crypto decrypt stdin stdout stderr traversal "
      "behaviour behaviours subdomain subdomains pentest pentester pentesting namedpipe preload "
      "reparse reboot rebooted imphash whitelisting untrusted exfiltrating priv authorised "
      "rollover fallback cryptographic remediation killswitch useragent inode inodes cleartext "
      "screensaver toolset safeboot substring situational runspace datastream whitelists "
      "minidump authenticode bugcheck popup fileless enablement runtime eventlog applet applets "
      "shortname deserialised deserialized deserialization dataset datasets src dst dest "
      "cmdline args proto svc svcs binpath incl gzip scm msg approx fyi iirc btw tbd honeypot "
      "honeypots timestomp timestomping timestomped instantiate instantiates instantiated");
  return In(kWords, w);
}

bool EnglishWord(const CaseVocabulary& v, std::string_view word) {
  std::string lower;
  for (char c : word) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  if (lower.ends_with("'s")) lower.resize(lower.size() - 2);
  if (lower.ends_with("'")) lower.pop_back();
  bool capitalised = !word.empty() && word[0] >= 'A' && word[0] <= 'Z';
  auto known = [&](const std::string& w) {
    return v.common_words.count(w) > 0 || (capitalised && v.proper_words.count(w) > 0) ||
           JargonWord(w);
  };
  if (known(lower)) return true;
  // British spellings: "initialisation", "behaviour", "analysed".
  for (auto [british, american] :
       {std::pair{"isation", "ization"}, std::pair{"ise", "ize"}, std::pair{"ised", "ized"},
        std::pair{"ising", "izing"}, std::pair{"our", "or"}, std::pair{"yse", "yze"},
        std::pair{"ysed", "yzed"}, std::pair{"ysing", "yzing"}}) {
    std::string_view b(british);
    if (lower.size() > b.size() + 2 && lower.ends_with(b) &&
        known(lower.substr(0, lower.size() - b.size()) + american))
      return true;
  }
  // Plurals, tenses, adverbs: "beaconing" is "beacon", "enumerates" is "enumerate".
  // "reconnection" is "reconnect", "deletion" "delete", "enrollment" "enroll".
  static const char* const kSuffixes[] = {"s",   "es",  "ed",  "d",    "ing",  "ly",   "er",
                                          "ers", "ies", "ion", "ions", "ment", "ments"};
  for (const char* suffix : kSuffixes) {
    std::string_view sv(suffix);
    if (lower.size() > sv.size() + 2 && lower.ends_with(sv)) {
      std::string stem = lower.substr(0, lower.size() - sv.size());
      // "notifier" is "notify", "classifiers" "classify".
      if (known(stem) || known(stem + "e") ||
          ((sv == "ies" || sv == "er" || sv == "ers") && stem.ends_with('i') &&
           known(stem.substr(0, stem.size() - 1) + "y")) ||
          (sv == "ies" && known(stem + "y")))
        return true;
      // "logged" is "log", "running" is "run".
      if (stem.size() > 2 && stem.back() == stem[stem.size() - 2] &&
          known(stem.substr(0, stem.size() - 1)))
        return true;
    }
  }
  return false;
}

bool NegationWord(std::string_view w) {
  static const WordSet kWords = Words(
      "no not never without none neither nor absent isn't wasn't weren't didn't doesn't don't "
      "hasn't haven't cannot can't");
  return In(kWords, w);
}

// A hyphenated word whose parts are English words or the names of ciphers, hashes and
// protocols ("RC4-encrypted"); not a host such as WIN-77LTAPHIQ1R.
bool TechnicalCompound(const CaseVocabulary& v, std::string_view w) {
  static const std::set<std::string, std::less<>> kTechnical = {
      "rc4",    "aes",  "aes128", "aes256", "des",    "3des",  "md5",    "sha1",  "sha256",
      "sha512", "ipv4", "ipv6",   "x64",    "x86",    "utf8",  "base64", "win32", "win64",
      "tls",    "tls1", "ssl",    "ntlmv1", "ntlmv2", "http2", "oauth2", "s3",    "ec2"};
  if (w.find('-') == std::string_view::npos) return false;
  for (size_t start = 0; start <= w.size();) {
    size_t dash = w.find('-', start);
    if (dash == std::string_view::npos) dash = w.size();
    std::string part = AsciiToLower(w.substr(start, dash - start));
    bool letters = !part.empty() && std::all_of(part.begin(), part.end(), IsAlpha);
    if (!kTechnical.count(part) && !(letters && EnglishWord(v, part))) return false;
    start = dash + 1;
  }
  return true;
}
const char* EntityKindName(EntityKind kind) {
  switch (kind) {
    case EntityKind::kHost:
      return "host";
    case EntityKind::kUser:
      return "user";
    case EntityKind::kIp:
      return "ip";
    case EntityKind::kPort:
      return "port";
    case EntityKind::kProcess:
      return "process or file";
    case EntityKind::kHash:
      return "hash";
    case EntityKind::kDomain:
      return "domain";
    case EntityKind::kFragment:
      return "quoted text";
    case EntityKind::kArn:
      return "arn";
    case EntityKind::kAccessKey:
      return "access key";
    case EntityKind::kEventName:
      return "event name";
    case EntityKind::kRegistry:
      return "registry key";
    case EntityKind::kEventId:
      return "event id";
    case EntityKind::kNumber:
      return "number";
    case EntityKind::kIdentifier:
      return "name";
  }
  return "name";
}

}  // namespace quarry::ir
