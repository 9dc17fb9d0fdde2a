// What a review reads: the files of a change (a unified diff against a folder, a git range) or
// whole files, each with its new-side text, its language and the lines the change touched.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/finding.h"
#include "core/scratch.h"
#include "review/language.h"

namespace quarry::review {

struct ReviewedFile {
  std::string path;       // as findings name it: relative to the root
  std::string disk_path;  // the new side on disk for the analyzers; "" when there is none
  Language language = Language::kUnknown;
  std::string text;            // the new side; lines the diff does not show are empty unless whole
  bool whole = true;           // text is the whole file
  bool all_changed = true;     // a full review: every line counts as changed
  std::set<uint64_t> changed;  // new-side lines added by the change
  std::vector<std::pair<uint64_t, uint64_t>> hunks;   // new-side [first, last] of each hunk
  bool Changed(uint64_t first, uint64_t last) const;  // some line of the range changed
  // Line N (1-based) of text, without its line end; "" past the end.
  std::string_view Line(uint64_t n) const;
  uint64_t LineCount() const;

 private:
  // Where each line starts, built on first use and again when text is replaced.
  mutable std::vector<size_t> starts_;
  mutable const char* indexed_data_ = nullptr;
  mutable size_t indexed_size_ = 0;
  const std::vector<size_t>& Starts() const;
};

struct ReviewInput {
  std::string root;    // the folder paths are relative to (and the symbol index covers)
  std::string source;  // "diff", "git", "full"
  std::vector<ReviewedFile> files;  // files of a known language with a new side
  // Files the change touches that no engine reads: binary, deleted, unknown language.
  std::vector<std::pair<std::string, std::string>> skipped;  // path, why
  std::vector<Finding> problems;
  size_t hunk_count = 0;
  uint64_t rebuilt_bytes = 0;           // new sides rebuilt from hunks (bounded)
  std::shared_ptr<ScratchDir> scratch;  // new sides written out for the analyzers (git)
};

// Whole files (folders: their source files, recursively, skipping .git and node_modules).
// ROOT "" means the deepest folder holding them all.
ReviewInput ReadFullFiles(const std::vector<std::string>& paths, const std::string& root);

// A unified diff whose new side is the tree at ROOT. A file whose lines do not read as the diff
// says is reviewed from the diff's own lines (a warning says so); analyzers skip it.
ReviewInput ReadDiff(std::string_view diff, const std::string& diff_name, const std::string& root);

// BASE..HEAD (or one revision against its first parent) in the repository at or above PATH;
// the new sides come from the HEAD commit's tree.
ReviewInput ReadGitRange(const std::string& path, const std::string& range);

struct DiffParse;
// Adds PARSED's files to INPUT; with CHECK_DISK each new side is read from BASE/path and must
// read as the diff says (ReadDiff, and ReadGitRange over the new sides it writes out).
void AddDiffFiles(const DiffParse& parsed, const std::string& diff_name,
                  const std::filesystem::path& base, bool check_disk, ReviewInput& input);

}  // namespace quarry::review
