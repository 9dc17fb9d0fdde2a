// Vectorscan (Hyperscan API) databases holding the wildcard tests of a field, so an event's field
// is scanned once for all of them instead of once per pattern. The gate index asks for one per
// field and gate bucket, holding only the tests of the rules that bucket's events can match.
// Keyword tests share databases scanned once over all of an event's string fields.
// Tests it cannot take (single-character wildcards, empty values) stay individual.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

struct hs_database;
struct hs_scratch;

namespace quarry::sigma {

class FieldDatabases {
 public:
  struct Group {
    int slot = -1;  // -1: keywords, scanned over all of an event's string fields at once
    bool cased = false;
    hs_database* db = nullptr;
    std::vector<int> tests;    // test ids in the database (its pattern ids)
    std::vector<int> dropped;  // requested tests Vectorscan refused (sorted): test them alone
    bool Holds(int test) const;
    void Build(const std::vector<std::string>& regex_of_test);
  };
  // The tests of one field (or the keywords) that one database should answer.
  struct Request {
    int slot = -1;
    bool cased = false;
    std::vector<int> tests;  // sorted
  };

  FieldDatabases() = default;
  ~FieldDatabases();
  FieldDatabases(const FieldDatabases&) = delete;
  FieldDatabases& operator=(const FieldDatabases&) = delete;

  // Registers a database per request (identical requests share one) and returns its group.
  // `regex_of_test[t]` is test t's pattern (GlobToRegex). Nothing is compiled until Compile.
  int Add(const Request& request, const std::vector<std::string>& regex_of_test);
  // Compiles (or loads from the cache) every registered database on up to `threads` threads,
  // largest first. A group none of whose tests compiled is left without a database.
  void Compile(const std::vector<std::string>& regex_of_test, size_t threads);

  const std::vector<Group>& groups() const { return groups_; }
  // Scratch space big enough for every database (one per thread).
  hs_scratch* NewScratch() const;
  static void FreeScratch(hs_scratch* s);

 private:
  std::vector<Group> groups_;
  std::map<std::string, int> by_request_;
};

// Where compiled databases and rule sets are kept: $QUARRY_CACHE_DIR, else
// $XDG_CACHE_HOME/quarry, else ~/.cache/quarry; "" when none is set.
std::string CacheDirectory();

// The regular expression (Hyperscan syntax) for an encoded glob; empty if it has none.
// `separated`: for text made of several values each preceded and followed by a NUL byte (all of
// an event's fields, for keywords): the pattern matches within one value, never across two.
std::string GlobToRegex(const std::string& glob, bool separated = false);

}  // namespace quarry::sigma
