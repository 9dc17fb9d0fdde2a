// Command-line switches written without quotes, as fragments of a command line.
#include <string>
#include <vector>

#include "core/strings.h"
#include "ir/claim_scan.h"

namespace quarry::ir {
namespace {

// An unquoted run of command-line switches ("-nop -w hidden -enc"): each switch, with the value
// between it and the next switch, is a fragment of the command line; the run as a whole need
// not be, since a writer may leave switches out.
void ReadSwitchRuns(MaskedText& m, ClaimTerms& out) {
  static const RE2 run(
      R"((?:^|[\s(])(-[A-Za-z][A-Za-z0-9]*(?:\s+(?:[A-Za-z0-9]+\s+)?-[A-Za-z][A-Za-z0-9]*)+)\b)");
  TakeFreeMatches(m, run, [&](size_t, std::string_view span) {
    std::vector<std::string_view> tokens;
    std::string_view rest = span;
    while (!(rest = TrimAscii(rest)).empty()) {
      size_t end = 0;
      while (end < rest.size() && rest[end] != ' ' && rest[end] != '\t' && rest[end] != '\n') ++end;
      tokens.push_back(rest.substr(0, end));
      rest.remove_prefix(end);
    }
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].front() != '-') continue;
      std::string fragment(tokens[i]);
      if (i + 1 < tokens.size() && tokens[i + 1].front() != '-' && tokens[i + 1] != "and" &&
          tokens[i + 1] != "or") {
        fragment += " ";
        fragment += tokens[i + 1];
      }
      out.entities.push_back({EntityKind::kFragment, fragment});
    }
  });
}

// "with the switches /s and /ni", "the arguments user /add /domain": where a sentence speaks of
// switches, each one it writes is a fragment of the command line.
void ReadCuedSwitches(MaskedText& m, ClaimTerms& out) {
  static const RE2 cue(R"((?i)\b(?:switch|flag|argument|option|parameter)(?:s|es)?\b)");
  if (!RE2::PartialMatch(m.text, cue)) return;
  static const RE2 one(R"((?:^|[\s(])([/-][A-Za-z][A-Za-z0-9]*)(?:$|[\s,;)]|\.(?:\s|$)))");
  TakeFreeMatches(m, one, [&](size_t, std::string_view token) {
    out.entities.push_back({EntityKind::kFragment, std::string(token)});
  });
}

}  // namespace

void ReadSwitches(MaskedText& m, ClaimTerms& out) {
  ReadSwitchRuns(m, out);
  ReadCuedSwitches(m, out);
}

}  // namespace quarry::ir
