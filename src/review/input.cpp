#include "review/input.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "review/diff.h"

namespace quarry::review {
namespace fs = std::filesystem;
namespace {

constexpr uint64_t kMaxFileBytes = 8u << 20;

bool ReadText(const fs::path& path, std::string& out, std::string& error) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) {
    error = ec.message();
    return false;
  }
  if (size > kMaxFileBytes) {
    error = "larger than 8 MiB";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot be opened";
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  if (out.find('\0') != std::string::npos) {
    error = "binary (holds a NUL byte)";
    return false;
  }
  return true;
}

std::string Normal(const fs::path& p) {
  std::string s = p.lexically_normal().generic_string();
  while (s.size() > 2 && s.compare(0, 2, "./") == 0) s.erase(0, 2);
  return s;
}

fs::path CommonFolder(const std::vector<fs::path>& paths) {
  if (paths.empty()) return ".";
  fs::path common = paths.front().parent_path();
  for (const auto& p : paths) {
    fs::path folder = p.parent_path();
    fs::path shared;
    auto a = common.begin();
    auto b = folder.begin();
    for (; a != common.end() && b != folder.end() && *a == *b; ++a, ++b) shared /= *a;
    common = shared;
  }
  return common.empty() ? fs::path(".") : common;
}

}  // namespace

bool ReviewedFile::Changed(uint64_t first, uint64_t last) const {
  if (all_changed) return true;
  auto it = changed.lower_bound(first);
  return it != changed.end() && *it <= std::max(first, last);
}

const std::vector<size_t>& ReviewedFile::Starts() const {
  if (indexed_data_ != text.data() || indexed_size_ != text.size()) {
    starts_.clear();
    indexed_data_ = text.data();
    indexed_size_ = text.size();
  }
  if (starts_.empty() && !text.empty()) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n' && i + 1 < text.size()) starts_.push_back(i + 1);
  }
  return starts_;
}

std::string_view ReviewedFile::Line(uint64_t n) const {
  const auto& starts = Starts();
  if (n == 0 || n > starts.size()) return {};
  size_t pos = starts[n - 1];
  size_t end = text.find('\n', pos);
  std::string_view line(text.data() + pos, (end == std::string::npos ? text.size() : end) - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

uint64_t ReviewedFile::LineCount() const {
  return Starts().size();
}

ReviewInput ReadFullFiles(const std::vector<std::string>& paths, const std::string& root) {
  ReviewInput input;
  input.source = "full";
  std::vector<fs::path> files;
  std::vector<fs::path> anchors;  // given folders and files' folders: the default root holds them
  for (const auto& given : paths) {
    std::error_code ec;
    if (fs::is_directory(given, ec)) {
      anchors.push_back(fs::path(given) / "x");
      fs::recursive_directory_iterator it(given, fs::directory_options::skip_permission_denied, ec);
      for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (it->is_directory(ec) && (name == ".git" || name == "node_modules")) {
          it.disable_recursion_pending();
          continue;
        }
        // Links are not followed: a folder's review stays inside the folder.
        if (!it->is_symlink(ec) && it->is_regular_file(ec) &&
            LanguageOfPath(name) != Language::kUnknown)
          files.push_back(it->path());
      }
      if (ec) input.problems.push_back(ErrorAt("review.read", ec.message(), given));
    } else if (fs::exists(given, ec)) {
      files.emplace_back(given);
      anchors.emplace_back(given);
    } else {
      input.problems.push_back(ErrorAt("review.read", "no such file or folder", given));
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  fs::path base = root.empty() ? CommonFolder(anchors) : fs::path(root);
  input.root = Normal(base);
  for (const auto& file : files) {
    ReviewedFile reviewed;
    std::error_code ec;
    fs::path relative = fs::relative(file, base, ec);
    reviewed.path = Normal(ec || relative.empty() || *relative.begin() == ".." ? file : relative);
    reviewed.disk_path = file.string();
    reviewed.language = LanguageOfPath(reviewed.path);
    if (reviewed.language == Language::kUnknown) {
      input.skipped.emplace_back(reviewed.path, "no engine reads this language");
      continue;
    }
    std::string error;
    if (!ReadText(file, reviewed.text, error)) {
      input.problems.push_back(
          ErrorAt("review.read", "cannot be reviewed: " + error, reviewed.path));
      continue;
    }
    input.files.push_back(std::move(reviewed));
  }
  return input;
}

namespace {

// Whether the hunk's lines read the same in TEXT; else the first line that differs.
uint64_t FirstMismatch(const ReviewedFile& file, const Hunk& hunk) {
  for (const auto& [number, expected] : hunk.new_lines) {
    std::string_view actual = file.Line(number);
    std::string_view want = expected;
    while (!want.empty() && (want.back() == ' ' || want.back() == '\t' || want.back() == '\r'))
      want.remove_suffix(1);
    while (!actual.empty() && (actual.back() == ' ' || actual.back() == '\t'))
      actual.remove_suffix(1);
    if (actual != want) return number;
  }
  return 0;
}

// The new side as far as the diff shows it: lines it does not show are empty.
std::string TextFromHunks(const FileDiff& diff) {
  std::vector<std::pair<uint64_t, const std::string*>> lines;
  for (const auto& hunk : diff.hunks)
    for (const auto& [number, text] : hunk.new_lines) lines.emplace_back(number, &text);
  std::stable_sort(lines.begin(), lines.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string text;
  uint64_t next = 1;
  for (const auto& [number, line] : lines) {
    if (number < next) continue;  // hunks that overlap: the first one's line stands
    text.append(number - next, '\n');
    text += *line;
    text += '\n';
    next = number + 1;
  }
  return text;
}

// Rebuilt new sides cost a byte per line they skip: past this, files are not rebuilt.
constexpr uint64_t kMaxRebuiltBytes = 64u << 20;

}  // namespace

void AddDiffFiles(const DiffParse& parsed, const std::string& diff_name, const fs::path& base,
                  bool check_disk, ReviewInput& input) {
  for (const auto& file : parsed.files) {
    input.hunk_count += file.hunks.size();
    if (file.binary) {
      input.skipped.emplace_back(file.Path(), "binary");
      continue;
    }
    if (file.new_path.empty()) {
      input.skipped.emplace_back(file.Path(), "deleted");
      continue;
    }
    ReviewedFile reviewed;
    reviewed.path = Normal(file.new_path);
    // A diff names files under its tree: an absolute path or one climbing out is refused.
    fs::path relative(reviewed.path);
    if (relative.is_absolute() || reviewed.path.empty() ||
        reviewed.path.find('\0') != std::string::npos ||
        (relative.begin() != relative.end() && *relative.begin() == "..")) {
      input.problems.push_back(ErrorAt("review.diff_path",
                                       "'" + file.new_path + "' is not a path inside the tree",
                                       diff_name, file.diff_line));
      continue;
    }
    reviewed.language = LanguageOfPath(reviewed.path);
    if (reviewed.language == Language::kUnknown) {
      input.skipped.emplace_back(reviewed.path, "no engine reads this language");
      continue;
    }
    if (file.hunks.empty()) {
      input.skipped.emplace_back(reviewed.path, "no changed lines (a rename or mode change)");
      continue;
    }
    reviewed.all_changed = false;
    for (const auto& hunk : file.hunks) {
      reviewed.changed.insert(hunk.added.begin(), hunk.added.end());
      if (hunk.new_count > 0)
        reviewed.hunks.emplace_back(hunk.new_start, hunk.new_start + hunk.new_count - 1);
    }
    bool applies = false;
    if (check_disk) {
      fs::path on_disk = base / reviewed.path;
      std::string error;
      // A link in the tree must not lead the review outside it.
      std::error_code ec;
      fs::path real = fs::weakly_canonical(on_disk, ec);
      fs::path real_base = fs::weakly_canonical(base, ec);
      auto inside = real.lexically_relative(real_base);
      bool contained = !ec && !inside.empty() && *inside.begin() != "..";
      if (!contained) error = "leads outside the tree";
      if (contained && ReadText(on_disk, reviewed.text, error)) {
        uint64_t mismatch = 0;
        for (const auto& hunk : file.hunks)
          if ((mismatch = FirstMismatch(reviewed, hunk)) != 0) break;
        if (mismatch == 0) {
          applies = true;
          reviewed.disk_path = on_disk.string();
        } else {
          Finding f = ErrorAt("review.diff_does_not_apply",
                              "line " + std::to_string(mismatch) + " of " + on_disk.string() +
                                  " does not read as the diff's new side; the diff's own lines "
                                  "are reviewed and the analyzers skip this file",
                              diff_name, file.diff_line);
          f.severity = Severity::kWarning;
          input.problems.push_back(std::move(f));
        }
      } else {
        Finding f = ErrorAt("review.diff_does_not_apply",
                            on_disk.string() + ": " + error +
                                "; the diff's own lines are reviewed and the analyzers skip it",
                            diff_name, file.diff_line);
        f.severity = Severity::kWarning;
        input.problems.push_back(std::move(f));
      }
    }
    if (!applies) {
      uint64_t last = 0;
      for (const auto& hunk : file.hunks)
        if (!hunk.new_lines.empty()) last = std::max(last, hunk.new_lines.back().first);
      if (input.rebuilt_bytes + last > kMaxRebuiltBytes) {
        input.problems.push_back(ErrorAt("review.diff_too_large",
                                         "the diff's new sides are too large to rebuild without "
                                         "their files; " +
                                             reviewed.path + " is not reviewed",
                                         diff_name, file.diff_line));
        continue;
      }
      reviewed.text = TextFromHunks(file);
      input.rebuilt_bytes += reviewed.text.size();
      reviewed.whole = false;
    }
    input.files.push_back(std::move(reviewed));
  }
}

ReviewInput ReadDiff(std::string_view diff, const std::string& diff_name, const std::string& root) {
  ReviewInput input;
  input.source = "diff";
  fs::path base = root.empty() ? fs::path(".") : fs::path(root);
  input.root = Normal(base);
  DiffParse parsed = ParseUnifiedDiff(diff, diff_name);
  input.problems = std::move(parsed.problems);
  AddDiffFiles(parsed, diff_name, base, true, input);
  return input;
}

}  // namespace quarry::review
