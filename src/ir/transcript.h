// A responders' chat transcript as a "people" lane of the timeline: a Slack export (a JSON
// array of messages with ts, user or user_name or user_profile.real_name, and text) or plain
// lines "TIME NAME: text" (TIME as ISO 8601, or HH:MM[:SS] with the day given). Untrusted
// input: what cannot be read is reported by line and the rest is kept.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace quarry::ir {

struct ChatMessage {
  Timestamp time;
  std::string name;
  std::string text;
  int line = 0;  // 1-based line (plain lines) or message index (Slack)
};

struct Transcript {
  std::string shape;                  // "slack", "lines", or "" when nothing could be read
  std::vector<ChatMessage> messages;  // in time order
  std::vector<std::string> problems;  // "line 7: no time" and the like
};

// `day` (days since 1970-01-01) dates lines that give only a time of day; without it such
// lines are problems.
Transcript ParseTranscript(std::string_view text, std::optional<int64_t> day = std::nullopt);

}  // namespace quarry::ir
