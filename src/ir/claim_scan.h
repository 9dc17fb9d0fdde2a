// Shared by the readers of a sentence's terms: the sentence with the spans already read masked,
// so that a later reader does not take the digits of a time for a count.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ir/claims.h"

namespace quarry::ir {

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

// Dates, times of day, ranges and bounds; marks what it reads.
void ExtractTimes(MaskedText& m, ClaimTerms& out);

}  // namespace quarry::ir
