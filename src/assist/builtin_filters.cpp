// Entity filters of a hunting question: literal values (IPs and ranges, ports, executables,
// files, domains, registry paths, AWS API names, hosts) and "entity value" pairs (user alice,
// host WS01), each possibly negated ("not from 10.0.0.0/8", "excluding user bob").
#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <set>

#include "assist/builtin_reader.h"
#include "core/strings.h"

namespace quarry::assist::builtin {

std::vector<Word> Words(std::string_view question) {
  std::vector<Word> words;
  size_t i = 0;
  while (i < question.size()) {
    char c = question[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == '?' || c == ';' ||
        c == '!' || c == '(' || c == ')') {
      ++i;
      continue;
    }
    Word w;
    if (c == '"' || c == '\'' || c == '`') {
      size_t close = question.find(c, i + 1);
      if (close != std::string_view::npos) {
        w.text = std::string(question.substr(i + 1, close - i - 1));
        w.quoted = true;
        i = close + 1;
      }
    }
    if (!w.quoted) {
      size_t end = i;
      while (end < question.size() && !std::isspace(static_cast<unsigned char>(question[end])) &&
             question[end] != ',' && question[end] != '?' && question[end] != ';' &&
             question[end] != '!' && question[end] != ')') {
        ++end;
      }
      w.text = std::string(question.substr(i, end - i));
      i = end;
      while (!w.text.empty() && (w.text.back() == '.' || w.text.back() == ':')) w.text.pop_back();
      if (w.text.size() > 2 && w.text.compare(w.text.size() - 2, 2, "'s") == 0) {
        w.text.resize(w.text.size() - 2);  // alice's logons
      }
      if (w.text.empty()) continue;
    }
    w.lower = AsciiToLower(w.text);
    words.push_back(std::move(w));
  }
  return words;
}

std::string KqlName(std::string_view column) {
  bool bare = !column.empty() &&
              (std::isalpha(static_cast<unsigned char>(column[0])) != 0 || column[0] == '_');
  for (char c : column)
    bare = bare && (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_');
  if (bare) return std::string(column);
  std::string out = "['";
  for (char c : column) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "']";
}

const std::vector<std::string>& ConceptLiterals() {
  // Also the names the linker tests a log by where its events were kept under another table.
  static const std::vector<std::string> kLiterals = [] {
    std::vector<std::string> v = {"$", "Sysmon", "Security-Auditing", "adm"};
    for (std::string_view image : SecurityToolImages()) v.emplace_back(image);
    return v;
  }();
  return kLiterals;
}

bool Reader::IsValueWord(size_t i) const {
  if (!Free(i)) return false;
  if (w_[i].quoted) return true;
  const std::string& word = w_[i].lower;
  static constexpr std::array<std::string_view, 14> kNotValues = {
      "over", "more",  "at",  "per",  "hourly", "daily", "sorted",
      "sort", "order", "top", "with", "having", "not",   "and"};
  if (std::find(kNotValues.begin(), kNotValues.end(), word) != kNotValues.end()) return false;
  // Who is meant, not a name ("by whom", "anyone other than X"), and what happened to an
  // account rather than its name ("accounts created", "the account is disabled").
  static const std::set<std::string_view> kNoNames = {
      "who",       "whom",      "whose",    "anyone",    "anybody",    "anything", "someone",
      "somebody",  "something", "everyone", "everybody", "everything", "nobody",   "it",
      "them",      "created",   "deleted",  "added",     "removed",    "changed",  "modified",
      "enabled",   "disabled",  "locked",   "unlocked",  "expired",    "failed",   "succeeded",
      "installed", "started",   "stopped",  "cleared",   "granted",    "revoked",  "refused",
      "denied",    "blocked",   "allowed",  "reset",     "renamed",    "used",     "real",
      "actual",    "human",     "normal",   "regular",   "genuine"};
  if (kNoNames.count(word) > 0) return false;
  if (std::none_of(word.begin(), word.end(),
                   [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; })) {
    return false;  // "-" between clauses
  }
  Entity e{};
  return !IsStopWord(word) && EntityAt(i, e) == 0 && !IsNumber(word);
}

void Reader::Filters() {
  for (size_t i = 0; i < w_.size(); ++i) {
    if (!Free(i)) continue;
    const std::string& text = w_[i].text;
    const std::string& lower = w_[i].lower;
    std::string before = i > 0 ? w_[i - 1].lower : "";
    size_t first = i;
    if (i > 0 && (before == "from" || before == "to" || before == "by" || before == "on" ||
                  before == "via")) {
      first = i - 1;
    }
    size_t accounts = 0;
    if ((accounts = At(i, "computer accounts")) || (accounts = At(i, "computer account")) ||
        (accounts = At(i, "machine accounts")) || (accounts = At(i, "machine account"))) {
      // Windows names a computer's own account with a trailing "$" (WS01$).
      Add(Entity::kUser, "endswith", ConceptLiterals()[0], i, accounts);
      continue;
    }
    if (IsIp(lower)) {
      Entity e = before == "from" && FieldFor(spec_, Entity::kSourceIp, nullptr) != "" &&
                         spec_.activity != nullptr && spec_.activity->key == "network_connection"
                     ? Entity::kSourceIp
                     : Entity::kIp;
      Add(e, lower.find('/') != std::string::npos ? "in_range" : "ip", text, first, i + 1 - first);
      continue;
    }
    size_t n = 0;
    bool public_ip = (n = At(i, "non-corporate")) || (n = At(i, "non corporate")) ||
                     (n = At(i, "external")) || (n = At(i, "public")) || (n = At(i, "internet")) ||
                     (n = At(i, "non-private")) || (n = At(i, "untrusted")) ||
                     (n = At(i, "non-internal"));
    bool private_ip = !public_ip && ((n = At(i, "internal")) || (n = At(i, "private")) ||
                                     (n = At(i, "corporate")) || (n = At(i, "rfc1918")));
    if (public_ip || private_ip) {
      size_t k = i + n;
      Entity e{};
      size_t m = EntityAt(k, e);
      if (m > 0 && e != Entity::kIp) continue;
      if (m == 0 && !(Free(k) && (w_[k].lower == "sources" || w_[k].lower == "source"))) {
        if (Free(k) && !IsStopWord(w_[k].lower)) continue;  // "internal server": not an IP
      }
      Add(Entity::kIp, public_ip ? "public" : "private", "", i, n + (m ? m : 0));
      continue;
    }
    if (lower == "port" && Free(i + 1) && IsNumber(w_[i + 1].lower)) {
      Add(Entity::kPort, "eq_num", w_[i + 1].text, first, i + 2 - first);
      continue;
    }
    // "what did PSEXESVC spawn": a bare name that spawns is a process (users run things).
    if (!HasExtension(lower, ".exe") && i >= 2 && i + 1 < w_.size() && IsValueWord(i) &&
        (w_[i + 1].lower == "spawn" || w_[i + 1].lower == "spawned") &&
        (w_[i - 1].lower == "did" || w_[i - 1].lower == "does") &&
        (w_[i - 2].lower == "what" || w_[i - 2].lower == "which")) {
      Add(Entity::kParent, "endswith", text + ".exe", i, 1);
      continue;
    }
    if (HasExtension(lower, ".exe")) {
      // Only a process creation has a parent: "spawned by X", "child of X", "parent X", and
      // for those also "by X". Elsewhere "by X.exe", "from X.exe" name the process itself.
      bool creation = spec_.activity != nullptr && (spec_.activity->key == "process" ||
                                                    spec_.activity->key == "encoded_powershell");
      size_t lead = 0;
      if (i >= 2 &&
          (At(i - 2, "child of") || At(i - 2, "children of") || At(i - 2, "spawned by") ||
           At(i - 2, "launched by") || At(i - 2, "started by") || At(i - 2, "parent process"))) {
        lead = 2;
      } else if (before == "parent" || (creation && before == "by")) {
        lead = 1;
      }
      // "what did tomcat9.exe spawn": the process named before a verb of creating is the parent.
      // With no activity read yet, only verbs that create processes say so, and the verb stays
      // to name the activity.
      std::string after = i + 1 < w_.size() ? w_[i + 1].lower : "";
      bool spawns = after == "spawn" || after == "spawned" || after == "launch" ||
                    after == "launched" || after == "start" || after == "started" ||
                    after == "execute" || after == "executed";
      // Only when the question asks what it made: "where did X run" is about X itself.
      auto is = [&](size_t k, std::initializer_list<std::string_view> words) {
        return std::find(words.begin(), words.end(), w_[k].lower) != words.end();
      };
      bool asks_what =
          (i >= 1 && is(i - 1, {"what", "which"})) ||
          (i >= 2 && is(i - 1, {"did", "does", "has", "had"}) && is(i - 2, {"what", "which"}));
      if (lead == 0 && asks_what &&
          ((creation && (spawns || after == "run" || after == "create" || after == "created")) ||
           (spec_.activity == nullptr && spawns))) {
        if (creation && Free(i + 1)) Use(i + 1, 1);
        Add(Entity::kParent, "endswith", text, i, 1);
        continue;
      }
      if (lead > 0 && creation) {
        Add(Entity::kParent, "endswith", text, i - lead, lead + 1);
      } else {
        Add(Entity::kProcess, "endswith", text, first, i + 1 - first);
      }
      continue;
    }
    if (IsFileName(lower)) {
      Add(Entity::kFile, "contains", text, first, i + 1 - first);
      continue;
    }
    if (lower.rfind("hklm\\", 0) == 0 || lower.rfind("hku\\", 0) == 0 ||
        lower.rfind("hkcu\\", 0) == 0 || lower.find("\\currentversion\\") != std::string::npos) {
      Add(Entity::kRegistryKey, "contains", text, first, i + 1 - first);
      continue;
    }
    if (spec_.activity != nullptr && spec_.activity->table == "AWSCloudTrail" && IsApiName(text) &&
        !w_[i].quoted) {
      Add(Entity::kApiCall, "eq", text, first, i + 1 - first);
      continue;
    }
    // "on DC01.corp.example" is the host events happened on, not a domain looked up.
    bool on_host = (before == "on" || before == "at") && LooksLikeHost(text);
    if (IsDomain(lower) && !w_[i].quoted && !on_host) {
      bool aws = spec_.activity != nullptr && spec_.activity->table == "AWSCloudTrail";
      Add(aws ? Entity::kService : Entity::kDnsName, aws ? "eq" : "endswith", text, first,
          i + 1 - first);
      continue;
    }
    // Command-line content: "command line containing X", "with X in the command line".
    if ((n = At(i, "command line containing")) || (n = At(i, "command lines containing")) ||
        (n = At(i, "command line contains")) || (n = At(i, "commandline containing")) ||
        (n = At(i, "command line with")) || (n = At(i, "containing")) ||
        (n = At(i, "that contain")) || (n = At(i, "contains"))) {
      if (IsValueWord(i + n) || (Free(i + n) && w_[i + n].quoted)) {
        Add(Entity::kCommandLine, "contains", w_[i + n].text, i, n + 1);
        if (At(i, "in the command line")) Use(i, 4);
        continue;
      }
    }
    // "a kali user agent" names the client's agent string, not the user "agent".
    if (At(i, "user agent") || At(i, "user agents")) {
      ++i;
      continue;
    }
    // "user alice", "host WS01", "service PSEXESVC", "named X", …
    Entity e{};
    if (size_t m = EntityAt(i, e)) {
      size_t k = i + m;
      // "the IAM user christophe": the kind of user, read with the name.
      if (e == Entity::kUser && i > 0 && w_[i - 1].lower == "iam" && Free(i - 1)) first = i - 1;
      if (Free(k) && (w_[k].lower == "named" || w_[k].lower == "called" || w_[k].lower == "is" ||
                      w_[k].lower == "=")) {
        ++k;
      }
      // An address or a port is written as one ("source IP racks up …" names none).
      bool shaped =
          k < w_.size() &&
          !((e == Entity::kIp || e == Entity::kSourceIp) && !IsIp(w_[k].lower) && !w_[k].quoted) &&
          !(e == Entity::kPort && !IsNumber(w_[k].lower));
      if (shaped && IsValueWord(k)) {
        std::string kind = e == Entity::kPort ? "eq_num"
                           : e == Entity::kCommandLine || e == Entity::kFile ||
                                   e == Entity::kRegistryKey || e == Entity::kRole ||
                                   e == Entity::kRule
                               ? "contains"
                           : e == Entity::kProcess || e == Entity::kParent ? "endswith"
                                                                           : "eq";
        Add(e, kind, w_[k].text, first, k + 1 - first);
        continue;
      }
    }
    // "on WS01", "from DC01": a host name; "by alice", "for alice": a user.
    if ((before == "on" || before == "from" || before == "at" || before == "to") &&
        LooksLikeHost(text)) {
      Add(Entity::kHost, "eq", text, i - 1, 2);
      continue;
    }
    if ((before == "by" || before == "for" || before == "as") && IsValueWord(i) && !w_[i].quoted &&
        std::isalpha(static_cast<unsigned char>(text[0]))) {
      Add(LooksLikeHost(text) ? Entity::kHost : Entity::kUser, "eq", text, i - 1, 2);
      continue;
    }
    if ((lower == "high" || lower == "critical" || lower == "medium" || lower == "low") &&
        spec_.activity != nullptr && spec_.activity->key == "alerts") {
      size_t m =
          Free(i + 1) && (w_[i + 1].lower == "severity" || w_[i + 1].lower == "level") ? 2 : 1;
      Add(Entity::kLevel, "eq", lower, i, m);
    }
  }
}

}  // namespace quarry::assist::builtin
