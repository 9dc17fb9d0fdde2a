#include "sigma/gate_index.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/strings.h"
#include "sigma/logsource.h"

namespace quarry::sigma {

namespace {

// Tables a known source fills: rules for unmapped logsources ("generic") never run on them.
constexpr const char* kKnownTables[] = {"SecurityEvent", "SysmonEvent", "WindowsEvent",
                                        "AWSCloudTrail", "Syslog",      "LinuxAudit"};

void Append(std::vector<int>& out, const std::vector<int>* list) {
  if (list != nullptr) out.insert(out.end(), list->begin(), list->end());
}

template <typename Map, typename Key>
const std::vector<int>* Lookup(const Map& map, const Key& key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace

bool IsKnownSourceTable(std::string_view table) {
  return std::find(std::begin(kKnownTables), std::end(kKnownTables), table) !=
         std::end(kKnownTables);
}

int GateIndex::Intern(std::vector<int> rules) {
  std::sort(rules.begin(), rules.end());
  rules.erase(std::unique(rules.begin(), rules.end()), rules.end());
  for (size_t b = 0; b < buckets_.size(); ++b) {
    if (buckets_[b].rules == rules) return static_cast<int>(b);
  }
  GateBucket bucket;
  bucket.rules = std::move(rules);
  buckets_.push_back(std::move(bucket));
  return static_cast<int>(buckets_.size()) - 1;
}

void GateIndex::Build(const std::vector<const Gate*>& gates) {
  // Rules by what their gates name: (channel, id), channel with any id, id on any channel,
  // any Windows event; table; tables nobody claims.
  std::map<std::string, std::map<int64_t, std::vector<int>>> by_channel_id;
  std::map<std::string, std::vector<int>> by_channel;
  std::map<int64_t, std::vector<int>> by_id;
  std::vector<int> windows_any;
  std::map<std::string, std::vector<int>> by_table;
  std::vector<int> generic;
  for (size_t i = 0; i < gates.size(); ++i) {
    const Gate& g = *gates[i];
    int r = static_cast<int>(i);
    if (g.generic) {
      generic.push_back(r);
    } else if (!g.tables.empty()) {
      for (const auto& t : g.tables) by_table[t].push_back(r);
    } else if (!g.channels.empty() && !g.event_ids.empty()) {
      for (const auto& c : g.channels) {
        for (int64_t id : g.event_ids) by_channel_id[AsciiToLower(c)][id].push_back(r);
      }
    } else if (!g.channels.empty()) {
      for (const auto& c : g.channels) by_channel[AsciiToLower(c)].push_back(r);
    } else if (!g.event_ids.empty()) {
      for (int64_t id : g.event_ids) by_id[id].push_back(r);
    } else {
      windows_any.push_back(r);
    }
  }
  buckets_.clear();
  auto windows_bucket = [&](const std::string* channel, const int64_t* id) {
    std::vector<int> rules = windows_any;
    if (id != nullptr) Append(rules, Lookup(by_id, *id));
    if (channel != nullptr) {
      Append(rules, Lookup(by_channel, *channel));
      auto c = by_channel_id.find(*channel);
      if (c != by_channel_id.end() && id != nullptr) Append(rules, Lookup(c->second, *id));
    }
    return Intern(std::move(rules));
  };
  std::set<std::string> channels;
  for (const auto& [c, ids] : by_channel_id) channels.insert(c);
  for (const auto& [c, rules] : by_channel) channels.insert(c);
  channels_.clear();
  for (const auto& channel : channels) {
    ById entry;
    std::set<int64_t> ids;
    for (const auto& [id, rules] : by_id) ids.insert(id);
    if (auto c = by_channel_id.find(channel); c != by_channel_id.end()) {
      for (const auto& [id, rules] : c->second) ids.insert(id);
    }
    for (int64_t id : ids) entry.buckets[id] = windows_bucket(&channel, &id);
    entry.other = windows_bucket(&channel, nullptr);
    channels_.emplace(channel, std::move(entry));
  }
  any_channel_ = ById{};
  for (const auto& [id, rules] : by_id) any_channel_.buckets[id] = windows_bucket(nullptr, &id);
  any_channel_.other = windows_bucket(nullptr, nullptr);

  tables_.clear();
  std::set<std::string> tables(std::begin(kKnownTables), std::end(kKnownTables));
  for (const auto& [t, rules] : by_table) tables.insert(t);
  for (const auto& table : tables) {
    std::vector<int> rules;
    Append(rules, Lookup(by_table, table));
    if (!IsKnownSourceTable(table)) Append(rules, &generic);
    tables_.emplace(table, Intern(std::move(rules)));
  }
  unknown_table_ = Intern(generic);
}

const GateBucket& GateIndex::ForWindows(std::string_view lower_channel, int64_t event_id) const {
  auto c = channels_.find(lower_channel);
  const ById& by_id = c == channels_.end() ? any_channel_ : c->second;
  return buckets_[static_cast<size_t>(by_id.Find(event_id))];
}

const GateBucket& GateIndex::ForTable(std::string_view table) const {
  auto t = tables_.find(table);
  return buckets_[static_cast<size_t>(t == tables_.end() ? unknown_table_ : t->second)];
}

}  // namespace quarry::sigma
