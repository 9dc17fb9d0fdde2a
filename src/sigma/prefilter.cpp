#include "sigma/prefilter.h"

#include <hs/hs.h>

#include <map>

#include "sigma/pattern.h"

namespace quarry::sigma {

std::string GlobToRegex(const std::string& glob) {
  if (glob.empty() || glob.find(kAnyChar) != std::string::npos) return {};
  std::string re;
  bool anchored_start = glob.front() != kAnyRun;
  bool anchored_end = glob.back() != kAnyRun;
  if (anchored_start) re += '^';
  bool literal = false;
  for (char c : glob) {
    if (c == kAnyRun) {
      re += ".*";
      continue;
    }
    literal = true;
    auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')) {
      re += c;
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      re += "\\x";
      re += kHex[u >> 4];
      re += kHex[u & 15];
    }
  }
  if (!literal) return {};  // only wildcards: matches everything, not worth a database entry
  if (anchored_end) re += '$';
  return re;
}

FieldDatabases::~FieldDatabases() {
  for (auto& g : groups_) hs_free_database(g.db);
}

void FieldDatabases::Build(const std::vector<PatternInput>& patterns,
                           std::vector<int>& group_of_test) {
  std::map<std::pair<int, bool>, std::vector<std::pair<int, std::string>>> by_field;
  for (const auto& p : patterns) {
    std::string re = GlobToRegex(p.glob);
    if (re.empty()) continue;
    by_field[{p.slot, p.cased}].emplace_back(p.test, std::move(re));
  }
  for (auto& [key, entries] : by_field) {
    // Every field gets a database, even for one pattern: one scan per field is the point.
    if (entries.empty()) continue;
    for (int attempt = 0; attempt < 3 && !entries.empty(); ++attempt) {
      std::vector<const char*> exprs;
      std::vector<unsigned> flags, ids;
      for (size_t i = 0; i < entries.size(); ++i) {
        exprs.push_back(entries[i].second.c_str());
        flags.push_back(HS_FLAG_DOTALL | HS_FLAG_SINGLEMATCH |
                        (key.second ? 0u : static_cast<unsigned>(HS_FLAG_CASELESS)));
        ids.push_back(static_cast<unsigned>(i));
      }
      hs_database_t* db = nullptr;
      hs_compile_error_t* error = nullptr;
      if (hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                           static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &db,
                           &error) == HS_SUCCESS) {
        Group g;
        g.slot = key.first;
        g.cased = key.second;
        g.db = db;
        int group = static_cast<int>(groups_.size());
        for (const auto& [test, re] : entries) {
          g.tests.push_back(test);
          group_of_test[static_cast<size_t>(test)] = group;
        }
        groups_.push_back(std::move(g));
        break;
      }
      // Drop the pattern it rejected (it stays an individual test) and try again.
      int bad = error != nullptr ? error->expression : -1;

      hs_free_compile_error(error);
      if (bad < 0 || static_cast<size_t>(bad) >= entries.size()) break;
      entries.erase(entries.begin() + bad);
    }
  }
}

hs_scratch* FieldDatabases::NewScratch() const {
  hs_scratch_t* scratch = nullptr;
  for (const auto& g : groups_) hs_alloc_scratch(g.db, &scratch);
  return scratch;
}

void FieldDatabases::FreeScratch(hs_scratch* s) {
  if (s != nullptr) hs_free_scratch(s);
}

}  // namespace quarry::sigma
