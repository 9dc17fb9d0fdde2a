// One Vectorscan (Hyperscan API) database per field holding every wildcard test of every rule on
// that field, so an event's field is scanned once for all of them instead of once per pattern.
// Keyword tests share databases scanned once over all of an event's string fields.
// Tests it cannot take (single-character wildcards, empty values) stay individual.
#pragma once

#include <memory>
#include <string>
#include <vector>

struct hs_database;
struct hs_scratch;

namespace quarry::sigma {

class FieldDatabases {
 public:
  struct Group {
    int slot = -1;
    bool cased = false;
    hs_database* db = nullptr;
    std::vector<int> tests;  // test ids in the database (its pattern ids)
  };

  FieldDatabases() = default;
  ~FieldDatabases();
  FieldDatabases(const FieldDatabases&) = delete;
  FieldDatabases& operator=(const FieldDatabases&) = delete;

  // Builds the databases. `group_of_test` (sized to the test count) gets each grouped test's
  // group, -1 for the others.
  struct PatternInput {
    int test;
    int slot;
    bool cased;
    std::string glob;  // encoded wildcard pattern (see pattern.h), not lower-cased
  };
  void Build(const std::vector<PatternInput>& patterns, std::vector<int>& group_of_test);

  const std::vector<Group>& groups() const { return groups_; }
  // Scratch space big enough for every database (one per thread).
  hs_scratch* NewScratch() const;
  static void FreeScratch(hs_scratch* s);

 private:
  std::vector<Group> groups_;
};

// The regular expression (Hyperscan syntax) for an encoded glob; empty if it has none.
// `separated`: for text made of several values each preceded and followed by a NUL byte (all of
// an event's fields, for keywords): the pattern matches within one value, never across two.
std::string GlobToRegex(const std::string& glob, bool separated = false);

}  // namespace quarry::sigma
