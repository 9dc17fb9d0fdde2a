// What a sentence says about the logons it cites: their logon types, by number ("logon type 3",
// "a type 5 service logon", "logon (type 2)") or by name ("an interactive logon"), the
// authentication package (NTLM, Kerberos), and the groups accounts were added to or removed from.
#include <memory>
#include <string>
#include <vector>

#include "ir/claim_scan.h"

namespace quarry::ir {
namespace {

void TakeNumbered(MaskedText& m, ClaimTerms& out) {
  // "logon type 3", "a type 3 network logon", "logon (type 3)", "that logon was of type 2".
  static const RE2 logon_type(
      R"((?i)\b(?:logon[ -]type[ :]*(\d{1,2})|type[ -](\d{1,2})\)?(?:\s+[a-z]+){0,2}\s+(?:logon|logons|log-on|login|session)|(?:logon|logons|log-on|login|session)\s*\(\s*type[ -](\d{1,2})\s*\)|(?:logon|logons|log-on|login|session)\s+(?:was|is|were)\s+(?:of\s+)?(?:a\s+)?type[ -](\d{1,2}))\b)");
  re2::StringPiece input(m.text), a, b, c, d;
  while (RE2::FindAndConsume(&input, logon_type, &a, &b, &c, &d)) {
    re2::StringPiece number = !a.empty() ? a : (!b.empty() ? b : (!c.empty() ? c : d));
    size_t begin = static_cast<size_t>(number.data() - m.text.data());
    if (!m.Free(begin, begin + number.size())) continue;
    m.Take(begin, begin + number.size());
    out.logon_types.emplace_back(number.data(), number.size());
  }
}

// Windows' names of its logon types, as a writer spells them before "logon".
void TakeNamed(MaskedText& m, ClaimTerms& out) {
  struct Named {
    std::unique_ptr<RE2> re;
    const char* number;
  };
  static const std::vector<Named>* const kNamed = [] {
    static const std::pair<const char*, const char*> kNames[] = {
        {"remote[ -]?interactive|rdp", "10"},
        {"cached[ -]?interactive", "11"},
        {"network[ -]?clear[ -]?text", "8"},
        {"new[ -]?credentials", "9"},
        {"interactive", "2"},
        {"network", "3"},
        {"batch", "4"},
        {"service", "5"},
        {"unlock", "7"},
    };
    auto* named = new std::vector<Named>();
    for (const auto& [name, number] : kNames) {
      named->push_back(
          {std::make_unique<RE2>(std::string(R"((?i)\b()") + name +
                                 R"()\s+(?:\([^)]{0,20}\)\s+)?(?:logon|logons|log-on|login)\b)"),
           number});
    }
    return named;
  }();
  for (const Named& n : *kNamed) {
    TakeFreeMatches(m, *n.re,
                    [&](size_t, std::string_view) { out.logon_types.emplace_back(n.number); });
  }
}

}  // namespace

void ReadLogonFacts(MaskedText& m, ClaimTerms& out) {
  TakeNumbered(m, out);
  TakeNamed(m, out);
  static const RE2 package(R"((?i)\b(ntlm(?: ?v[12])?|kerberos)\b)");
  TakeFreeMatches(m, package,
                  [&](size_t, std::string_view name) { out.auth_packages.emplace_back(name); });
  // "added to Remote Desktop Users", "removed from the Domain Admins group": Windows writes a
  // group's name with capitals and a plural of this kind.
  static const RE2 group(
      R"(\b(?:added|adds|adding|add|removed|removes|removing|remove|moved|placed|put|enrolled)\b[^.;]{0,60}?\b(?:to|from|into)\s+(?:the\s+)?(?:local\s+|built-?in\s+)?((?:[A-Z][A-Za-z-]*\s+){0,3}(?:Users|Operators|Admins|Administrators|Owners|Controllers|Publishers|Guests))\b)");
  TakeFreeMatches(m, group, [&](size_t, std::string_view name) { out.groups.emplace_back(name); });
}

}  // namespace quarry::ir
