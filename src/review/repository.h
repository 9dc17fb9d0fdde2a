// The repository around a change, as verification searches it for a check a finding says is
// missing: the function around the line, the places that call that function, and middleware
// or guards registered anywhere (Express app.use and route guards, decorators, Spring
// security annotations and configuration, Django and Flask hooks).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "review/input.h"
#include "review/symbols.h"

namespace quarry::review {

struct SeenCheck {
  std::string where;  // file:line
  std::string text;   // the line, trimmed
};

class Repository {
 public:
  Repository(const ReviewInput& input, const SymbolIndex& symbols);

  // Something that looks like a check of KIND (authorization, authentication, validation, csrf,
  // bounds, null) guarding LINE of FILE; nullopt when nothing does.
  std::optional<SeenCheck> FindCheck(const std::string& kind, const ReviewedFile& file,
                                     uint64_t line);

 private:
  struct Source {
    std::string path;
    std::string text;
  };
  const std::vector<Source>& Sources();  // read on first use, bounded
  // The [first, last] lines of the function around LINE and its name ("" when not found).
  std::pair<std::pair<uint64_t, uint64_t>, std::string> FunctionAround(const ReviewedFile& file,
                                                                       uint64_t line) const;

  const ReviewInput& input_;
  const SymbolIndex& symbols_;
  std::vector<Source> sources_;
  bool read_ = false;
};

}  // namespace quarry::review
