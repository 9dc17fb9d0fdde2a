// A value stated for a field by the field's name, as detection engineers write it:
// "`DestinationPort` 443", "`IntegrityLevel` `High`", "GrantedAccess 0x1410". Where a cited event
// has that field, the value must be that field's, not any field's.
#include <re2/re2.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/strings.h"
#include "ir/claim_check.h"
#include "ir/claim_presence.h"
#include "ir/claim_scan.h"

namespace quarry::ir {

void ReadFieldValues(std::string_view body, ClaimTerms& out) {
  // A field's name in backticks, or written as one in CamelCase (not inside backticks); then,
  // after ':', '=', "is" or "of", its value: quoted, a number, or true/false.
  static const RE2 quoted_name(
      R"re(`([A-Za-z][A-Za-z0-9_.]{1,60})`\s*(?:[:=]|\bis\b|\bwas\b|\bof\b)?\s*(?:`([^`]{1,400})`|"([^"]{1,400})"|\b(0x[0-9A-Fa-f]+|\d[0-9.:]*\d|\d|true|false)\b))re");
  static const RE2 camel_name(
      R"re((?:^|[^`\w])([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)(?:\s*[:=]\s*|\s+(?:is\s+|was\s+|of\s+)?)(?:`([^`]{1,400})`|"([^"]{1,400})"|\b(0x[0-9A-Fa-f]+|\d[0-9.:]*\d|\d|true|false)\b))re");
  for (const RE2* re : {&quoted_name, &camel_name}) {
    re2::StringPiece input(body.data(), body.size());
    std::string name, back_value, double_value, plain_value;
    while (RE2::FindAndConsume(&input, *re, &name, &back_value, &double_value, &plain_value)) {
      FieldValueTerm term;
      term.field = AsciiToLower(name);
      term.value = !back_value.empty()     ? back_value
                   : !double_value.empty() ? double_value
                                           : plain_value;
      if (!term.value.empty()) out.field_values.push_back(std::move(term));
    }
  }
  // A field's name written as words ("a key length of 128", "the Logon Type was 3"): two or
  // three words after a determiner or punctuation, so that "the parent process id of 4084" is
  // never read as "process id". Where no cited event has a field of that name, nothing is checked.
  static const RE2 worded_name(
      R"re((?i)(?:^|[^\w\s]\s*|\b(?:the|a|an|its|their|with|and|whose)\s+)([a-z]{2,20}(?:\s[a-z]{2,20}){1,2})\s+(?:of|is|was|[:=])\s*(0x[0-9a-f]+|\d+)\b)re");
  {
    re2::StringPiece input(body.data(), body.size());
    std::string words, value;
    while (RE2::FindAndConsume(&input, worded_name, &words, &value)) {
      std::string name;
      for (char c : words) {
        if (c != ' ' && c != '\t' && c != '\n') name += c;
      }
      out.field_values.push_back({AsciiToLower(name), value, false, true, {}});
    }
  }
  // A JSON member quoted as the event writes it: `"durationSeconds": 900`.
  static const RE2 member(R"re(`"([A-Za-z][A-Za-z0-9_.]{0,60})"\s*:\s*"?([^"`,{}]{1,200}?)"?`)re");
  {
    re2::StringPiece input(body.data(), body.size());
    std::string name, value;
    while (RE2::FindAndConsume(&input, member, &name, &value))
      out.field_values.push_back({AsciiToLower(name), value, false, false, {}});
  }
  // "demand start", "an auto-start service": the service's start type, which 7045 writes in
  // words and 4697 as a number.
  static const RE2 start_type(R"re((?i)\b(boot|system|auto|demand)[- ]start\b)re");
  {
    re2::StringPiece input(body.data(), body.size());
    std::string kind;
    while (RE2::FindAndConsume(&input, start_type, &kind)) {
      static const char* const kNumbered[] = {"boot", "system", "auto", "demand"};
      std::string lower = AsciiToLower(kind);
      std::string number = std::to_string(
          std::find(std::begin(kNumbered), std::end(kNumbered), lower) - std::begin(kNumbered));
      for (const char* field : {"starttype", "servicestarttype"})
        out.field_values.push_back({field, lower + " start", false, false, {number}});
    }
  }
  // "run at Medium integrity", "a High-integrity process": the process's IntegrityLevel.
  // "IntegrityLevel High", "integrity level: System" too.
  static const RE2 integrity(R"re((?i)\b(low|medium|high|system)[- ]integrity\b)re");
  static const RE2 integrity_after(
      R"re((?i)\bintegrity ?level\s*[:=]?\s*(?:is\s+|was\s+|of\s+)?(low|medium|high|system)\b)re");
  for (const RE2* re : {&integrity, &integrity_after}) {
    re2::StringPiece input(body.data(), body.size());
    std::string level;
    while (RE2::FindAndConsume(&input, *re, &level))
      out.field_values.push_back({"integritylevel", AsciiToLower(level), false, false, {}});
  }
  // An alert's severity: "fired at critical severity", "a high-severity alert", "rated medium".
  static const RE2 before(
      R"re((?i)\b(informational|low|medium|high|critical)[- ](?:severity|priority)\b)re");
  static const RE2 after(
      R"re((?i)\b(?:rated|severity|priority|level)(?:\s+(?:of|is|was|as))?\s*[:=]?\s*(informational|low|medium|high|critical)\b)re");
  for (const RE2* re : {&before, &after}) {
    re2::StringPiece input(body.data(), body.size());
    std::string level;
    while (RE2::FindAndConsume(&input, *re, &level))
      out.field_values.push_back({"level", AsciiToLower(level), true, false, {}});
  }
}

std::optional<ClaimCheck> CheckFieldValue(const FieldValueTerm& term,
                                          const std::vector<Indexed>& all) {
  std::string want = Squeeze(term.value);
  auto want_number = ParseInteger(want);
  std::vector<std::string> held;
  bool found = false;
  for (const Indexed& ix : all) {
    if (ix.alert != term.of_alert) continue;
    for (const Field& f : ix.fields) {
      if (!IsFieldNamed(f.name, term.field)) continue;
      auto got_number = ParseInteger(f.text);
      if (term.numeric_only && !got_number) continue;
      held.push_back(f.text);
      if (want_number && got_number) {
        found = found || *want_number == *got_number;
      } else {
        found =
            found || f.text == want || (want.size() >= 3 && f.text.find(want) != std::string::npos);
      }
      found = found || std::find(term.also.begin(), term.also.end(), f.text) != term.also.end();
    }
  }
  if (held.empty()) return std::nullopt;  // no cited event has the field: presence decides
  std::sort(held.begin(), held.end());
  held.erase(std::unique(held.begin(), held.end()), held.end());
  std::string list;
  // A long value (a binary blob) is cut; the reader needs its start, not kilobytes of hex.
  for (size_t i = 0; i < held.size() && i < 5; ++i)
    list += (i ? ", " : "") + (held[i].size() > 80 ? held[i].substr(0, 77) + "..." : held[i]);
  return ClaimCheck{term.field + " " + term.value, found,
                    found ? "" : "the cited events' " + term.field + " is " + list};
}

std::optional<ClaimCheck> CheckGroup(const std::string& group,
                                     const std::vector<const TimelineEntry*>& cited) {
  std::set<std::string> named;
  for (const TimelineEntry* e : cited) {
    if (FieldValue(*e, "MemberSid").empty() && FieldValue(*e, "MemberName").empty()) continue;
    std::string target = FieldValue(*e, "TargetUserName");
    if (!target.empty()) named.insert(AsciiToLower(target));
  }
  if (named.empty()) return std::nullopt;
  bool found = named.count(Squeeze(group)) > 0;
  std::string list;
  for (const std::string& v : named) list += (list.empty() ? "" : ", ") + v;
  return ClaimCheck{"group " + group, found,
                    found ? "" : "the cited membership changes are to " + list};
}

}  // namespace quarry::ir
