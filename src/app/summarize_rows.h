// quarry hunt --summarize: a short interpretation of a hunt's rows (how many, the largest
// value of a count and whose it is, how many distinct values, the time they span), each
// sentence checked against the rows by the same reader and checks as quarry ir verify; a
// sentence that does not hold is left out and said.
#pragma once

#include <string>
#include <vector>

#include "app/render.h"

namespace quarry::app {

struct RowsSummary {
  std::vector<std::string> sentences;  // checked against the rows
  std::vector<std::string> removed;    // sentences that did not hold, with the reason
};

RowsSummary SummarizeRows(const Table& table);

}  // namespace quarry::app
