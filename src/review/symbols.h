// The names a finding may mention without inventing them: what universal-ctags finds defined in
// the repository, every identifier the reviewed files use, and the standard libraries' well
// known names (review-rules/stdlib.txt).
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "review/input.h"

namespace quarry::review {

struct Definition {
  std::string name;
  std::string file;  // relative to the root
  uint64_t line = 0;
  std::string kind;  // function, method, class, ...
};

class SymbolIndex {
 public:
  // Runs ctags over INPUT's root (bounded in time; .git and node_modules skipped) and reads the
  // reviewed files' identifiers. NOTE says what could not be done (ctags missing, timed out).
  static SymbolIndex Build(const ReviewInput& input, int timeout_seconds, std::string* note);

  // "UserService.getUser", "os.path.join", "std::string", "getUser()": known when the whole
  // name or its last part is.
  bool Knows(std::string_view symbol) const;
  const std::vector<Definition>& Definitions() const { return definitions_; }
  bool ctags_ran() const { return ctags_ran_; }

  void AddIdentifiers(std::string_view text);
  void AddDefinition(Definition d);

 private:
  std::unordered_set<std::string> names_;
  std::vector<Definition> definitions_;
  bool ctags_ran_ = false;
};

// Names in a sentence a finding puts in backticks or writes as a call: `foo`, bar().
std::vector<std::string> SymbolsNamedIn(std::string_view message);

}  // namespace quarry::review
