#include "ir/transcript.h"

#include <simdjson.h>

#include <algorithm>

#include "core/strings.h"

namespace quarry::ir {
namespace {

constexpr int64_t kDay = 86400 * Timestamp::kTicksPerSecond;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

std::string Member(simdjson::dom::element e, const char* key) {
  std::string_view v;
  if (e[key].get_string().get(v) == simdjson::SUCCESS) return std::string(v);
  return "";
}

void ReadSlack(std::string_view text, Transcript& out) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element doc;
  if (parser.parse(padded).get(doc) != simdjson::SUCCESS) {
    out.problems.push_back("not valid JSON (a Slack export is a JSON array of messages)");
    return;
  }
  simdjson::dom::array messages;
  if (doc.get_array().get(messages) != simdjson::SUCCESS) {
    out.problems.push_back("the JSON is not an array of messages");
    return;
  }
  out.shape = "slack";
  int index = 0;
  for (simdjson::dom::element m : messages) {
    ++index;
    std::string ts = Member(m, "ts");
    auto time = ParseEpochSecondsText(ts);
    if (!time) {
      out.problems.push_back("message " + std::to_string(index) + ": no time (ts)");
      continue;
    }
    std::string name = Member(m, "user_name");
    if (name.empty()) {
      simdjson::dom::element profile;
      if (m["user_profile"].get(profile) == simdjson::SUCCESS) name = Member(profile, "real_name");
    }
    if (name.empty()) name = Member(m, "user");
    if (name.empty()) name = Member(m, "username");
    std::string body = Member(m, "text");
    if (body.empty()) continue;  // joins, reactions and the like
    out.messages.push_back({*time, name.empty() ? "unknown" : name, body, index});
  }
}

// The time a line starts with, and where the rest begins.
std::optional<Timestamp> LeadingTime(std::string_view line, std::optional<int64_t> day,
                                     size_t& rest, std::string& problem) {
  std::string_view head = line;
  size_t skip = 0;
  if (!line.empty() && line.front() == '[') {  // "[09:20] alice: …"
    size_t close = line.find(']');
    if (close == std::string_view::npos) {
      problem = "an unclosed [time]";
      return std::nullopt;
    }
    head = line.substr(1, close - 1);
    skip = close + 1;
  } else {
    // The time runs to the first space, or the second when a date comes first.
    size_t space = line.find(' ');
    if (space != std::string_view::npos && space == 10 && line.size() > 11 && IsDigit(line[11])) {
      space = line.find(' ', 11);
    }
    if (space == std::string_view::npos) {
      problem = "no time at the start";
      return std::nullopt;
    }
    head = line.substr(0, space);
    skip = space;
    std::string_view after = TrimAscii(line.substr(space));
    for (std::string_view zone : {"UTC", "Z", "GMT"}) {
      if (after.substr(0, zone.size()) == zone &&
          (after.size() == zone.size() || after[zone.size()] == ' ')) {
        skip = line.size() - after.size() + zone.size();
      }
    }
  }
  rest = skip;
  head = TrimAscii(head);
  if (head.size() >= 10 && IsDigit(head[0]) && head[4] == '-') {
    auto t = ParseIsoTime(head);
    if (!t) problem = "'" + std::string(head) + "' is not a time";
    return t;
  }
  // A time of day: HH:MM or HH:MM:SS, perhaps with UTC or Z.
  std::string tod(head);
  for (std::string_view zone : {" UTC", "Z"}) {
    if (tod.size() > zone.size() && tod.compare(tod.size() - zone.size(), zone.size(), zone) == 0)
      tod.resize(tod.size() - zone.size());
  }
  // HH:MM or H:MM, then :SS perhaps: digits where digits belong, nothing else.
  auto digits = [&](size_t at, size_t n) -> int {
    if (at + n > tod.size()) return -1;
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (!IsDigit(tod[i])) return -1;
      v = v * 10 + (tod[i] - '0');
    }
    return v;
  };
  size_t colon = tod.find(':');
  int h = colon == 1 || colon == 2 ? digits(0, colon) : -1;
  int m = h < 0 ? -1 : digits(colon + 1, 2);
  int sec = 0;
  if (m >= 0 && tod.size() > colon + 3) {
    sec = tod[colon + 3] == ':' && tod.size() == colon + 6 ? digits(colon + 4, 2) : -1;
  }
  if (h < 0 || m < 0 || sec < 0) {
    problem = "no time at the start";
    return std::nullopt;
  }
  if (h > 23 || m > 59 || sec > 60) {
    problem = "'" + tod + "' is not a time of day";
    return std::nullopt;
  }
  if (!day) {
    problem = "a time of day without a date (give the date of the transcript)";
    return std::nullopt;
  }
  int64_t seconds = int64_t{h} * 3600 + int64_t{m} * 60 + sec;
  return Timestamp{*day * kDay + seconds * Timestamp::kTicksPerSecond};
}

void ReadLines(std::string_view text, std::optional<int64_t> day, Transcript& out) {
  out.shape = "lines";
  int number = 0;
  for (size_t start = 0; start <= text.size();) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = TrimAscii(text.substr(start, nl - start));
    start = nl + 1;
    ++number;
    if (line.empty() || line.front() == '#') continue;
    size_t rest = 0;
    std::string problem;
    auto time = LeadingTime(line, day, rest, problem);
    if (!time) {
      out.problems.push_back("line " + std::to_string(number) + ": " + problem);
      continue;
    }
    std::string_view body = TrimAscii(line.substr(std::min(rest, line.size())));
    size_t colon = body.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 64) {
      out.problems.push_back("line " + std::to_string(number) + ": no 'NAME:' after the time");
      continue;
    }
    out.messages.push_back({*time, std::string(TrimAscii(body.substr(0, colon))),
                            std::string(TrimAscii(body.substr(colon + 1))), number});
  }
}

}  // namespace

Transcript ParseTranscript(std::string_view text, std::optional<int64_t> day) {
  Transcript out;
  std::string_view t = TrimAscii(text);
  if (!t.empty() && t.front() == '[' && TrimAscii(t.substr(1)).substr(0, 1) == "{") {
    ReadSlack(text, out);
  } else if (!t.empty() && t.front() == '{') {
    out.problems.push_back("a JSON object, not a Slack export (a JSON array of messages)");
  } else {
    ReadLines(text, day, out);
  }
  if (out.messages.empty()) {
    out.shape.clear();
    out.problems.push_back(
        "no message could be read: the transcript is neither a Slack export nor lines of "
        "'TIME NAME: text'");
  }
  std::stable_sort(out.messages.begin(), out.messages.end(),
                   [](const ChatMessage& a, const ChatMessage& b) { return a.time < b.time; });
  return out;
}

}  // namespace quarry::ir
