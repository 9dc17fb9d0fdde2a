// Shared by the readers of a sentence's terms: the sentence with the spans already read masked,
// so that a later reader does not take the digits of a time for a count.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "ir/claims.h"

namespace quarry::ir {

inline bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
inline bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

struct MaskedText {
  std::string text;
  std::string lower;
  std::vector<bool> used;

  explicit MaskedText(std::string_view s);
  bool Free(size_t begin, size_t end) const;
  void Take(size_t begin, size_t end);
  // The word (letters, digits, '-', '\'') ending right before `pos`, lower case; "" if none.
  std::string WordBefore(size_t pos, size_t skip_words = 0) const;
};

// Each match of `re`'s group that no earlier reader took: taken, and passed on with where it
// begins.
template <typename TakeMatch>
void TakeFreeMatches(MaskedText& m, const RE2& re, TakeMatch&& take) {
  re2::StringPiece input(m.text), found;
  while (RE2::FindAndConsume(&input, re, &found)) {
    size_t begin = static_cast<size_t>(found.data() - m.text.data());
    if (!m.Free(begin, begin + found.size())) continue;
    m.Take(begin, begin + found.size());
    take(begin, std::string_view(found.data(), found.size()));
  }
}

// Command-line switches a sentence writes unquoted: runs ("-nop -w hidden -enc") and, where it
// speaks of switches or arguments, lone ones ("/s and /ni").
void ReadSwitches(MaskedText& m, ClaimTerms& out);

// Spans between cited events: "58 seconds after", "about twenty minutes apart"
// (claim_durations.cpp).
void ReadDurations(MaskedText& m, ClaimTerms& out);
// Numbers a word announces: ports, event ids, process ids, logon types and ids.
void ReadCuedNumbers(MaskedText& m, ClaimTerms& out);

// "C:\Users\x\lsass (2).DMP": a path whose last part is a file's name (claim_terms.cpp).
bool EndsWithFileName(std::string_view text);

// Values stated for fields named by their names ("`DestinationPort` 443"), read from the raw
// sentence; nothing is taken from the other readers.
void ReadFieldValues(std::string_view body, ClaimTerms& out);

// Logon types (by number or by name) and authentication packages.
void ReadLogonFacts(MaskedText& m, ClaimTerms& out);

// Dates, times of day, ranges and bounds; marks what it reads.
void ExtractTimes(MaskedText& m, ClaimTerms& out);
// Its words (claim_time_words.cpp): a month's number (1-12, 0 for none); whether the text between
// two times makes them a range ("to", "until"); a bound the two words before a time set ("after",
// "until"); hedges ("about"; "shortly after": within the hour).
int MonthNumber(std::string_view word);
bool RangeConnector(std::string_view between);
void ReadTimeBound(TimeTerm& t, const std::string& w1, const std::string& w2);
void ReadTimeHedge(TimeTerm& t, const std::string& w1, const std::string& w2);

// A word no reader has taken yet, where it stands in the sentence.
struct Word {
  size_t begin, end;
  std::string text, lower;
  bool bracketed = false;  // "(0x17)": an aside
};
std::vector<Word> FreeWords(const MaskedText& m);

bool Ordinal(std::string_view w);  // "3rd", "10s", "5min"
// "12", "1,024", "three"; `times` is set for "once", "twice".
std::optional<int64_t> Number(std::string_view w, bool* times);
bool HasDigit(std::string_view w);
bool HasLower(std::string_view w);
bool HasUpper(std::string_view w);
// Counts, marking the words they take; other numbers in digits go to out.numbers.
void ReadCounts(const MaskedText& m, const std::vector<Word>& words, std::vector<bool>& taken,
                ClaimTerms& out);

}  // namespace quarry::ir
