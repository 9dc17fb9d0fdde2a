// Reading a unified diff (`git diff`, `diff -u`, `git format-patch` output): the files it
// changes, their hunks, and the lines on the new side. Untrusted input: damage is reported as
// findings with the diff's line, and every readable file is kept.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/finding.h"

namespace quarry::review {

struct Hunk {
  uint64_t old_start = 0, old_count = 0, new_start = 0, new_count = 0;
  uint64_t diff_line = 0;  // the @@ line in the diff
  // The new side as the diff shows it: context and added lines with their line numbers.
  std::vector<std::pair<uint64_t, std::string>> new_lines;
  std::vector<uint64_t> added;  // new-side numbers of the added lines
};

struct FileDiff {
  std::string old_path;  // "" when the file is new
  std::string new_path;  // "" when the file is deleted
  bool binary = false;
  uint64_t diff_line = 0;  // where the file's header starts in the diff
  std::vector<Hunk> hunks;
  // The path a review reports: the new one, or the old one of a deleted file.
  const std::string& Path() const { return new_path.empty() ? old_path : new_path; }
};

struct DiffParse {
  std::vector<FileDiff> files;
  std::vector<Finding> problems;  // errors name NAME and the diff's line
};

// NAME is how findings name the diff (its file, or "<stdin>").
DiffParse ParseUnifiedDiff(std::string_view text, const std::string& name);

}  // namespace quarry::review
