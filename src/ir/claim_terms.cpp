// The checkable things a sentence states. Readers run from the most specific shape to the least
// (quoted text, addresses and paths, times, numbers, then words), each masking what it took.
#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <set>

#include "core/strings.h"
#include "ir/claim_roles.h"
#include "ir/claim_scan.h"
#include "ir/claim_words.h"

namespace quarry::ir {
namespace {

// "the MD5 … was <40 hex digits>": a hash whose stated algorithm has another length is wrong
// whatever the events hold (a SHA1 given as the MD5).
void CheckHashLength(const MaskedText& m, size_t begin, const std::string& hash, ClaimTerms& out) {
  static const std::pair<std::string_view, size_t> kLengths[] = {
      {"md5", 32}, {"sha1", 40}, {"sha-1", 40}, {"sha256", 64}, {"sha-256", 64}, {"imphash", 32}};
  // The algorithm named nearest before the hash, within a few words.
  size_t from = begin > 60 ? begin - 60 : 0;
  std::string_view before = std::string_view(m.lower).substr(from, begin - from);
  size_t best = std::string_view::npos;
  const std::pair<std::string_view, size_t>* named = nullptr;
  for (const auto& entry : kLengths) {
    size_t at = before.rfind(entry.first);
    if (at == std::string_view::npos) continue;
    size_t after = at + entry.first.size();
    bool whole = (at == 0 || !IsAlpha(before[at - 1])) &&
                 (after == before.size() ||
                  (!IsAlpha(before[after]) && !IsDigit(before[after]) && before[after] != '-'));
    if (whole && (best == std::string_view::npos || at > best)) {
      best = at;
      named = &entry;
    }
  }
  if (named == nullptr || hash.size() == named->second) return;
  std::string name(named->first);
  for (char& c : name) c = AsciiUpper(c);
  out.inconsistencies.push_back(name + " hashes have " + std::to_string(named->second) +
                                " hex digits; " + hash + " has " + std::to_string(hash.size()));
}

struct Shape {
  EntityKind kind;
  std::unique_ptr<RE2> re;  // group 1, when present, is the entity
};

// Shapes in the order they are read; earlier ones win where they overlap.
const std::vector<Shape>& Shapes() {
  static const std::vector<Shape>* const kShapes = [] {
    auto* shapes = new std::vector<Shape>();
    auto add = [&](EntityKind kind, const char* pattern) {
      RE2::Options options;
      options.set_log_errors(false);
      shapes->push_back({kind, std::make_unique<RE2>(pattern, options)});
    };
    const char* stop = R"([^\s,;"'`\]\)\[(<>]*[^\s,;"'`\]\)\[(<>.:])";
    add(EntityKind::kFragment, (std::string(R"((?i)\b(?:https?|ftp)://)") + stop).c_str());
    // A command-line switch with its value: /LogToConsole=false, -Mode:full.
    add(EntityKind::kFragment,
        (std::string(R"((?:^|[\s(])([/-][A-Za-z][A-Za-z0-9_-]*[=:])") + stop + ")").c_str());
    add(EntityKind::kArn, (std::string(R"(\barn:aws[a-z-]*:)") + stop).c_str());
    add(EntityKind::kAccessKey, R"(\b(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|AIPA)[A-Z0-9]{12,20}\b)");
    add(EntityKind::kUser,
        R"(\b[A-Za-z0-9._%+$-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b)");
    add(EntityKind::kRegistry,
        (std::string(R"((?i)\b(?:HKLM|HKCU|HKU|HKCR|HKCC|HKEY_[A-Z_]+)\\)") + stop).c_str());
    add(EntityKind::kFragment, (std::string(R"(\\\\[A-Za-z0-9._$-]+(?:\\)") + stop + ")?").c_str());
    add(EntityKind::kProcess,
        R"((?i)(?:\b[a-z]:\\|%[a-z_]+%\\|\\(?:device|systemroot|windows|program files)\\)(?:[^\\\s,;:"'`\]\)\[(<>]+(?: [^\\\s,;:"'`\]\)\[(<>]+)*\\)*[^\s,;"'`\]\)\[(<>]*[^\s,;"'`\]\)\[(<>.:])");
    add(EntityKind::kProcess,
        R"((?:^|[\s(])(/(?:[A-Za-z0-9._+-]+/)+[A-Za-z0-9._+-]*[A-Za-z0-9_+-]))");
    add(EntityKind::kUser, R"((?i)\b((?:nt authority|[a-z0-9._-]+)\\[a-z0-9._$-]*[a-z0-9_$]))");
    add(EntityKind::kIdentifier,
        R"(\{?\b[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\b\}?)");
    add(EntityKind::kUser, R"(\bS-1-\d+(?:-\d+)+\b)");
    add(EntityKind::kIp,
        R"((?i)(?:^|[^0-9a-z:.])((?:[0-9a-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{0,4})))");
    add(EntityKind::kIp,
        R"(\b(?:25[0-5]|2[0-4]\d|[01]?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|[01]?\d?\d)){3}\b)");
    add(EntityKind::kHash, R"((?i)\b(?:[0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32})\b)");
    // A product and its version, as user agents write them: aws-cli/2.15.30, Python/3.11.8.
    add(EntityKind::kFragment, R"(\b[A-Za-z][A-Za-z0-9_-]*/\d+(?:\.\d+)+\b)");
    return shapes;
  }();
  return *kShapes;
}

bool LooksLikeIpv6(std::string_view s) {
  size_t colons = std::count(s.begin(), s.end(), ':');
  bool hex_letter = std::any_of(
      s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); });
  return s.find("::") != std::string_view::npos || colons >= 7 || (colons >= 3 && hex_letter);
}

// A file name: a process, a script, a document; also "lsass (4).DMP", as Windows numbers a copy.
const char* const kFileExtensions =
    R"((?i)\b([a-z0-9_$~-][a-z0-9_$~.-]*(?: \(\d{1,3}\))?\.(?:exe|dll|ps1|psm1|psd1|bat|cmd|vbs|vbe|js|jse|hta|wsf|scr|msi|msc|lnk|sys|dmp|doc|docx|docm|dot|dotm|xls|xlsx|xlsm|ppt|pptx|pdf|rtf|zip|rar|7z|gz|tgz|iso|img|vhd|vhdx|py|pyc|sh|elf|so|jar|war|txt|log|csv|json|xml|ini|cfg|conf|yml|yaml|toml|tmp|dat|bin|kirbi|ccache|evtx|db|sqlite|php|aspx|asp|ashx|jsp|ocx|cpl|inf|reg|pem|key|pfx|p12|crt|cer|ova|vmdk))\b)";

void ReadShapes(MaskedText& m, ClaimTerms& out) {
  for (const Shape& shape : Shapes()) {
    if (!shape.re->ok()) continue;
    int groups = std::min(shape.re->NumberOfCapturingGroups(), 1) + 1;
    re2::StringPiece found[2];
    size_t pos = 0;
    re2::StringPiece all(m.text);
    while (pos < m.text.size() &&
           shape.re->Match(all, pos, m.text.size(), RE2::UNANCHORED, found, groups)) {
      re2::StringPiece span = found[groups - 1];
      size_t begin = static_cast<size_t>(span.data() - m.text.data());
      size_t end = begin + span.size();
      pos = std::max(end, static_cast<size_t>(found[0].data() - m.text.data()) + 1);
      if (span.empty() || !m.Free(begin, end)) continue;
      std::string text(span.data(), span.size());
      // "C:\Windows\Sysmon64.exe as PID 3224 under NT AUTHORITY\SYSTEM": a path ends with its
      // file's name; a folder's name with spaces goes on only until a word that is a file.
      if (shape.kind == EntityKind::kProcess && text.find(' ') != std::string::npos) {
        static const RE2 file_name(kFileExtensions);
        for (size_t space = text.find(' '); space != std::string::npos;
             space = text.find(' ', space + 1)) {
          size_t word = text.find_last_of("\\ ", space - 1);
          word = word == std::string::npos ? 0 : word + 1;
          if (!RE2::FullMatch(text.substr(word, space - word), file_name)) continue;
          text.resize(space);
          end = begin + space;
          pos = end;
          break;
        }
        // "C:\Users\IEUser\Desktop by MSEDGEWIN10\IEUser": nor past a word of the sentence.
        static const std::set<std::string, std::less<>> kJoining = {
            "by", "from", "as", "on", "to", "via", "under", "with", "and", "in", "at", "for"};
        for (size_t space = text.find(' '); space != std::string::npos;
             space = text.find(' ', space + 1)) {
          size_t after = text.find_first_of(" \\", space + 1);
          std::string word = AsciiToLower(text.substr(
              space + 1, after == std::string::npos ? std::string::npos : after - space - 1));
          if (!kJoining.count(word)) continue;
          text.resize(space);
          end = begin + space;
          pos = end;
          break;
        }
      }
      // "208.236.235.254/0": a rule's range, not an end of a connection.
      bool range = shape.kind == EntityKind::kIp && end + 1 < m.text.size() && m.text[end] == '/' &&
                   IsDigit(m.text[end + 1]);
      // "0.0.0.0.0.0.0.0.ip6.arpa" holds no address: a dotted name goes on around it.
      if (shape.kind == EntityKind::kIp && text.find('.') != std::string::npos &&
          ((begin > 0 && m.text[begin - 1] == '.') ||
           (end + 1 < m.text.size() && m.text[end] == '.' &&
            (IsAlpha(m.text[end + 1]) || IsDigit(m.text[end + 1])))))
        continue;
      if (shape.kind == EntityKind::kIp && text.find('.') == std::string::npos &&
          !LooksLikeIpv6(text)) {
        continue;
      }
      m.Take(begin, end);
      EntityRole role = RoleOf(shape.kind, m, begin, end);
      if (range) role = EntityRole::kAny;
      out.entities.push_back({shape.kind, text, role});
      if (shape.kind == EntityKind::kHash) CheckHashLength(m, begin, text, out);
      if (shape.kind == EntityKind::kIp && end + 1 < m.text.size() && m.text[end] == ':' &&
          text.find('.') != std::string::npos && IsDigit(m.text[end + 1])) {
        size_t port_end = end + 1;
        while (port_end < m.text.size() && IsDigit(m.text[port_end])) ++port_end;
        out.entities.push_back({EntityKind::kPort, m.text.substr(end + 1, port_end - end - 1)});
        m.Take(end, port_end);
      }
    }
  }
}

// `quoted`, "quoted", “quoted” and 'quoted' (not an apostrophe) spans.
void ReadQuoted(MaskedText& m, ClaimTerms& out) {
  const std::string& s = m.text;
  struct Quote {
    std::string_view open, close;
  };
  static const Quote kQuotes[] = {{"`", "`"},
                                  {"\"", "\""},
                                  {"\xe2\x80\x9c", "\xe2\x80\x9d"},
                                  {"'", "'"},
                                  {"\xe2\x80\x98", "\xe2\x80\x99"}};
  for (const Quote& q : kQuotes) {
    size_t pos = 0;
    while ((pos = s.find(q.open, pos)) != std::string::npos) {
      size_t inner = pos + q.open.size();
      if (q.open == "'" && pos > 0 && (IsAlpha(s[pos - 1]) || IsDigit(s[pos - 1]))) {
        pos = inner;
        continue;
      }
      size_t close = s.find(q.close, inner);
      while (q.close == "'" && close != std::string::npos && close + 1 < s.size() &&
             IsAlpha(s[close + 1])) {
        close = s.find(q.close, close + 1);
      }
      if (close == std::string::npos) break;
      std::string_view text = TrimAscii(std::string_view(s).substr(inner, close - inner));
      size_t end = close + q.close.size();
      if (!text.empty() && text.size() <= 400 && m.Free(pos, end)) {
        // `CORP\alice` or "10.0.0.5" quoted is still a user or an address.
        MaskedText inner_text(text);
        ClaimTerms shaped;
        ReadShapes(inner_text, shaped);
        EntityKind kind = EntityKind::kFragment;
        if (shaped.entities.size() == 1 && shaped.entities[0].text == text)
          kind = shaped.entities[0].kind;
        static const RE2 file_name(kFileExtensions);
        EntityRole role = EntityRole::kAny;
        if (kind == EntityKind::kFragment && RE2::FullMatch(text, file_name)) {
          kind = EntityKind::kProcess;  // `cmd.exe` is a process, quoted or not
          role = RoleBefore(m, pos, kind);
        }
        // `"durationSeconds": 900` is a field's value (claim_fields.cpp), not a run of text.
        static const RE2 member(R"re("[A-Za-z][A-Za-z0-9_.]{0,60}"\s*:\s*"?[^"`,{}]{1,200}?"?)re");
        if (q.open != "`" || !RE2::FullMatch(text, member))
          out.entities.push_back({kind, std::string(text), role});
        m.Take(pos, end);
      }
      pos = end;
    }
  }
}

bool Letters(std::string_view w) {
  return std::all_of(w.begin(), w.end(),
                     [](char c) { return IsAlpha(c) || c == '\'' || c == '-'; });
}
// Acronyms (NTLM, CEST) are vocabulary unless the case has them as names.
bool AllCaps(std::string_view w) {
  return !HasLower(w);
}
// "MFA-authenticated": each part a word.
bool EnglishWords(const CaseVocabulary& v, std::string_view w) {
  // "Tunna-style", "Mimikatz-like": a likeness, not a name the events hold.
  static const char* const kLikeness[] = {"-style", "-like", "-based", "-type", "-esque"};
  for (const char* suffix : kLikeness) {
    std::string lower = AsciiToLower(w);
    if (lower.size() > std::string_view(suffix).size() + 2 && lower.ends_with(suffix)) return true;
  }
  for (size_t start = 0; start <= w.size();) {
    size_t dash = w.find('-', start);
    if (dash == std::string_view::npos) dash = w.size();
    std::string_view part = w.substr(start, dash - start);
    std::string lower = AsciiToLower(part);
    if (!part.empty() && !AllCaps(part) && !EnglishWord(v, part) && !ConceptWord(lower) &&
        !StopWord(lower))
      return false;
    start = dash + 1;
  }
  return true;
}
bool CamelCase(std::string_view w) {
  for (size_t i = 1; i < w.size(); ++i) {
    if (w[i - 1] >= 'a' && w[i - 1] <= 'z' && w[i] >= 'A' && w[i] <= 'Z') return true;
  }
  return false;
}

}  // namespace

MaskedText::MaskedText(std::string_view s) : text(s), lower(AsciiToLower(s)), used(s.size()) {}

bool MaskedText::Free(size_t begin, size_t end) const {
  for (size_t i = begin; i < end && i < used.size(); ++i) {
    if (used[i]) return false;
  }
  return true;
}

void MaskedText::Take(size_t begin, size_t end) {
  for (size_t i = begin; i < end && i < used.size(); ++i) used[i] = true;
}

std::string MaskedText::WordBefore(size_t pos, size_t skip_words) const {
  size_t i = pos;
  for (size_t n = 0;; ++n) {
    while (i > 0 && (lower[i - 1] == ' ' || lower[i - 1] == ',' || lower[i - 1] == '(')) --i;
    size_t end = i;
    while (i > 0 && (IsAlpha(lower[i - 1]) || IsDigit(lower[i - 1]) || lower[i - 1] == '-' ||
                     lower[i - 1] == '\'')) {
      --i;
    }
    if (n == skip_words) return lower.substr(i, end - i);
    if (i == end) return "";
  }
}

bool EndsWithFileName(std::string_view text) {
  static const RE2 file_name(kFileExtensions);
  size_t slash = text.find_last_of("\\/");
  return slash != std::string_view::npos && slash + 1 < text.size() &&
         RE2::FullMatch(text.substr(slash + 1), file_name);
}

ClaimTerms ExtractTerms(std::string_view written, const CaseVocabulary& vocabulary) {
  ClaimTerms out;
  std::string normalized(written);  // a minus sign (U+2212) in "UTC-04:00" is a hyphen
  for (size_t at = normalized.find("\u2212"); at != std::string::npos;
       at = normalized.find("\u2212", at + 1))
    normalized.replace(at, 3, "-");
  std::string_view body = normalized;
  ReadFieldValues(body, out);
  MaskedText m(body);
  // "System integrity", "IntegrityLevel System": a level ReadFieldValues checked, not the SYSTEM
  // account.
  static const RE2 integrity(
      R"re((?i)\b((?:low|medium|high|system)[- ]integrity|integrity ?level\s*[:=]?\s*(?:is\s+|was\s+|of\s+)?(?:low|medium|high|system))\b)re");
  TakeFreeMatches(m, integrity, [](size_t, std::string_view) {});
  ReadQuoted(m, out);
  ReadShapes(m, out);
  ReadSwitches(m, out);
  // Not the start of a file's name (T1218.005.hta).
  static const RE2 technique(R"((?i)\b(?:attack\.)?(T\d{4}(?:\.\d{3})?)(?:$|[^.\w]|\.(?:\s|$)))");
  TakeFreeMatches(m, technique, [&](size_t, std::string_view id) {
    std::string t(id);
    t[0] = 'T';
    out.techniques.push_back(t);
  });
  // Windows' built-in service accounts are two words.
  static const RE2 builtin(R"((?i)\b(local service|network service|local system)\b)");
  TakeFreeMatches(m, builtin, [&](size_t begin, std::string_view name) {
    out.entities.push_back(
        {EntityKind::kUser, std::string(name), RoleBefore(m, begin, EntityKind::kUser)});
  });
  ReadLogonFacts(m, out);
  ReadDurations(m, out);
  ExtractTimes(m, out);
  ReadCuedNumbers(m, out);
  {
    static const RE2 files(kFileExtensions);
    static const RE2 domains(
        R"((?i)\b((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,23})\b)");
    for (const RE2* re : {&files, &domains}) {
      re2::StringPiece input(m.text), name;
      while (RE2::FindAndConsume(&input, *re, &name)) {
        size_t begin = static_cast<size_t>(name.data() - m.text.data());
        if (!m.Free(begin, begin + name.size())) continue;
        std::string text(name.data(), name.size());
        if (re == &domains && (ConceptWord(AsciiToLower(text)) || text.size() < 4 ||
                               std::count(text.begin(), text.end(), '.') == 0))
          continue;
        m.Take(begin, begin + name.size());
        // "MMC20.Application", "WScript.Shell": a COM class, not a domain (an error code such as
        // Client.UnauthorizedOperation is still checked).
        std::string_view tail = std::string_view(text).substr(text.rfind('.') + 1);
        bool com_class =
            tail.size() >= 5 && tail[0] >= 'A' && tail[0] <= 'Z' &&
            std::all_of(tail.begin() + 1, tail.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        if (re == &domains && com_class) continue;
        EntityKind kind = re == &files ? EntityKind::kProcess : EntityKind::kDomain;
        std::string lower = AsciiToLower(text);
        if (kind == EntityKind::kDomain &&
            (vocabulary.hosts.count(lower) ||
             vocabulary.hosts.count(lower.substr(0, lower.find('.')))))
          kind = EntityKind::kHost;  // WS01.corp.example is a host the case knows
        EntityRole role = RoleOf(kind, m, begin, begin + name.size());
        out.entities.push_back({kind, text, role});
      }
    }
  }
  std::vector<Word> words = FreeWords(m);
  std::vector<bool> taken(words.size());
  ReadCounts(m, words, taken, out);
  std::vector<std::pair<size_t, size_t>> titles;  // where the sentence names a rule
  for (const std::string& title : vocabulary.rule_titles) {
    for (size_t at = m.lower.find(title); at != std::string::npos; at = m.lower.find(title, at + 1))
      titles.emplace_back(at, at + title.size());
  }
  auto in_title = [&](const Word& w) {
    return std::any_of(titles.begin(), titles.end(),
                       [&](const auto& t) { return w.begin >= t.first && w.end <= t.second; });
  };
  bool negated = false;
  for (size_t i = 0; i < words.size(); ++i) {
    const Word& w = words[i];
    if (NegationWord(w.lower) || w.lower.ends_with("n't")) negated = true;
    if (taken[i] || StopWord(w.lower) || ConceptWord(w.lower) || Ordinal(w.lower)) continue;
    if (in_title(w)) continue;
    // "the System log", "the Security channel": an event log's name, not an account.
    if (i + 1 < words.size() &&
        (words[i + 1].lower == "log" || words[i + 1].lower == "logs" ||
         words[i + 1].lower == "channel" || words[i + 1].lower == "eventlog") &&
        (w.lower == "system" || w.lower == "security" || w.lower == "application" ||
         w.lower == "setup"))
      continue;
    if (w.text.size() < 2 || Number(w.lower, nullptr)) continue;
    // "32-bit", "x64", "WOW64": architectures, not names.
    static const RE2 architecture(R"((?i)(?:\d+-bits?|x64|x86|amd64|arm64|wow64|i386))");
    if (RE2::FullMatch(w.text, architecture)) continue;
    // "a 20-second timeout", "a 128-MB buffer": a measure, not a name.
    size_t dash = w.lower.find('-');
    if (dash != std::string::npos && dash > 0 && Number(w.lower.substr(0, dash), nullptr) &&
        UnitWord(w.lower.substr(dash + 1)))
      continue;
    // "DLLs", "SIDs", "IPs": the plural of a common noun's acronym.
    std::string_view stem = std::string_view(w.text).substr(0, w.text.size() - 1);
    if (w.text.size() >= 3 && w.text.back() == 's' &&
        std::all_of(stem.begin(), stem.end(), IsAlpha) && AllCaps(stem) &&
        !vocabulary.names.count(w.lower))
      continue;
    std::string prev = i > 0 ? words[i - 1].lower : "";
    if (prev == "named" || prev == "called") prev = i > 1 ? words[i - 2].lower : "";
    bool verb_like =
        !HasUpper(w.text) && !HasDigit(w.text) &&
        (w.lower.ends_with("ing") || w.lower.ends_with("ed") || w.lower.ends_with("ly"));
    // "logged under lambda-user", "ran under svc-backup": the account.
    static const std::set<std::string, std::less<>> kRunVerbs = {
        "logged", "ran", "runs", "running", "executed", "started", "spawned", "launched"};
    bool run_under = prev == "under" && i > 1 && kRunVerbs.count(words[i - 2].lower) > 0;
    std::optional<EntityKind> cue = run_under ? std::optional(EntityKind::kUser) : NameCue(prev);
    bool cued = cue.has_value() && i > 0 && words[i - 1].end + 2 >= w.begin && !verb_like;
    // With a word list, "account behind" or "service discovery" are words; a name after a cue
    // that is no word ("user pgustavo") is found by the word list anyway.
    // A compound after "user" or "host" is still a name ("the IAM user svc-deploy").
    bool account_compound = w.text.find('-') != std::string::npos &&
                            (cue == EntityKind::kUser || cue == EntityKind::kHost);
    if (cued && vocabulary.has_dictionary && !HasDigit(w.text) && !AllCaps(w.text) &&
        EnglishWords(vocabulary, w.text) && !account_compound)
      cued = false;
    std::string_view bare = w.lower;  // "mordordc's" is the name mordordc
    if (bare.ends_with("'s")) bare.remove_suffix(2);
    // Not a common word written in lower case ("the ping loop", with ping.exe in the case),
    // unless an account has that name ("carol", "administrator").
    std::string bare_name(bare);
    bool known =
        (vocabulary.names.count(bare_name) > 0 || vocabulary.hosts.count(bare_name) > 0) &&
        (HasUpper(w.text) || (w.text.size() >= 4 && (vocabulary.users.count(bare_name) > 0 ||
                                                     !vocabulary.common_words.count(bare_name))));
    std::optional<EntityKind> kind;
    bool shaped = (HasDigit(w.text) && (HasLower(w.text) || HasUpper(w.text))) ||
                  w.text.find('_') != std::string::npos || w.text.find('$') != std::string::npos;
    // "RC4-encrypted", "AES256-based": a cipher or protocol with an English word.
    if (shaped && !known && TechnicalCompound(vocabulary, w.text)) continue;
    // No English word: a name ("pgustavo", "jsmith").
    bool unknown_word = vocabulary.has_dictionary && w.text.size() >= 3 && Letters(w.text) &&
                        !AllCaps(w.text) && !EnglishWords(vocabulary, w.text);
    // A long acronym that is no word and no known term is a name (IKEEXT, a service).
    bool unknown_acronym = vocabulary.has_dictionary && w.text.size() >= 5 && Letters(w.text) &&
                           AllCaps(w.text) && w.text.find('-') == std::string::npos &&
                           !EnglishWord(vocabulary, w.text) && !JargonWord(w.lower);
    unknown_word = unknown_word || unknown_acronym;
    if (!shaped && CamelCase(w.text) && ApiVerb(w.text)) {
      kind = EntityKind::kEventName;
    } else if (!shaped && (known || cued)) {
      kind = cued ? cue.value_or(EntityKind::kIdentifier) : EntityKind::kIdentifier;
      if (kind == EntityKind::kDomain || kind == EntityKind::kFragment)
        kind = EntityKind::kIdentifier;
    } else if (shaped || unknown_word) {
      kind = EntityKind::kIdentifier;
      // "access 0x1438": a number, in whatever base an event writes it.
      bool hex = w.lower.size() > 2 && w.lower.rfind("0x", 0) == 0 &&
                 std::all_of(w.lower.begin() + 2, w.lower.end(),
                             [](char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); });
      if (hex) kind = EntityKind::kNumber;
    }
    if (!kind) continue;
    // A name after "no" or "not" is said to be absent: not checked for presence.
    if (negated) {
      out.notes.push_back("'" + w.text + "' follows a negation and is not checked");
      continue;
    }
    std::string name = w.text;
    if (name.ends_with("'s")) name.resize(name.size() - 2);
    // A bare account name the case knows is checked where accounts are written.
    // "the System process (PID 4)": a process of that name, not the account.
    bool process_named = i + 1 < words.size() && words[i + 1].lower == "process" &&
                         words[i + 1].begin <= w.end + 1 && !w.lower.ends_with("'s");
    if (*kind == EntityKind::kIdentifier && vocabulary.users.count(AsciiToLower(name)) &&
        !HasDigit(name) && !process_named)
      kind = EntityKind::kUser;
    if (process_named && *kind == EntityKind::kUser) kind = EntityKind::kIdentifier;
    if (*kind == EntityKind::kIdentifier && vocabulary.hosts.count(AsciiToLower(name)))
      kind = EntityKind::kHost;
    EntityRole role = RoleOf(*kind, m, w.begin, w.end);
    // "WORKSTATION5's lsass.exe": the host it ran on.
    if (*kind == EntityKind::kHost && name.size() < w.text.size()) role = EntityRole::kOn;
    out.entities.push_back({*kind, name, role});
  }
  return out;
}

}  // namespace quarry::ir
