// The words of a detection description and the shape of each value (rule_reader.h).
#include <cctype>
#include <regex>

#include "assist/builtin_reader.h"
#include "assist/rule_reader.h"
#include "core/strings.h"

namespace quarry::assist::builtin {
namespace {

bool Drive(std::string_view s) {
  return s.size() >= 3 && std::isalpha(static_cast<unsigned char>(s[0])) && s[1] == ':' &&
         s[2] == '\\';
}

bool HasBackslash(std::string_view s) {
  return s.find('\\') != std::string_view::npos;
}

// "i.e.", "e.g.", "etc.": a full stop that ends no sentence.
bool Abbreviation(std::string_view lower) {
  return lower == "i.e" || lower == "e.g" || lower == "etc" || lower == "vs" || lower == "cf";
}

bool Scheme(std::string_view lower) {
  for (std::string_view s : {"http", "https", "ftp", "file", "javascript", "vbscript", "data",
                             "smb", "ldap", "ws", "wss"}) {
    if (lower.size() == s.size() + 1 && lower.substr(0, s.size()) == s && lower.back() == ':') {
      return true;
    }
    if (lower.size() >= s.size() + 3 && lower.substr(0, s.size() + 3) == std::string(s) + "://") {
      return true;
    }
  }
  return false;
}

ValueShape ShapeOf(const std::string& text, const std::string& lower, bool quoted) {
  static const std::regex kSwitch(R"([-/][A-Za-z][A-Za-z0-9_-]*[:=]?)");
  static const std::regex kExtension(R"(\.[A-Za-z0-9]{1,8})");
  static const std::regex kExecutable(
      R"([A-Za-z0-9_.$-]+\.(exe|scr|bat|cmd|ps1|vbs|vbe|js|jse|wsf|hta|msi|cpl))",
      std::regex::icase);
  // Libraries and the files a command line names (ntds.dit, desktop.ini), not domains.
  static const std::regex kLibrary(
      R"([A-Za-z0-9_.$-]+\.(dll|ocx|sys|drv|dit|ini|inf|dat|log|tmp|xml|cfg|conf|json|db|sqlite|hiv|reg|lnk|url|iso|img|vhd|vhdx|dmp|kirbi|txt|zip|7z|rar|docm|xlsm|sct|wsc|jar))",
      std::regex::icase);
  static const std::regex kIpOrRange(
      R"(\d{1,3}(\.\d{1,3}){3}(/\d{1,2})?|[0-9a-fA-F:]*::[0-9a-fA-F:]*(/\d{1,3})?)");
  // Each capital starts one part, so a word splits one way only: linear, however long.
  static const std::regex kCamel(
      R"([A-Z][a-z0-9]+([A-Z][a-z0-9]*)+|[A-Z][a-z]+(-[A-Z][A-Za-z]+)+)");
  static const std::regex kName(
      R"([A-Za-z0-9#][A-Za-z0-9_.#$-]*[-_0-9#$][A-Za-z0-9_.$-]*|[A-Za-z0-9]+-|#\d+)");
  if (quoted) return ValueShape::kQuoted;
  // No value is this long; std::regex recurses per character.
  if (text.empty() || text.size() > 256) return ValueShape::kNone;
  if (Scheme(lower)) return ValueShape::kScheme;
  if (lower.rfind("hklm", 0) == 0 || lower.rfind("hkcu", 0) == 0 || lower.rfind("hkey_", 0) == 0 ||
      lower.rfind("hku\\", 0) == 0) {
    return ValueShape::kRegistry;
  }
  if (HasBackslash(text) || Drive(text)) return ValueShape::kPath;
  if (std::regex_match(text, kExtension)) return ValueShape::kPath;  // ".hta": a file's ending
  if (std::regex_match(text, kIpOrRange)) return ValueShape::kIp;
  if (std::regex_match(text, kSwitch) && text.size() <= 40) return ValueShape::kSwitch;
  if (std::regex_match(text, kExecutable)) return ValueShape::kExecutable;
  if (std::regex_match(text, kLibrary)) return ValueShape::kLibrary;
  if (IsNumber(lower)) return ValueShape::kNumber;
  if (!ProgramFile(text).empty()) return ValueShape::kExecutable;
  if (text == "$") return ValueShape::kName;  // "ending in $": machine accounts
  if (IsDomain(lower) && !Abbreviation(lower)) return ValueShape::kDomain;
  if (std::regex_match(text, kCamel)) return ValueShape::kCamel;
  if (std::regex_match(text, kName) && !IsClock(lower)) return ValueShape::kName;
  return ValueShape::kNone;
}

// Cuts punctuation around a piece of text, noting what it said about the sentence.
void Trim(std::string& piece, RuleWord& word) {
  while (!piece.empty() && (piece.front() == '(' || piece.front() == '[' || piece.front() == '{')) {
    word.paren_open = true;
    piece.erase(0, 1);
  }
  for (;;) {
    if (piece.empty()) return;
    char c = piece.back();
    if (c == ')' || c == ']' || c == '}') {
      word.paren_close = true;
    } else if (c == ',' || c == ';') {
      word.list_after = true;  // ";" too: a clause, often inside parentheses ("(any case; …)")
      word.clause_end |= c == ';';
    } else if (c == '!' || c == '?') {
      word.sentence_end = true;
    } else if (c == '.') {
      std::string lower = AsciiToLower(piece.substr(0, piece.size() - 1));
      if (Abbreviation(lower)) {
        piece.pop_back();
        return;
      }
      word.sentence_end = true;
    } else if (c == ':') {
      // "/i:" and "javascript:" keep theirs.
      std::string lower = AsciiToLower(piece);
      if (piece.size() > 2 && (piece.front() == '-' || piece.front() == '/')) return;
      if (Scheme(lower)) return;
      word.colon_after = true;
    } else {
      return;
    }
    piece.pop_back();
  }
}

}  // namespace

std::string KnownBinary(std::string_view lower) {
  // Windows binaries a detection names bare: system tools, script hosts, LOLBins, Office.
  static const std::vector<std::string_view> kBinaries = {"powershell",
                                                          "pwsh",
                                                          "cmd",
                                                          "wscript",
                                                          "cscript",
                                                          "mshta",
                                                          "rundll32",
                                                          "regsvr32",
                                                          "certutil",
                                                          "bitsadmin",
                                                          "wmic",
                                                          "vssadmin",
                                                          "wevtutil",
                                                          "schtasks",
                                                          "whoami",
                                                          "ipconfig",
                                                          "systeminfo",
                                                          "nltest",
                                                          "tasklist",
                                                          "quser",
                                                          "procdump",
                                                          "procdump64",
                                                          "msiexec",
                                                          "installutil",
                                                          "msbuild",
                                                          "cmstp",
                                                          "forfiles",
                                                          "bcdedit",
                                                          "wbadmin",
                                                          "netsh",
                                                          "taskkill",
                                                          "psexec",
                                                          "psexesvc",
                                                          "w3wp",
                                                          "winword",
                                                          "excel",
                                                          "powerpnt",
                                                          "outlook",
                                                          "ntdsutil",
                                                          "dsquery",
                                                          "adfind",
                                                          "mimikatz",
                                                          "net1",
                                                          "sdelete",
                                                          "vssvc",
                                                          "diskshadow",
                                                          "esentutl",
                                                          "makecab",
                                                          "expand",
                                                          "odbcconf",
                                                          "regasm",
                                                          "regsvcs",
                                                          "msxsl",
                                                          "wmiprvse",
                                                          "conhost",
                                                          "sqlservr",
                                                          "csc",
                                                          "jsc",
                                                          "hh",
                                                          "pcalua",
                                                          "msdt",
                                                          "curl",
                                                          "finger",
                                                          "nslookup",
                                                          "arp",
                                                          "route",
                                                          "qwinsta",
                                                          "rclone",
                                                          "7z",
                                                          "winrar",
                                                          "anydesk",
                                                          "ngrok",
                                                          "plink",
                                                          "svchost",
                                                          "explorer",
                                                          "reg",
                                                          "net",
                                                          "sc",
                                                          "cmdkey",
                                                          "klist",
                                                          "setspn",
                                                          "dsget",
                                                          "csvde",
                                                          "ldifde",
                                                          "gpresult",
                                                          "auditpol",
                                                          "fltmc",
                                                          "icacls",
                                                          "takeown",
                                                          "attrib",
                                                          "fsutil",
                                                          "mountvol",
                                                          "mavinject",
                                                          "regini",
                                                          "robocopy",
                                                          "xcopy",
                                                          "certreq",
                                                          "dnscmd",
                                                          "presentationhost",
                                                          "ieexec",
                                                          "infdefaultinstall",
                                                          "msconfig",
                                                          "runonce",
                                                          "wsl",
                                                          "syncappvpublishingserver",
                                                          "scriptrunner",
                                                          "wuauclt",
                                                          "extrac32",
                                                          "findstr",
                                                          "gpscript",
                                                          "ie4uinit",
                                                          "ilasm",
                                                          "msdeploy",
                                                          "pktmon",
                                                          "pnputil",
                                                          "psr",
                                                          "rasautou",
                                                          "rdrleakdiag",
                                                          "regedit",
                                                          "rpcping",
                                                          "verclsid",
                                                          "wlrmdr",
                                                          "xwizard",
                                                          "appvlp",
                                                          "bginfo",
                                                          "cdb",
                                                          "csi",
                                                          "dotnet",
                                                          "ntsd",
                                                          "sqldumper",
                                                          "atbroker",
                                                          "cmdl32",
                                                          "colorcpl",
                                                          "desktopimgdownldr",
                                                          "diantz",
                                                          "eventvwr",
                                                          "fodhelper",
                                                          "mmc",
                                                          "pubprn",
                                                          "sdbinst",
                                                          "tttracer",
                                                          "winget",
                                                          "powershell_ise",
                                                          "vaultcmd",
                                                          "qprocess",
                                                          "tscon",
                                                          "mstsc",
                                                          "winrs",
                                                          "wmiadap"};
  for (std::string_view b : kBinaries) {
    if (lower == b) return std::string(b) + ".exe";
  }
  return "";
}

std::string ProgramFile(std::string_view text) {
  // Office products by name, as written: "Word" is a program only with its capital.
  static const std::vector<std::pair<std::string_view, std::string_view>> kProducts = {
      {"Word", "winword.exe"},    {"PowerPoint", "powerpnt.exe"}, {"OneNote", "onenote.exe"},
      {"Publisher", "mspub.exe"}, {"Visio", "visio.exe"},         {"Excel", "excel.exe"},
      {"Outlook", "outlook.exe"}};
  for (const auto& [name, file] : kProducts) {
    if (text == name) return std::string(file);
  }
  return KnownBinary(AsciiToLower(text));
}

std::string NumberWordsAsDigits(std::string_view text) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kNumbers = {
      {"two", "2"},     {"three", "3"},   {"four", "4"},    {"five", "5"},
      {"six", "6"},     {"seven", "7"},   {"eight", "8"},   {"nine", "9"},
      {"ten", "10"},    {"eleven", "11"}, {"twelve", "12"}, {"fifteen", "15"},
      {"twenty", "20"}, {"thirty", "30"}, {"fifty", "50"},  {"hundred", "100"}};
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (std::isalpha(static_cast<unsigned char>(text[i])) &&
        (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1])))) {
      size_t j = i;
      while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j]))) ++j;
      std::string word = AsciiToLower(text.substr(i, j - i));
      bool replaced = false;
      for (const auto& [name, digits] : kNumbers) {
        if (word == name) {
          out += digits;
          replaced = true;
          break;
        }
      }
      if (!replaced) out.append(text.substr(i, j - i));
      i = j;
      continue;
    }
    out += text[i++];
  }
  return out;
}

std::vector<RuleWord> RuleWords(std::string_view description) {
  std::vector<std::string> pieces;
  size_t i = 0;
  while (i < description.size()) {
    while (i < description.size() && std::isspace(static_cast<unsigned char>(description[i]))) ++i;
    if (i >= description.size()) break;
    char quote = description[i];
    size_t close = std::string_view::npos;
    if (quote == '"' || quote == '\'' || quote == '`') close = description.find(quote, i + 1);
    size_t end = i;
    if (close != std::string_view::npos && close - i < 200) {
      end = close + 1;  // a quoted phrase is one piece, with what sticks to its closing quote
    }
    while (end < description.size() &&
           !std::isspace(static_cast<unsigned char>(description[end]))) {
      ++end;
    }
    pieces.emplace_back(description.substr(i, end - i));
    i = end;
  }
  std::vector<RuleWord> words;
  for (size_t p = 0; p < pieces.size(); ++p) {
    std::string piece = pieces[p];
    RuleWord word;
    Trim(piece, word);
    bool quoted = piece.size() >= 2 &&
                  (piece.front() == '"' || piece.front() == '\'' || piece.front() == '`') &&
                  piece.back() == piece.front();
    if (quoted) {
      piece = piece.substr(1, piece.size() - 2);
      RuleWord inner;
      Trim(piece, inner);  // "'Clear-EventLog.'" keeps its sentence out of the value
    }
    // A path with spaces in it: "C:\Program Files\X\" was split at the space.
    while (!quoted && HasBackslash(piece) && !word.list_after && !word.sentence_end &&
           !word.paren_close && p + 1 < pieces.size()) {
      std::string next = pieces[p + 1];
      RuleWord next_word;
      Trim(next, next_word);
      // "C:\\Program Files": a capitalised word goes on a path whose last part has no extension.
      std::string tail = piece.substr(piece.rfind('\\') + 1);
      bool capital_word = !next.empty() && std::isupper(static_cast<unsigned char>(next[0])) &&
                          next.find('.') == std::string::npos && !tail.empty() &&
                          tail.find('.') == std::string::npos;
      if ((!HasBackslash(next) && !capital_word) || next.front() == '\\' || Drive(next) ||
          next_word.paren_open) {
        break;
      }
      piece += " " + next;
      word.list_after = next_word.list_after;
      word.sentence_end = next_word.sentence_end;
      word.colon_after = next_word.colon_after;
      word.paren_close = next_word.paren_close;
      ++p;
    }
    if (piece.size() > 3 && piece.rfind("...", 0) == 0) piece.erase(0, 3);  // "...\AppData\"
    if (piece.empty()) {
      if (!words.empty()) {
        words.back().list_after |= word.list_after;
        words.back().sentence_end |= word.sentence_end;
      }
      continue;
    }
    word.text = piece;
    word.lower = AsciiToLower(piece);
    word.shape = ShapeOf(word.text, word.lower, quoted);
    words.push_back(std::move(word));
  }
  return words;
}

std::string KqlQuote(const std::string& value) {
  if (value.find('\\') != std::string::npos) {
    std::string out = "@\"";
    for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  }
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace quarry::assist::builtin
