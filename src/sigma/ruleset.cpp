#include "sigma/ruleset.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <thread>

#include "core/strings.h"

namespace quarry::sigma {

const char* LevelName(Level level) {
  switch (level) {
    case Level::kInformational:
      return "informational";
    case Level::kLow:
      return "low";
    case Level::kMedium:
      return "medium";
    case Level::kHigh:
      return "high";
    case Level::kCritical:
      return "critical";
  }
  return "medium";
}

bool ParseLevel(std::string_view text, Level& out) {
  static const std::pair<const char*, Level> kLevels[] = {{"informational", Level::kInformational},
                                                          {"low", Level::kLow},
                                                          {"medium", Level::kMedium},
                                                          {"high", Level::kHigh},
                                                          {"critical", Level::kCritical}};
  for (const auto& [name, level] : kLevels) {
    if (EqualsIgnoreCaseAscii(text, name)) {
      out = level;
      return true;
    }
  }
  return false;
}

bool Cidr::Parse(std::string_view text, Cidr& out) {
  size_t slash = text.find('/');
  std::string addr(text.substr(0, slash));
  out = Cidr{};
  out.v6 = addr.find(':') != std::string::npos;
  int max_prefix = out.v6 ? 128 : 32;
  if (inet_pton(out.v6 ? AF_INET6 : AF_INET, addr.c_str(), out.bytes) != 1) return false;
  out.prefix = max_prefix;
  if (slash != std::string_view::npos) {
    std::string p(text.substr(slash + 1));
    char* end = nullptr;
    long v = std::strtol(p.c_str(), &end, 10);
    if (p.empty() || *end != '\0' || v < 0 || v > max_prefix) return false;
    out.prefix = static_cast<int>(v);
  }
  return true;
}

bool Cidr::Contains(std::string_view ip_text) const {
  std::string ip(TrimAscii(ip_text));
  if (ip.size() > 2 && ip.front() == '[') ip = ip.substr(1, ip.find(']') - 1);
  uint8_t addr[16] = {};
  bool is_v6 = ip.find(':') != std::string::npos;
  if (is_v6) {
    if (inet_pton(AF_INET6, ip.c_str(), addr) != 1) return false;
    if (!v6) {
      // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) counts as its IPv4 address.
      static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
      if (std::memcmp(addr, kMapped, 12) != 0) return false;
      std::memmove(addr, addr + 12, 4);
    }
  } else {
    if (v6 || inet_pton(AF_INET, ip.c_str(), addr) != 1) return false;
  }
  int full = prefix / 8, rest = prefix % 8;
  if (std::memcmp(addr, bytes, static_cast<size_t>(full)) != 0) return false;
  if (rest == 0) return true;
  auto mask = static_cast<uint8_t>(0xFF << (8 - rest));
  return (addr[full] & mask) == (bytes[full] & mask);
}

Ruleset::Ruleset() = default;
Ruleset::~Ruleset() = default;
Ruleset::Ruleset(Ruleset&&) noexcept = default;
Ruleset& Ruleset::operator=(Ruleset&&) noexcept = default;

int Ruleset::AddInfo(RuleInfo info) {
  infos_.push_back(std::move(info));
  return static_cast<int>(infos_.size()) - 1;
}

std::string Ruleset::SlotKey(std::string_view field_name) {
  std::string key;
  for (char ch : field_name) {
    if (ch != ' ') key += AsciiLower(ch);
  }
  return key;
}

int Ruleset::Slot(std::string_view field_name) {
  std::string key = SlotKey(field_name);
  auto it = slots_.find(key);
  if (it != slots_.end()) return it->second;
  int slot = static_cast<int>(slot_names_.size());
  slot_names_.emplace_back(field_name);
  slots_.emplace(std::move(key), slot);
  return slot;
}

void Ruleset::VisitTests(int node, const std::function<void(const Test&, bool negated)>& fn) const {
  // Iterative, like Eval: conditions nest as deep as rules write them.
  std::vector<std::pair<int, bool>> stack{{node, false}};
  while (!stack.empty()) {
    auto [at, negated] = stack.back();
    stack.pop_back();
    const Node& n = nodes_[static_cast<size_t>(at)];
    switch (n.op) {
      case Node::Op::kTest:
        fn(tests_[static_cast<size_t>(n.index)], negated);
        break;
      case Node::Op::kNot:
        stack.emplace_back(n.index, !negated);
        break;
      case Node::Op::kAnd:
      case Node::Op::kOr:
        for (uint32_t k = 0; k < n.count; ++k) {
          stack.emplace_back(child_index_[static_cast<size_t>(n.index) + k], negated);
        }
        break;
      case Node::Op::kTrue:
      case Node::Op::kFalse:
        break;
    }
  }
}

int Ruleset::AddTest(Test test, const std::string& key) {
  auto it = test_keys_.find(key);
  if (it != test_keys_.end()) return it->second;
  tests_.push_back(std::move(test));
  int index = static_cast<int>(tests_.size()) - 1;
  test_keys_.emplace(key, index);
  return index;
}

int Ruleset::AddNode(Node node) {
  nodes_.push_back(node);
  return static_cast<int>(nodes_.size()) - 1;
}

int Ruleset::AddGroup(Node::Op op, const std::vector<int>& children) {
  if (children.size() == 1) return children[0];
  if (children.empty())
    return AddNode(Node{op == Node::Op::kAnd ? Node::Op::kTrue : Node::Op::kFalse, 0, 0});
  Node n{op, static_cast<int32_t>(child_index_.size()), static_cast<uint32_t>(children.size())};
  child_index_.insert(child_index_.end(), children.begin(), children.end());
  return AddNode(n);
}

void Ruleset::AddRule(CompiledRule rule) {
  rules_.push_back(std::move(rule));
}

void Ruleset::AddCorrelation(Correlation c) {
  correlations_.push_back(std::move(c));
}

void Ruleset::Finish(size_t threads) {
  // A rule shows its own alerts unless every correlation using it is non-generating.
  std::vector<int> uses(infos_.size(), 0), generating(infos_.size(), 0);
  for (const auto& c : correlations_) {
    for (int r : c.rule_infos) {
      ++uses[static_cast<size_t>(r)];
      generating[static_cast<size_t>(r)] += c.generate ? 1 : 0;
    }
  }
  suppressed_.assign(infos_.size(), 0);
  for (size_t i = 0; i < infos_.size(); ++i) {
    // A selection may leave correlations out: it decided this over all of them (alerts_alone).
    bool alone = infos_[i].alerts_alone >= 0 ? infos_[i].alerts_alone == 1
                                             : !(uses[i] > 0 && generating[i] == 0);
    suppressed_[i] = !infos_[i].selected || !alone;
  }
  channel_slot_ = Slot("Channel");
  event_id_slot_ = Slot("EventID");
  size_t named = slot_names_.size();
  std::vector<PathFallback> fallbacks(named);
  for (size_t slot = 0; slot < named; ++slot) {
    std::string name = slot_names_[slot];
    if (name.find('.') == std::string::npos) continue;
    std::string flat;
    for (char c : name) {
      if (c != '.') flat += c;
    }
    fallbacks[slot].alias_slot = Slot(flat);
    for (size_t dot = name.rfind('.'); dot != std::string::npos && dot > 0;
         dot = name.rfind('.', dot - 1)) {
      std::vector<std::string> path;
      std::stringstream rest(name.substr(dot + 1));
      for (std::string part; std::getline(rest, part, '.');) path.push_back(part);
      fallbacks[slot].splits.emplace_back(Slot(name.substr(0, dot)), std::move(path));
      if (dot == 0) break;
    }
  }
  fallbacks.resize(slot_names_.size());
  fallbacks_ = std::move(fallbacks);
  // A wildcard test goes into databases when Vectorscan can take its pattern.
  std::vector<std::string> regex_of_test(tests_.size());
  db_able_.assign(tests_.size(), 0);
  for (size_t i = 0; i < tests_.size(); ++i) {
    const Test& t = tests_[i];
    if (t.kind != Test::Kind::kGlob && t.kind != Test::Kind::kKeyword) continue;
    std::string& re = regex_of_test[i];
    re = GlobToRegex(t.glob.pattern(), /*separated=*/t.kind == Test::Kind::kKeyword);
    if (re.empty()) continue;
    db_able_[i] = kDatabaseExact;
    // Anchored patterns cost Vectorscan 15 to 40 times as long to compile (the SigmaHQ set took
    // 10 s, 7 of them for anchors): the database finds where the rest occurs, and the test
    // confirms the anchors on the few fields it finds.
    if (re.back() == '$') {  // GlobToRegex writes every other '$' or '^' as \x..
      re.pop_back();
      db_able_[i] = kDatabaseCandidate;
    }
    if (re.front() == '^') {
      re.erase(0, 1);
      db_able_[i] = kDatabaseCandidate;
    }
  }
  std::vector<Clauses> clauses = AnchorClauses();
  std::vector<const Gate*> gates;
  std::vector<Gate> routing = RoutingGates();
  gates.reserve(rules_.size());
  for (const auto& gate : routing) gates.push_back(&gate);
  gates_.Build(gates);
  databases_ = std::make_unique<FieldDatabases>();
  std::vector<std::vector<int>> tests_of_rule(rules_.size());
  for (size_t r = 0; r < rules_.size(); ++r) CollectDatabaseTests(rules_[r].root, tests_of_rule[r]);
  for (GateBucket& bucket : gates_.buckets())
    RequestBucketDatabases(bucket, tests_of_rule, regex_of_test);
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  databases_->Compile(regex_of_test, threads);
  for (GateBucket& bucket : gates_.buckets()) AnchorBucketRules(bucket, clauses);
}

void Ruleset::CollectDatabaseTests(int index, std::vector<int>& out) const {
  const Node& n = nodes_[static_cast<size_t>(index)];
  switch (n.op) {
    case Node::Op::kTest:
      if (db_able_[static_cast<size_t>(n.index)] != 0) out.push_back(n.index);
      return;
    case Node::Op::kNot:
      CollectDatabaseTests(n.index, out);
      return;
    case Node::Op::kAnd:
    case Node::Op::kOr:
      for (uint32_t i = 0; i < n.count; ++i) {
        CollectDatabaseTests(child_index_[static_cast<size_t>(n.index) + i], out);
      }
      return;
    case Node::Op::kTrue:
    case Node::Op::kFalse:
      return;
  }
}

void Ruleset::RequestBucketDatabases(GateBucket& bucket,
                                     const std::vector<std::vector<int>>& tests_of_rule,
                                     const std::vector<std::string>& regex_of_test) {
  // One database per (field, cased) over the tests of this bucket's rules only.
  std::map<int, std::vector<int>> by_key;
  for (int r : bucket.rules) {
    for (int t : tests_of_rule[static_cast<size_t>(r)]) {
      const Test& test = tests_[static_cast<size_t>(t)];
      by_key[test.slot * 2 + (test.cased ? 1 : 0)].push_back(t);
    }
  }
  bucket.groups.clear();
  for (auto& [key, tests] : by_key) {
    std::sort(tests.begin(), tests.end());
    tests.erase(std::unique(tests.begin(), tests.end()), tests.end());
    FieldDatabases::Request request;
    request.slot = tests_[static_cast<size_t>(tests.front())].slot;
    request.cased = (key & 1) != 0;
    request.tests = std::move(tests);
    bucket.groups.emplace_back(key, databases_->Add(request, regex_of_test));
  }
}

}  // namespace quarry::sigma
