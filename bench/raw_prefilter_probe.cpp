// Experiment behind issue 25's design: how many JSON lines could skip parsing and matching if
// each rule were reduced to literals that must occur in the raw line, and what one caseless
// literal scan per line (a database per gate bucket) costs. Each rule keeps its CLAUSES (default
// 1) strongest clauses; a clause is a set of literals of which one must occur. Rules are routed
// as the gate index routes them (Ruleset::RoutingGates).
// Usage: [CLAUSES=N] [VERBOSE=1] raw_prefilter_probe RULES_DIR FILE.jsonl [MAX_EVENTS]
//
// 2026-12-08, SigmaHQ Windows rules over 200k events of make_input.py: 12.1% of lines could be
// skipped (12.8% with 3 clauses), 7.6 candidate rules left per line (3.8), 17% of lines hold
// \u or \/ escapes that the raw bytes do not show as the parsed text; 3.6 us per line for the
// scan. OTRF lines carry a rendered `Message` that repeats every value, so a literal a rule needs
// in `Image` is found in the line anyway. Field-level anchors (one database scan per field)
// left 37.8% of these events with no rule to evaluate (session 31's count, before routing).
#include <hs/hs.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/strings.h"
#include "ingest/reader.h"
#include "sigma/loader.h"

using namespace quarry;
using namespace quarry::sigma;

namespace {

bool InAlphabet(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u > 0x7E) return false;
  return c != '\\' && c != '"' && c != '&' && c != '<' && c != '>' && c != '\'';
}
bool Stringy(char c) {
  char l = AsciiLower(c);
  if ((l >= '0' && l <= '9') || l == '.' || l == '-' || l == '+' || l == ':' || l == ' ') {
    return false;
  }
  return std::string_view("aefilnrstuyz").find(l) == std::string_view::npos;
}

// The longest run of the glob's literal characters that every match must hold in raw form.
std::string RawLiteral(const std::string& glob) {
  std::string best, run;
  auto flush = [&] {
    bool stringy = std::any_of(run.begin(), run.end(), Stringy);
    if (stringy && run.size() > best.size()) best = run;
    run.clear();
  };
  for (char c : glob) {
    if (c == kAnyRun || c == kAnyChar || !InAlphabet(c)) {
      flush();
    } else {
      run += c;
    }
  }
  flush();
  return best;
}

using Clause = std::vector<std::string>;  // one of these literals must occur
using Cnf = std::vector<Clause>;          // every clause must hold; empty = no constraint

size_t Weakest(const Clause& c) {
  size_t w = SIZE_MAX;
  for (const auto& l : c) w = std::min(w, l.size());
  return w;
}

Cnf Necessary(const Ruleset& rs, int index, const std::vector<std::string>& lit) {
  const Node& n = rs.node(index);
  switch (n.op) {
    case Node::Op::kTest:
      if (lit[static_cast<size_t>(n.index)].empty()) return {};
      return {{lit[static_cast<size_t>(n.index)]}};
    case Node::Op::kAnd: {
      Cnf out;
      for (uint32_t i = 0; i < n.count; ++i) {
        Cnf c = Necessary(rs, rs.child(n.index + static_cast<int>(i)), lit);
        out.insert(out.end(), c.begin(), c.end());
      }
      return out;
    }
    case Node::Op::kOr: {
      Clause joined;
      for (uint32_t i = 0; i < n.count; ++i) {
        Cnf c = Necessary(rs, rs.child(n.index + static_cast<int>(i)), lit);
        if (c.empty()) return {};
        auto best = std::max_element(c.begin(), c.end(), [](const Clause& a, const Clause& b) {
          return Weakest(a) < Weakest(b);
        });
        joined.insert(joined.end(), best->begin(), best->end());
      }
      return {joined};
    }
    default:
      return {};
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  size_t max_events = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 200000;
  size_t clauses_per_rule = std::getenv("CLAUSES") ? std::atoi(std::getenv("CLAUSES")) : 1;
  RuleLoader loader;
  loader.AddPath(argv[1]);
  Ruleset rs = loader.Finish();
  std::vector<std::string> lit(rs.test_count());
  for (size_t t = 0; t < rs.test_count(); ++t) {
    const Test& test = rs.test(static_cast<int>(t));
    if (test.kind == Test::Kind::kGlob || test.kind == Test::Kind::kKeyword) {
      std::string l = RawLiteral(test.glob.pattern());
      for (char& c : l) c = AsciiLower(c);
      lit[t] = l;
    }
  }
  std::vector<Cnf> cnf(rs.rules().size());
  size_t unconstrained = 0;
  for (size_t r = 0; r < rs.rules().size(); ++r) {
    Cnf c = Necessary(rs, rs.rules()[r].root, lit);
    std::sort(c.begin(), c.end(),
              [](const Clause& a, const Clause& b) { return Weakest(a) > Weakest(b); });
    if (c.size() > clauses_per_rule) c.resize(clauses_per_rule);
    cnf[r] = c;
    unconstrained += c.empty() ? 1 : 0;
  }
  std::printf("%zu rules, %zu without a raw literal\n", rs.rules().size(), unconstrained);
  std::vector<Gate> routing = rs.RoutingGates();

  // Events and their raw lines, in the same order.
  auto reader = ingest::OpenReader(argv[2], {}, [](const Finding&) {});
  if (!reader.ok()) return 3;
  std::ifstream in(argv[2]);
  std::vector<std::string> lines;
  std::vector<std::pair<std::string, int64_t>> gates;
  Event e;
  std::string line;
  while (lines.size() < max_events && (*reader)->Next(e)) {
    do {
      std::getline(in, line);
    } while (TrimAscii(line).empty());
    lines.push_back(line);
    const Value* ch = e.Find("Channel");
    const Value* id = e.Find("EventID");
    gates.emplace_back(ch ? AsciiToLower(ch->ToText()) : "",
                       id && id->type() == ValueType::kLong ? id->as_long() : -1);
  }
  // Candidate rules per gate, and a literal database of their clauses.
  struct Bucket {
    std::vector<int> always;
    std::vector<std::vector<int>> rule_clause_literals;  // by rule: literal ids per clause...
    std::vector<std::string> literals;
    std::vector<std::pair<int, int>> owner;  // literal → (rule index in bucket, clause)
    std::vector<int> rules;
    hs_database_t* db = nullptr;
  };
  std::map<std::pair<std::string, int64_t>, Bucket> buckets;
  hs_scratch_t* scratch = nullptr;
  for (const auto& g : gates) {
    if (buckets.count(g)) continue;
    Bucket& b = buckets[g];
    for (size_t r = 0; r < rs.rules().size(); ++r) {
      const Gate& gate = routing[r];
      if (!gate.tables.empty() || gate.generic) continue;
      bool ch_ok = gate.channels.empty();
      for (const auto& c : gate.channels) ch_ok |= AsciiToLower(c) == g.first;
      bool id_ok = gate.event_ids.empty() || std::find(gate.event_ids.begin(), gate.event_ids.end(),
                                                       g.second) != gate.event_ids.end();
      if (!ch_ok || !id_ok || g.first.empty()) continue;
      if (cnf[r].empty()) {
        b.always.push_back(static_cast<int>(r));
        continue;
      }
      int ri = static_cast<int>(b.rules.size());
      b.rules.push_back(static_cast<int>(r));
      for (size_t c = 0; c < cnf[r].size(); ++c) {
        for (const auto& l : cnf[r][c]) {
          b.literals.push_back(l);
          b.owner.emplace_back(ri, static_cast<int>(c));
        }
      }
    }
    if (b.literals.empty()) continue;
    std::vector<const char*> exprs;
    std::vector<size_t> lens;
    std::vector<unsigned> flags, ids;
    for (size_t i = 0; i < b.literals.size(); ++i) {
      exprs.push_back(b.literals[i].data());
      lens.push_back(b.literals[i].size());
      flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH);
      ids.push_back(static_cast<unsigned>(i));
    }
    hs_compile_error_t* err = nullptr;
    if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(),
                             static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &b.db,
                             &err) != HS_SUCCESS) {
      std::fprintf(stderr, "compile: %s\n", err->message);
      return 4;
    }
    hs_alloc_scratch(b.db, &scratch);
    if (std::getenv("VERBOSE"))
      std::printf("bucket %s/%lld: %zu rules, %zu always, %zu literals\n", g.first.c_str(),
                  static_cast<long long>(g.second), b.rules.size(), b.always.size(),
                  b.literals.size());
  }
  struct Ctx {
    std::vector<uint32_t>* hit;
    uint32_t gen;
  };
  std::vector<uint32_t> hit(1 << 20, 0);
  size_t skippable = 0, candidates = 0, escaped = 0, no_rules = 0;
  auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < lines.size(); ++i) {
    Bucket& b = buckets[gates[i]];
    if (lines[i].find("\\u") != std::string::npos || lines[i].find("\\/") != std::string::npos) {
      ++escaped;
    }
    no_rules += b.rules.empty() && b.always.empty() ? 1 : 0;
    if (b.db == nullptr) {
      candidates += b.always.size();
      skippable += b.always.empty() ? 1 : 0;
      continue;
    }
    Ctx ctx{&hit, static_cast<uint32_t>(i + 1)};
    hs_scan(
        b.db, lines[i].data(), static_cast<unsigned>(lines[i].size()), 0, scratch,
        [](unsigned id, unsigned long long, unsigned long long, unsigned, void* c) -> int {
          auto* x = static_cast<Ctx*>(c);
          (*x->hit)[id] = x->gen;
          return 0;
        },
        &ctx);
    // A rule is a candidate when each of its clauses has a literal that hit.
    std::vector<std::set<int>> satisfied(b.rules.size());
    for (size_t l = 0; l < b.literals.size(); ++l) {
      if (hit[l] == i + 1)
        satisfied[static_cast<size_t>(b.owner[l].first)].insert(b.owner[l].second);
    }
    size_t n = b.always.size();
    for (size_t r = 0; r < b.rules.size(); ++r) {
      if (satisfied[r].size() == cnf[static_cast<size_t>(b.rules[r])].size()) ++n;
    }
    candidates += n;
    skippable += n == 0 ? 1 : 0;
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto lines_n = static_cast<double>(lines.size());
  std::printf(
      "%zu events: %zu in buckets with no rule, %zu skippable (%.1f%%), %.2f candidate rules per event, %zu escaped, "
      "%.2f us/event (scan and bookkeeping)\n",
      lines.size(), no_rules, skippable, 100.0 * static_cast<double>(skippable) / lines_n,
      static_cast<double>(candidates) / lines_n, escaped, s * 1e6 / lines_n);
  return 0;
}
