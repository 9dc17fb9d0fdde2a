// Numbers a word announces: "port 445", "event ID 4624", "PID 3224", "logon type 3".
#include <re2/re2.h>

#include <memory>
#include <string>
#include <vector>

#include "ir/claim_roles.h"
#include "ir/claim_scan.h"
#include "ir/claim_words.h"

namespace quarry::ir {
namespace {

struct CuedNumber {
  const char* pattern;
  EntityKind kind;
};

}  // namespace

// Numbers a word announces: ports, event ids, process ids, logon types and ids.
void ReadCuedNumbers(MaskedText& m, ClaimTerms& out) {
  static const CuedNumber kCues[] = {
      {R"((?i)\bports?(?:\s+|-)(\d{1,5})\b)", EntityKind::kPort},
      // "source ports ran from 60166 to 60198": both ends are ports the events hold.
      {R"((?i)\bports?\s+(?:[a-z]+\s+){0,2}(?:from|between)\s+(\d{1,5})\b)", EntityKind::kPort},
      {R"((?i)\bports?\s+(?:[a-z]+\s+){0,2}(?:from|between)\s+\d{1,5}\s*(?:to|through|-|–)\s*(\d{1,5})\b)",
       EntityKind::kPort},
      {R"((?i)\b(?:tcp|udp)[/ ](\d{1,5})\b)", EntityKind::kPort},
      {R"((?i)\b(\d{1,5})/(?:tcp|udp)\b)", EntityKind::kPort},
      // Not "Sysmon 10.42", a version.
      {R"((?i)\bevents?\s*(?:ids?|codes?)?\s*[:=#]?\s*(\d{1,5})(?:$|[^.\w]|\.(?:\s|$)))",
       EntityKind::kEventId},
      {R"((?i)\b(?:sysmon|security|system)\s+(?:event\s+)?(?:id\s+)?(\d{1,5})(?:$|[^.\w]|\.(?:\s|$)))",
       EntityKind::kEventId},
      {R"((?i)\b(?:pid|ppid|process\s*id|processid|logon\s*type|logontype|logon\s*id|logonid|exit\s*code|status|error\s*code)\s*[:=#]?\s*(0x[0-9a-f]+|\d+)\b)",
       EntityKind::kNumber},
      // "filter ID 72161", "record IDs: 24491689": some field's number (event ids, PIDs and logon
      // ids were read above).
      {R"((?i)\bids?\s*[:=#]?\s*(0x[0-9a-f]+|\d{3,})\b)", EntityKind::kNumber},
      // "PowerShell process 2848": a process id.
      {R"((?i)\bprocess\s+(\d{2,})\b)", EntityKind::kNumber},
      // "2762 bytes uncompressed": a size some field holds.
      {R"((?i)(?:^|[^\d,.])(\d{3,})\s*bytes\b)", EntityKind::kNumber},
      // "the RID-500 user object": the last part of a SID.
      {R"((?i)\brid[- ]?(\d{3,})\b)", EntityKind::kNumber},
  };
  static const std::vector<std::unique_ptr<RE2>>* const kCompiled = [] {
    auto* compiled = new std::vector<std::unique_ptr<RE2>>();
    for (const CuedNumber& cue : kCues) compiled->push_back(std::make_unique<RE2>(cue.pattern));
    return compiled;
  }();
  for (size_t n = 0; n < std::size(kCues); ++n) {
    const CuedNumber& cue = kCues[n];
    const RE2& re = *(*kCompiled)[n];
    size_t pos = 0;
    re2::StringPiece group;
    while (pos < m.text.size()) {
      re2::StringPiece rest(m.text.data() + pos, m.text.size() - pos);
      if (!RE2::PartialMatch(rest, re, &group)) break;
      size_t begin = static_cast<size_t>(group.data() - m.text.data());
      size_t end = begin + group.size();
      pos = end;
      if (!m.Free(begin, end)) continue;
      m.Take(begin, end);
      EntityRole role = RoleBefore(m, begin, cue.kind);
      out.entities.push_back({cue.kind, std::string(group.data(), group.size()), role});
      // "ports 135 and 445", "event IDs 4624, 4634 and 4647": the list goes on.
      static const RE2 more(
          R"(^(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*,\s*and\s+)(0x[0-9a-fA-F]+|\d+)\b)");
      re2::StringPiece next;
      while (end < m.text.size() &&
             RE2::PartialMatch(re2::StringPiece(m.text.data() + end, m.text.size() - end), more,
                               &next)) {
        size_t b = static_cast<size_t>(next.data() - m.text.data());
        size_t after = b + next.size();
        // "PID 0x1598, 89 ms after …": a duration, not another PID.
        size_t word = after;
        while (word < m.lower.size() && m.lower[word] == ' ') ++word;
        size_t word_end = word;
        while (word_end < m.lower.size() && IsAlpha(m.lower[word_end])) ++word_end;
        if (word_end > word && UnitWord(std::string_view(m.lower).substr(word, word_end - word)))
          break;
        end = after;
        if (!m.Free(b, end)) break;
        m.Take(b, end);
        out.entities.push_back({cue.kind, std::string(next.data(), next.size()), role});
      }
      pos = end;
    }
  }
}

}  // namespace quarry::ir
