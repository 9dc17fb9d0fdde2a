// The repository around a change, as verification searches it for a check a finding says is
// missing: the function around the line, the places that call that function, and middleware
// or guards registered anywhere (Express app.use and route guards, decorators, Spring
// security annotations and configuration, Django and Flask hooks).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "review/input.h"
#include "review/symbols.h"

namespace re2 {
class RE2;
}

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
    std::string code;                     // comments blanked
    std::vector<std::string_view> lines;  // into code
  };
  void AddSource(const std::string& path, const std::string& text);
  // Read on first use, bounded; each file's lines found once.
  const std::vector<std::unique_ptr<Source>>& Sources();
  std::optional<SeenCheck> Search(const re2::RE2& check, const ReviewedFile& file, uint64_t line,
                                  std::pair<uint64_t, uint64_t> range, const std::string& name);
  // The [first, last] lines of the function around LINE and its name ("" when not found).
  std::pair<std::pair<uint64_t, uint64_t>, std::string> FunctionAround(const ReviewedFile& file,
                                                                       uint64_t line) const;

  const ReviewInput& input_;
  const SymbolIndex& symbols_;
  std::vector<std::unique_ptr<Source>> sources_;
  uintmax_t total_bytes_ = 0;
  bool read_ = false;
  // Answers already given: many findings ask about the same function.
  std::map<std::string, std::optional<SeenCheck>> answers_;
};

}  // namespace quarry::review
