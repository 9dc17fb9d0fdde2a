#include "review/diff.h"

#include <charconv>

namespace quarry::review {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Git writes a path with unusual bytes in C quotes with octal escapes.
std::string Unquote(std::string_view s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return std::string(s);
  std::string out;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 2 >= s.size()) {
      out += c;
      continue;
    }
    char e = s[++i];
    if (e >= '0' && e <= '7') {
      int value = 0;
      int digits = 0;
      while (digits < 3 && i < s.size() - 1 && s[i] >= '0' && s[i] <= '7') {
        value = value * 8 + (s[i] - '0');
        ++i;
        ++digits;
      }
      --i;
      out += static_cast<char>(value);
    } else {
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        default:
          out += e;
      }
    }
  }
  return out;
}

// "a/src/x.c" → "src/x.c"; "/dev/null" → ""; "old.c\t2024-01-01 …" → "old.c".
std::string PathOfHeader(std::string_view rest) {
  if (!rest.empty() && rest.front() != '"') {
    size_t tab = rest.find('\t');
    if (tab != std::string_view::npos) rest = rest.substr(0, tab);
  }
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\r')) rest.remove_suffix(1);
  std::string path = Unquote(rest);
  if (path == "/dev/null") return "";
  if (path.size() > 2 && (path[0] == 'a' || path[0] == 'b') && path[1] == '/') path.erase(0, 2);
  return path;
}

bool ParseRange(std::string_view s, uint64_t& start, uint64_t& count) {
  size_t comma = s.find(',');
  std::string_view first = s.substr(0, comma);
  if (std::from_chars(first.data(), first.data() + first.size(), start).ec != std::errc() ||
      first.empty())
    return false;
  count = 1;
  if (comma != std::string_view::npos) {
    std::string_view second = s.substr(comma + 1);
    auto r = std::from_chars(second.data(), second.data() + second.size(), count);
    if (r.ec != std::errc() || r.ptr != second.data() + second.size() || second.empty())
      return false;
  }
  return true;
}

// "@@ -1,3 +1,4 @@ context" → the hunk's ranges.
bool ParseHunkHeader(std::string_view line, Hunk& hunk) {
  if (!StartsWith(line, "@@ -")) return false;
  size_t space = line.find(' ', 4);
  if (space == std::string_view::npos) return false;
  if (!ParseRange(line.substr(4, space - 4), hunk.old_start, hunk.old_count)) return false;
  if (line.size() <= space + 1 || line[space + 1] != '+') return false;
  size_t end = line.find(' ', space + 2);
  if (end == std::string_view::npos) return false;
  if (!ParseRange(line.substr(space + 2, end - space - 2), hunk.new_start, hunk.new_count))
    return false;
  // Line 0 only for an empty side; numbers far past any real file are refused (they would make
  // the rebuilt new side enormous).
  constexpr uint64_t kMaxLine = 10'000'000;
  if ((hunk.new_start == 0 && hunk.new_count > 0) || (hunk.old_start == 0 && hunk.old_count > 0))
    return false;
  if (hunk.new_start > kMaxLine || hunk.new_count > kMaxLine || hunk.old_start > kMaxLine ||
      hunk.old_count > kMaxLine)
    return false;
  return line.substr(end, 3) == " @@";
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& name) : text_(text), name_(name) {}

  DiffParse Run() {
    while (NextLine()) {
      if (StartsWith(line_, "diff --git ")) {
        StartFile();
        GitHeaderPaths(line_.substr(11));
      } else if (StartsWith(line_, "--- ") && Peek().substr(0, 4) == "+++ ") {
        if (!file_open_ || header_done_) StartFile();
        out_.files.back().old_path = PathOfHeader(line_.substr(4));
        NextLine();
        out_.files.back().new_path = PathOfHeader(line_.substr(4));
        header_done_ = true;
      } else if (StartsWith(line_, "@@ ")) {
        ReadHunk();
      } else if (file_open_ &&
                 (StartsWith(line_, "Binary files ") || line_ == "GIT binary patch")) {
        out_.files.back().binary = true;
        if (StartsWith(line_, "Binary files ")) BinaryPaths(line_.substr(13));
      } else if (file_open_ && !header_done_ && StartsWith(line_, "new file mode")) {
        out_.files.back().old_path.clear();
      } else if (file_open_ && !header_done_ && StartsWith(line_, "deleted file mode")) {
        out_.files.back().new_path.clear();
      } else if (file_open_ && !header_done_ && StartsWith(line_, "rename to ")) {
        out_.files.back().new_path = Unquote(line_.substr(10));
      } else if (file_open_ && !header_done_ && StartsWith(line_, "rename from ")) {
        out_.files.back().old_path = Unquote(line_.substr(12));
      }
    }
    if (out_.files.empty() && !Blank(text_))
      out_.problems.push_back(ErrorAt("diff.no_files",
                                      "no file header (diff --git, or ---/+++ lines) found: is "
                                      "this a unified diff?",
                                      name_, 1));
    return std::move(out_);
  }

 private:
  static bool Blank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
  }

  bool NextLine() {
    if (pos_ >= text_.size()) return false;
    size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    line_ = text_.substr(pos_, end - pos_);
    if (!line_.empty() && line_.back() == '\r') line_.remove_suffix(1);
    pos_ = end + 1;
    ++line_number_;
    return true;
  }

  std::string_view Peek() const {
    if (pos_ >= text_.size()) return {};
    size_t end = text_.find('\n', pos_);
    return text_.substr(pos_, end == std::string_view::npos ? std::string_view::npos : end - pos_);
  }

  // The line after the next one.
  std::string_view PeekSecond() const {
    if (pos_ >= text_.size()) return {};
    size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) return {};
    size_t start = end + 1;
    size_t second_end = text_.find('\n', start);
    return text_.substr(
        start, second_end == std::string_view::npos ? std::string_view::npos : second_end - start);
  }

  std::string_view PeekThird() const {
    size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) return {};
    end = text_.find('\n', end + 1);
    if (end == std::string_view::npos) return {};
    size_t start = end + 1;
    size_t third_end = text_.find('\n', start);
    return text_.substr(
        start, third_end == std::string_view::npos ? std::string_view::npos : third_end - start);
  }

  void StartFile() {
    out_.files.emplace_back();
    out_.files.back().diff_line = line_number_;
    file_open_ = true;
    header_done_ = false;
  }

  // "a/x b/y": the paths when no ---/+++ lines follow (a mode change, a binary file).
  void GitHeaderPaths(std::string_view rest) {
    FileDiff& file = out_.files.back();
    if (!rest.empty() && rest.front() == '"') {
      size_t close = rest.find("\" ", 1);
      if (close == std::string_view::npos) return;
      file.old_path = PathOfHeader(rest.substr(0, close + 1));
      file.new_path = PathOfHeader(rest.substr(close + 2));
      return;
    }
    // Both sides name the same file unless renamed: split where " b/" starts the second half.
    size_t split = rest.find(" b/");
    if (split == std::string_view::npos) return;
    file.old_path = PathOfHeader(rest.substr(0, split));
    file.new_path = PathOfHeader(rest.substr(split + 1));
  }

  void BinaryPaths(std::string_view rest) {
    size_t and_pos = rest.find(" and ");
    size_t differ = rest.rfind(" differ");
    if (and_pos == std::string_view::npos || differ == std::string_view::npos || differ < and_pos)
      return;
    FileDiff& file = out_.files.back();
    if (file.old_path.empty() && file.new_path.empty()) {
      file.old_path = PathOfHeader(rest.substr(0, and_pos));
      file.new_path = PathOfHeader(rest.substr(and_pos + 5, differ - and_pos - 5));
    }
  }

  void ReadHunk() {
    Hunk hunk;
    hunk.diff_line = line_number_;
    if (!ParseHunkHeader(line_, hunk)) {
      out_.problems.push_back(ErrorAt("diff.bad_hunk_header",
                                      "a hunk header must read @@ -START[,COUNT] +START[,COUNT] @@ "
                                      "(lines from 1, at most 10,000,000)",
                                      name_, line_number_));
      return;
    }
    if (!file_open_) {
      out_.problems.push_back(
          ErrorAt("diff.hunk_without_file", "a hunk before any file header", name_, line_number_));
      return;
    }
    uint64_t old_left = hunk.old_count;
    uint64_t new_left = hunk.new_count;
    uint64_t new_line = hunk.new_start;
    while ((old_left > 0 || new_left > 0) && pos_ < text_.size()) {
      std::string_view next = Peek();
      if (!next.empty() && next.back() == '\r') next.remove_suffix(1);
      char kind = next.empty() ? ' ' : next[0];
      if (kind == '\\') {
        NextLine();
        continue;
      }
      // A file header (---, +++ and an @@ line, which no hunk line can be) ends a hunk that its
      // counts say is short: a truncated or hand-edited diff.
      if (StartsWith(next, "diff --git ") ||
          (StartsWith(next, "--- ") && StartsWith(PeekSecond(), "+++ ") &&
           StartsWith(PeekThird(), "@@ ")))
        break;
      if ((kind == ' ' && old_left > 0 && new_left > 0) || (kind == '-' && old_left > 0) ||
          (kind == '+' && new_left > 0)) {
        NextLine();
        std::string body(next.empty() ? std::string_view() : next.substr(1));
        if (kind != '-') {
          if (kind == '+') hunk.added.push_back(new_line);
          hunk.new_lines.emplace_back(new_line++, std::move(body));
          --new_left;
        }
        if (kind != '+') --old_left;
        continue;
      }
      break;
    }
    while (Peek().substr(0, 1) == "\\") NextLine();
    if (old_left > 0 || new_left > 0)
      out_.problems.push_back(
          ErrorAt("diff.hunk_short",
                  "the hunk at line " + std::to_string(hunk.diff_line) + " ends " +
                      std::to_string(old_left) + " old and " + std::to_string(new_left) +
                      " new lines before its header says; the lines read are kept",
                  name_, line_number_ + 1));
    out_.files.back().hunks.push_back(std::move(hunk));
  }

  std::string_view text_;
  const std::string& name_;
  size_t pos_ = 0;
  uint64_t line_number_ = 0;
  std::string_view line_;
  bool file_open_ = false;
  bool header_done_ = false;
  DiffParse out_;
};

}  // namespace

DiffParse ParseUnifiedDiff(std::string_view text, const std::string& name) {
  return Parser(text, name).Run();
}

}  // namespace quarry::review
