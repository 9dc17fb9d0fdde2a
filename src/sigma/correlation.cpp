#include "sigma/correlation.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "core/strings.h"

namespace quarry::sigma {
namespace {

// Compares names the way rules do: without case, spaces or dots (userIdentity.arn names the
// flattened UserIdentityArn column).
bool SameName(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  for (;;) {
    while (i < a.size() && (a[i] == ' ' || a[i] == '.')) ++i;
    while (j < b.size() && (b[j] == ' ' || b[j] == '.')) ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (AsciiLower(a[i]) != AsciiLower(b[j])) return false;
    ++i;
    ++j;
  }
}

const Value* FindField(const Event& e, std::string_view name) {
  for (const Field& f : e.fields()) {
    if (EqualsIgnoreCaseAscii(f.name, name)) return &f.value;
  }
  for (const Field& f : e.fields()) {
    if (SameName(f.name, name)) return &f.value;
  }
  return nullptr;
}

std::string TextOf(const Value* v) {
  if (v == nullptr || v->is_null()) return {};
  return v->type() == ValueType::kString ? v->as_string() : v->ToText();
}

}  // namespace

void FeedsFor(const std::vector<Correlation>& correlations, int rule_info, const Event& event,
              std::vector<CorrelationFeed>& out) {
  if (!event.time) return;  // windows need a time
  for (size_t c = 0; c < correlations.size(); ++c) {
    const Correlation& corr = correlations[c];
    if (std::find(corr.rule_infos.begin(), corr.rule_infos.end(), rule_info) ==
        corr.rule_infos.end()) {
      continue;
    }
    CorrelationFeed feed;
    feed.correlation = static_cast<int>(c);
    feed.rule_info = rule_info;
    feed.time = *event.time;
    feed.event = event.provenance.source + '#' + std::to_string(event.provenance.record);
    bool complete = true;
    for (const auto& g : corr.group_by) {
      std::string field = g;
      auto alias = corr.aliases.find(g);
      if (alias != corr.aliases.end()) {
        auto r = alias->second.find(rule_info);
        if (r != alias->second.end()) field = r->second;
      }
      const Value* v = FindField(event, field);
      if (v == nullptr) {
        complete = false;  // an event without the group-by field belongs to no group
        break;
      }
      feed.key += TextOf(v);
      feed.key += '\x1f';
    }
    if (!complete) continue;
    if (!corr.field.empty()) {
      const Value* v = FindField(event, corr.field);
      if (v == nullptr) continue;
      feed.value = TextOf(v);
    }
    out.push_back(std::move(feed));
  }
}

std::vector<std::pair<std::string, std::string>> GroupValues(const Correlation& c,
                                                             std::string_view key) {
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 0, from = 0; i < c.group_by.size() && from <= key.size(); ++i) {
    size_t end = std::min(key.find('\x1f', from), key.size());
    out.emplace_back(c.group_by[i], key.substr(from, end - from));
    from = end + 1;
  }
  return out;
}

void FeedsForFiring(const std::vector<Correlation>& correlations, int fired, const std::string& key,
                    Timestamp time, std::vector<CorrelationFeed>& out) {
  const Correlation& c = correlations[static_cast<size_t>(fired)];
  Event ev;
  ev.time = time;
  for (const auto& [field, value] : GroupValues(c, key)) ev.AddString(field, value);
  // Identifies the firing, so that one firing counts once (as one event does).
  ev.provenance.source = "correlation " + std::to_string(fired) + " " + key;
  ev.provenance.record = static_cast<uint64_t>(time.ticks);
  FeedsFor(correlations, c.info, ev, out);
}

CorrelationState::CorrelationState(const std::vector<Correlation>& correlations)
    : correlations_(correlations), groups_(correlations.size()), last_event_(correlations.size()) {}

bool CorrelationState::Compare(const Correlation& c, double x) const {
  switch (c.op) {
    case Correlation::Op::kGt:
      return x > c.threshold;
    case Correlation::Op::kGte:
      return x >= c.threshold;
    case Correlation::Op::kLt:
      return x < c.threshold;
    case Correlation::Op::kLte:
      return x <= c.threshold;
    case Correlation::Op::kEq:
      return x == c.threshold;
    case Correlation::Op::kNeq:
      return x != c.threshold;
  }
  return false;
}

bool CorrelationState::Evaluate(const Correlation& c, const Group& g) const {
  const auto& e = g.entries;
  switch (c.type) {
    case Correlation::Type::kEventCount:
      return Compare(c, static_cast<double>(e.size()));
    case Correlation::Type::kValueCount: {
      std::set<std::string> distinct;
      for (const auto& x : e) distinct.insert(x.value);
      return Compare(c, static_cast<double>(distinct.size()));
    }
    case Correlation::Type::kTemporal:
    case Correlation::Type::kTemporalOrdered: {
      std::set<int> seen;
      for (const auto& x : e) seen.insert(x.rule_info);
      double distinct = static_cast<double>(seen.size());
      bool ok = c.has_condition ? Compare(c, distinct)
                                : distinct >= static_cast<double>(c.rule_infos.size());
      if (!ok || c.type == Correlation::Type::kTemporal) return ok;
      // Ordered: the listed rules appear in order (each after an occurrence of the previous).
      size_t next = 0;
      for (const auto& x : e) {
        if (next < c.rule_infos.size() && x.rule_info == c.rule_infos[next]) ++next;
      }
      return next == c.rule_infos.size();
    }
    case Correlation::Type::kValueSum:
    case Correlation::Type::kValueAvg:
    case Correlation::Type::kValuePercentile: {
      std::vector<double> values;
      for (const auto& x : e) {
        char* end = nullptr;
        double v = std::strtod(x.value.c_str(), &end);
        if (end != x.value.c_str() && *end == '\0') values.push_back(v);
      }
      if (values.empty()) return false;
      double sum = 0;
      for (double v : values) sum += v;
      if (c.type == Correlation::Type::kValueSum) return Compare(c, sum);
      if (c.type == Correlation::Type::kValueAvg) {
        return Compare(c, sum / static_cast<double>(values.size()));
      }
      std::sort(values.begin(), values.end());
      double rank = c.percentile / 100.0 * static_cast<double>(values.size() - 1);
      auto lo = static_cast<size_t>(std::floor(rank));
      size_t hi = std::min(values.size() - 1, lo + 1);
      double p = values[lo] + (values[hi] - values[lo]) * (rank - static_cast<double>(lo));
      return Compare(c, p);
    }
  }
  return false;
}

bool CorrelationState::Feed(const CorrelationFeed& feed) {
  const Correlation& c = correlations_[static_cast<size_t>(feed.correlation)];
  auto& groups = groups_[static_cast<size_t>(feed.correlation)];
  std::string& last = last_event_[static_cast<size_t>(feed.correlation)];
  bool same_event = !feed.event.empty() && feed.event == last;
  last = feed.event;
  // A second rule matching the same event adds nothing to counts (temporal types still learn
  // that this rule matched too).
  bool temporal =
      c.type == Correlation::Type::kTemporal || c.type == Correlation::Type::kTemporalOrdered;
  if (same_event && !temporal) return false;
  if (c.JudgedAtWindowEnd()) {
    FeedJudgedAtEnd(c, feed);
    return false;
  }
  if (groups.size() >= kMaxGroups && !groups.count(feed.key)) {
    // Bounded state: drop the groups whose last event is furthest in the past.
    Timestamp cutoff{feed.time.ticks - c.timespan_ticks};
    for (auto it = groups.begin(); it != groups.end();) {
      it = it->second.last < cutoff ? groups.erase(it) : std::next(it);
    }
    if (groups.size() >= kMaxGroups) groups.erase(groups.begin());
  }
  Group& g = groups[feed.key];
  g.last = std::max(g.last, feed.time);
  g.entries.push_back({feed.time, feed.rule_info, feed.value});
  // Sliding window: keep what lies within the timespan of the newest event.
  Timestamp newest = g.last;
  while (!g.entries.empty() && g.entries.front().time.ticks < newest.ticks - c.timespan_ticks) {
    g.entries.pop_front();
  }
  while (g.entries.size() > kMaxEntries) g.entries.pop_front();
  if (!Evaluate(c, g)) return false;
  g.entries.clear();
  return true;
}

void CorrelationState::Close(int correlation, const std::string& key, Group& g) {
  const Correlation& c = correlations_[static_cast<size_t>(correlation)];
  if (!g.entries.empty() && Evaluate(c, g)) closed_.push_back({correlation, key, g.origin});
  g.entries.clear();
  g.origin.reset();
}

void CorrelationState::FeedJudgedAtEnd(const Correlation& c, const CorrelationFeed& feed) {
  auto& groups = groups_[static_cast<size_t>(feed.correlation)];
  if (groups.size() >= kMaxGroups && !groups.count(feed.key)) {
    // Bounded state: the windows that ended long ago are judged and dropped first.
    Timestamp cutoff{feed.time.ticks - c.timespan_ticks};
    for (auto it = groups.begin(); it != groups.end();) {
      if (it->second.last < cutoff) {
        Close(feed.correlation, it->first, it->second);
        it = groups.erase(it);
      } else {
        ++it;
      }
    }
    if (groups.size() >= kMaxGroups) {
      Close(feed.correlation, groups.begin()->first, groups.begin()->second);
      groups.erase(groups.begin());
    }
  }
  Group& g = groups[feed.key];
  if (!g.entries.empty() && feed.time.ticks > g.start.ticks + c.timespan_ticks) {
    Close(feed.correlation, feed.key, g);
  }
  if (g.entries.empty()) g.start = feed.time;
  g.last = std::max(g.last, feed.time);
  g.entries.push_back({feed.time, feed.rule_info, feed.value});
  g.origin = feed.origin;
  while (g.entries.size() > kMaxEntries) g.entries.pop_front();
}

void CorrelationState::Finish() {
  for (size_t i = 0; i < correlations_.size(); ++i) {
    if (!correlations_[i].JudgedAtWindowEnd()) continue;
    // In window order (then key), whatever the hash map's order.
    std::vector<std::pair<Timestamp, const std::string*>> open;
    for (const auto& [key, g] : groups_[i]) {
      if (!g.entries.empty()) open.emplace_back(g.start, &key);
    }
    std::sort(open.begin(), open.end(), [](const auto& a, const auto& b) {
      return a.first < b.first || (!(b.first < a.first) && *a.second < *b.second);
    });
    for (const auto& [start, key] : open) {
      Close(static_cast<int>(i), *key, groups_[i].at(*key));
    }
  }
}

std::vector<ClosedWindow> CorrelationState::TakeClosed() {
  std::vector<ClosedWindow> out;
  out.swap(closed_);
  return out;
}

}  // namespace quarry::sigma
