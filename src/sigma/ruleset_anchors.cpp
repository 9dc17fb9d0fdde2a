// What a rule needs before it can match, worked out once per rule set: the database tests that
// anchor it (clauses of which each must have a match) and the EventIDs it is routed to.
#include <algorithm>
#include <iterator>
#include <set>

#include "sigma/ruleset.h"

namespace quarry::sigma {

void Ruleset::AnchorBucketRules(GateBucket& bucket, const std::vector<Clauses>& clauses) {
  // Databases none of whose tests compiled answer nothing: their tests run alone.
  std::erase_if(bucket.groups, [&](const std::pair<int, int>& g) {
    return databases_->groups()[static_cast<size_t>(g.second)].db == nullptr;
  });
  // The groups holding every test of a clause, or false when one is not in these databases.
  auto groups_of = [&](const std::vector<int>& clause, std::vector<int>& groups) {
    for (int t : clause) {
      const Test& test = tests_[static_cast<size_t>(t)];
      int group = bucket.GroupFor(test.slot, test.cased);
      if (group < 0 || !databases_->groups()[static_cast<size_t>(group)].Holds(t)) return false;
      groups.push_back(group);
    }
    return true;
  };
  // A rule is anchored here by its first clause whose tests these databases hold; those
  // databases are scanned for every event. Its other clauses are required too when their
  // databases are scanned anyway: they cut evaluations without adding scans.
  std::set<int> eager;
  bucket.anchored.assign(bucket.rules.size(), 0);
  std::vector<int> first(bucket.rules.size(), -1);
  for (size_t i = 0; i < bucket.rules.size(); ++i) {
    const Clauses& of_rule = clauses[static_cast<size_t>(bucket.rules[i])];
    for (size_t k = 0; k < of_rule.size(); ++k) {
      std::vector<int> groups;
      if (!groups_of(of_rule[k], groups)) continue;
      first[i] = static_cast<int>(k);
      bucket.anchored[i] = static_cast<uint8_t>(1u << k);
      eager.insert(groups.begin(), groups.end());
      break;
    }
  }
  for (size_t i = 0; i < bucket.rules.size(); ++i) {
    const Clauses& of_rule = clauses[static_cast<size_t>(bucket.rules[i])];
    for (size_t k = 0; first[i] >= 0 && k < of_rule.size(); ++k) {
      std::vector<int> groups;
      if (static_cast<int>(k) == first[i] || !groups_of(of_rule[k], groups)) continue;
      bool scanned =
          std::all_of(groups.begin(), groups.end(), [&](int g) { return eager.count(g) != 0; });
      if (scanned) bucket.anchored[i] |= static_cast<uint8_t>(1u << k);
    }
  }
  bucket.eager_groups.assign(eager.begin(), eager.end());
}

std::vector<Gate> Ruleset::RoutingGates() const {
  // A Windows rule whose detection needs `EventID: 4624` (or one of a list) is routed to those
  // events only, as if its logsource had named them: it is then neither evaluated nor given room
  // in the databases of other EventIDs' buckets. The rule itself, and every gate others read
  // (conversion, coverage), stay as written.
  std::vector<Gate> routing;
  routing.reserve(rules_.size());
  for (const auto& rule : rules_) {
    routing.push_back(rule.gate);
    Gate& g = routing.back();
    std::vector<int64_t> needed;
    if (g.generic || !g.tables.empty() || !NecessaryEventIds(rule.root, needed)) continue;
    if (!g.event_ids.empty()) {
      std::vector<int64_t> named = g.event_ids;
      std::sort(named.begin(), named.end());
      std::vector<int64_t> both;
      std::set_intersection(named.begin(), named.end(), needed.begin(), needed.end(),
                            std::back_inserter(both));
      needed = std::move(both);
    }
    // None left means the rule cannot match at all; an empty list would mean "any", so such a
    // rule keeps the gate it has.
    if (!needed.empty()) g.event_ids = std::move(needed);
  }
  return routing;
}

bool Ruleset::NecessaryEventIds(int index, std::vector<int64_t>& out) const {
  const Node& n = nodes_[static_cast<size_t>(index)];
  switch (n.op) {
    case Node::Op::kTest: {
      // `EventID: 4624` compiles to an exact glob of digits; the gate reads the same field as a
      // number, so "04624" routes to 4624 too, and the test then decides.
      const Test& t = tests_[static_cast<size_t>(n.index)];
      const std::string& digits = t.glob.pattern();
      if (t.kind != Test::Kind::kGlob || t.slot != event_id_slot_ || digits.empty() ||
          digits.size() > 18 ||
          !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
      }
      out.assign(1, std::stoll(digits));
      return true;
    }
    case Node::Op::kAnd: {
      // Every child must hold: the ids each constrained child allows, intersected.
      bool any = false;
      for (uint32_t i = 0; i < n.count; ++i) {
        std::vector<int64_t> ids;
        if (!NecessaryEventIds(child_index_[static_cast<size_t>(n.index) + i], ids)) continue;
        if (any) {
          std::vector<int64_t> both;
          std::set_intersection(out.begin(), out.end(), ids.begin(), ids.end(),
                                std::back_inserter(both));
          ids = std::move(both);
        }
        out = std::move(ids);
        any = true;
      }
      return any;
    }
    case Node::Op::kOr: {
      // One child must hold: each must be constrained, and their ids are joined.
      std::vector<int64_t> all;
      for (uint32_t i = 0; i < n.count; ++i) {
        std::vector<int64_t> ids;
        if (!NecessaryEventIds(child_index_[static_cast<size_t>(n.index) + i], ids)) return false;
        all.insert(all.end(), ids.begin(), ids.end());
      }
      std::sort(all.begin(), all.end());
      all.erase(std::unique(all.begin(), all.end()), all.end());
      out = std::move(all);
      return n.count > 0;
    }
    default:
      return false;
  }
}

std::vector<Ruleset::Clauses> Ruleset::AnchorClauses() {
  // Each rule keeps its smallest clauses (up to kMaxClauses): it is evaluated only once every
  // one of them has a database match. One clause was often a common prefix (`Image|startswith:
  // C:\Windows\`); requiring the others too leaves far fewer rules to evaluate per event.
  std::vector<Clauses> clauses(rules_.size());
  triggers_.assign(tests_.size(), {});
  for (size_t r = 0; r < rules_.size(); ++r) {
    Clauses c;
    if (!NecessaryClauses(rules_[r].root, c)) continue;
    for (auto& clause : c) {
      std::sort(clause.begin(), clause.end());
      clause.erase(std::unique(clause.begin(), clause.end()), clause.end());
    }
    std::sort(c.begin(), c.end(), [](const std::vector<int>& a, const std::vector<int>& b) {
      return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    c.erase(std::unique(c.begin(), c.end()), c.end());
    if (c.size() > kMaxClauses) c.resize(kMaxClauses);
    for (size_t k = 0; k < c.size(); ++k) {
      for (int t : c[k]) {
        triggers_[static_cast<size_t>(t)].push_back({static_cast<int>(r), static_cast<int>(k)});
      }
    }
    clauses[r] = std::move(c);
  }
  return clauses;
}

bool Ruleset::NecessaryClauses(int index, Clauses& out) const {
  const Node& n = nodes_[static_cast<size_t>(index)];
  switch (n.op) {
    case Node::Op::kTest:
      if (db_able_[static_cast<size_t>(n.index)] == 0) return false;
      out.assign(1, {n.index});
      return true;
    case Node::Op::kFalse:
      out.assign(1, {});  // a clause nothing satisfies: the rule never matches
      return true;
    case Node::Op::kTrue:
    case Node::Op::kNot:
      return false;
    case Node::Op::kAnd: {
      // Every child must match: each constrained child's clauses hold together.
      bool any = false;
      for (uint32_t i = 0; i < n.count; ++i) {
        Clauses child;
        if (!NecessaryClauses(child_index_[static_cast<size_t>(n.index) + i], child)) continue;
        out.insert(out.end(), child.begin(), child.end());
        any = true;
      }
      return any;
    }
    case Node::Op::kOr: {
      // One child must match: one clause joining a clause of each child (the smallest).
      std::vector<int> joined;
      for (uint32_t i = 0; i < n.count; ++i) {
        Clauses child;
        if (!NecessaryClauses(child_index_[static_cast<size_t>(n.index) + i], child)) return false;
        auto smallest = std::min_element(child.begin(), child.end(),
                                         [](const std::vector<int>& a, const std::vector<int>& b) {
                                           return a.size() < b.size();
                                         });
        joined.insert(joined.end(), smallest->begin(), smallest->end());
      }
      out.clear();
      out.push_back(std::move(joined));
      return true;
    }
  }
  return false;
}

}  // namespace quarry::sigma
