// The built-in incident summary: templated prose, no model, written from the case's alerts and
// the events they flag. Every sentence cites what it says; quarry ir summarize then verifies
// each one and keeps only those that hold.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ir/timeline.h"

namespace quarry::ir {

struct SummaryInput {
  std::string case_name;
  std::vector<TimelineEntry> alerts;        // in time order
  std::map<int64_t, TimelineEntry> events;  // the alerted events, by _eid
  // "T1003.001" → "LSASS Memory"; "" when the catalog does not know it.
  std::function<std::string(const std::string&)> technique_name;
  int64_t gap_ticks = 0;  // alerts of one rule on one host closer than this are one step
};

// Markdown: a title, "What happened, in order" (one line per step), "By host and identity",
// "What is still unknown". One sentence a line, each with its citations.
std::string DraftSummary(const SummaryInput& input);

// The phrase that says what one event shows ("WINWORD.EXE started powershell.exe as
// CORP\alice"), "" for kinds without a template.
std::string EventPhrase(const TimelineEntry& event);

}  // namespace quarry::ir
