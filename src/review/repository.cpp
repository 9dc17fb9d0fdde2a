#include "review/repository.h"

#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "review/code_view.h"

namespace quarry::review {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxSources = 5000;
constexpr uintmax_t kMaxSourceBytes = 1u << 20;
constexpr uintmax_t kMaxTotalBytes = 64u << 20;  // what the search reads of a repository
constexpr uint64_t kCallerWindow = 12;

// What a check of each kind looks like in code (case-insensitive).
const RE2& CheckPattern(const std::string& kind) {
  static const std::map<std::string, std::unique_ptr<RE2>> kPatterns = [] {
    std::map<std::string, std::unique_ptr<RE2>> m;
    auto add = [&](const char* name, const char* re) {
      m[name] = std::make_unique<RE2>(std::string("(?i)") + re);
    };
    add("authorization",
        "authori[sz]|permission|is_?admin|has_?role|has_?authority|has_?permission|"
        "roles_?allowed|preauthorize|postauthorize|@secured|can_?access|check_?access|"
        "require_?(?:role|admin|owner|permission|auth)|ensure_?(?:admin|owner|role|auth)|"
        "owner_?id\\s*[!=]==?|forbidden|\\b403\\b|access_?denied|login_required|"
        "permission_required|is_?authenticated|authenticated\\(\\)|"
        "@\\s*[\\w.]*(?:require|auth|login|permission|staff|admin|role|secur|allow|access|guard|"
        "protect)|"
        "require_?\\w*(?:staff|user|login|role|admin|owner|permission|auth)");
    add("authentication",
        "authenticat|login_required|require_?auth|ensure_?(?:logged_?in|auth)|is_?authenticated|"
        "passport\\.|jwt_required|verify_?token|session\\.user|req\\.user\\b|principal|"
        "\\b401\\b|unauthori[sz]ed|@\\s*[\\w.]*(?:require|auth|login|guard|protect)");
    add("validation",
        "valid|saniti[sz]|escape|allow_?list|white_?list|is_?allowed|startswith|starts_with|"
        "realpath|normpath|normalize|commonpath|canonical|fullmatch|\\bmatch(?:es)?\\(|"
        "\\.test\\(|isdigit|isnumeric|isalnum|parseint|\\bint\\(");
    add("csrf", "csrf|xsrf|same_?site");
    add("bounds",
        "sizeof|strlen|\\blength\\b|\\bsize\\(\\)|\\blen\\(|bound|\\bmax_?\\w*|\\bmin\\(");
    add("null",
        "!=\\s*null|==\\s*null|!=\\s*nullptr|==\\s*nullptr|is not none|is none|"
        "if\\s*\\(\\s*!\\s*\\w+\\s*\\)|if\\s*\\(\\s*\\w+\\s*==\\s*0\\s*\\)|optional");
    add("rate_limit", "rate_?limit|throttl|limiter");
    return m;
  }();
  auto it = kPatterns.find(kind);
  static const RE2 kNever("a\\bb");
  return it == kPatterns.end() ? kNever : *it->second;
}

// Places where guards are registered for many handlers at once.
const RE2& RegistrationPattern() {
  static const RE2 kPattern(
      "(?i)\\.use\\(|before_request|before_action|(?-i:MIDDLEWARE)|@(?:pre|post)authorize|@secured|"
      "@rolesallowed|addfilter|filterregistrationbean|authorize(?:http)?requests|"
      "securityfilterchain|permission_classes|@login_required|@permission_required|"
      "\\.(?:get|post|put|patch|delete|all)\\(\\s*['\"`][^'\"`]*['\"`]\\s*,\\s*[A-Za-z_$][\\w$.]*"
      "\\s*,");
  return kPattern;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  if (s.size() > 160) s = s.substr(0, 160);
  return std::string(s);
}

// TEXT with comments blanked, as lines (index 0 is line 1) into CODE, which must outlive them.
std::vector<std::string_view> CodeLines(const std::string& path, const std::string& text,
                                        std::string& code) {
  code = MakeCodeView(text, LanguageOfPath(path)).code;
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos <= code.size()) {
    size_t end = code.find('\n', pos);
    if (end == std::string::npos) end = code.size();
    lines.push_back(std::string_view(code).substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

}  // namespace

Repository::Repository(const ReviewInput& input, const SymbolIndex& symbols)
    : input_(input), symbols_(symbols) {}

void Repository::AddSource(const std::string& path, const std::string& text) {
  auto source = std::make_unique<Source>();
  source->path = path;
  source->lines = CodeLines(path, text, source->code);
  sources_.push_back(std::move(source));
}

const std::vector<std::unique_ptr<Repository::Source>>& Repository::Sources() {
  if (read_) return sources_;
  read_ = true;
  for (const auto& f : input_.files) AddSource(f.path, f.text);
  std::error_code ec;
  fs::path root = input_.root.empty() ? fs::path(".") : fs::path(input_.root);
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator() && sources_.size() < kMaxSources;
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (it->is_directory(ec) && (name == ".git" || name == "node_modules")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink(ec) || !it->is_regular_file(ec) ||
        LanguageOfPath(name) == Language::kUnknown)
      continue;
    uintmax_t size = it->file_size(ec);
    if (ec || size > kMaxSourceBytes) continue;
    if (total_bytes_ + size > kMaxTotalBytes) break;
    total_bytes_ += size;
    std::string path = it->path().lexically_relative(root).generic_string();
    bool reviewed = std::any_of(input_.files.begin(), input_.files.end(),
                                [&](const ReviewedFile& f) { return f.path == path; });
    if (reviewed) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    AddSource(path, text.str());
  }
  return sources_;
}

std::pair<std::pair<uint64_t, uint64_t>, std::string> Repository::FunctionAround(
    const ReviewedFile& file, uint64_t line) const {
  uint64_t first = 0, next = 0;
  std::string name;
  for (const auto& d : symbols_.Definitions()) {
    if (d.file != file.path) continue;
    bool callable =
        d.kind == "function" || d.kind == "method" || d.kind == "member" || d.kind == "prototype";
    if (!callable) continue;
    if (d.line <= line && d.line >= first) {
      first = d.line;
      name = d.name;
    } else if (d.line > line && (next == 0 || d.line < next)) {
      next = d.line;
    }
  }
  if (first == 0) {
    // No index: the lines just before it stand in for the function.
    return {{line > 15 ? line - 15 : 1, line}, ""};
  }
  // Decorators and annotations written above the definition guard it too.
  while (first > 1) {
    std::string_view above = file.Line(first - 1);
    size_t start = above.find_first_not_of(" \t");
    if (start == std::string_view::npos || above[start] != '@') break;
    --first;
  }
  return {{first, next == 0 ? file.LineCount() : next - 1}, name};
}

std::optional<SeenCheck> Repository::FindCheck(const std::string& kind, const ReviewedFile& file,
                                               uint64_t line) {
  const RE2& check = CheckPattern(kind);
  auto around = FunctionAround(file, line);
  const std::pair<uint64_t, uint64_t> range = around.first;
  const std::string name = around.second;
  std::string key = kind + '\0' + file.path + '\0' + std::to_string(range.first) + '\0' +
                    std::to_string(std::min(range.second, line));
  if (auto known = answers_.find(key); known != answers_.end()) return known->second;
  std::optional<SeenCheck> answer = Search(check, file, line, range, name);
  answers_[key] = answer;
  return answer;
}

std::optional<SeenCheck> Repository::Search(const RE2& check, const ReviewedFile& file,
                                            uint64_t line, std::pair<uint64_t, uint64_t> range,
                                            const std::string& name) {
  std::optional<SeenCheck> seen;
  // In the function itself, up to the line the finding is about.
  const Source* own = nullptr;
  for (const auto& source : Sources())
    if (source->path == file.path) own = source.get();
  uint64_t last = std::min(range.second, line);
  if (own != nullptr)
    for (uint64_t n = range.first; n <= last && n <= own->lines.size(); ++n)
      if (RE2::PartialMatch(own->lines[n - 1], check))
        return SeenCheck{file.path + ":" + std::to_string(n), Trim(own->lines[n - 1])};
  // Guards registered for many routes or handlers, anywhere in the repository; and the lines
  // just before each call of the function.
  std::unique_ptr<RE2> call;
  if (name.size() > 2) call = std::make_unique<RE2>("\\b" + RE2::QuoteMeta(name) + "\\s*\\(");
  for (const auto& owned : Sources()) {
    const Source& source = *owned;
    for (uint64_t n = 1; n <= source.lines.size(); ++n) {
      std::string_view code = source.lines[n - 1];
      if (RE2::PartialMatch(code, RegistrationPattern()) && RE2::PartialMatch(code, check))
        return SeenCheck{source.path + ":" + std::to_string(n), Trim(code)};
      bool inside = source.path == file.path && n >= range.first && n <= range.second;
      if (call && !inside && RE2::PartialMatch(code, *call)) {
        for (uint64_t m = n > kCallerWindow ? n - kCallerWindow : 1; m <= n; ++m)
          if (RE2::PartialMatch(source.lines[m - 1], check))
            return SeenCheck{source.path + ":" + std::to_string(m), Trim(source.lines[m - 1])};
      }
    }
  }
  return std::nullopt;
}

}  // namespace quarry::review
