// quarry ir postmortem: a Markdown postmortem skeleton from checked facts only: the verified
// timeline of key events, time to detect, what was detected by which rule and what was not
// (techniques hunted in the journal that no alert carries), the people lane of a chat
// transcript, and the parts people write (contributing factors, five whys, action items)
// left as questions. --comms drafts a status, customer or executive update from the same
// verified facts, every gap marked for the person to fill.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace quarry::app {

struct PostmortemRequest {
  std::string case_dir;
  std::string from, to;
  std::string gap = "10m";
  std::string transcript;       // a file: Slack export JSON or lines "TIME NAME: text"
  std::string transcript_date;  // YYYY-MM-DD for lines that give only a time of day
  std::string comms;            // "", "status", "customer" or "executive"
};

struct PostmortemReport {
  std::string markdown;
  int64_t verified = 0;               // fact sentences that held
  std::vector<std::string> removed;   // fact sentences that did not, with the reason
  std::vector<std::string> warnings;  // transcript lines not read, a case without alerts, …
};

Result<PostmortemReport> Postmortem(const PostmortemRequest& request);

}  // namespace quarry::app
