#include "review/symbols.h"

#include <simdjson.h>

#include <cctype>
#include <filesystem>

#include "core/subprocess.h"
#include "review/embedded.h"

namespace quarry::review {
namespace fs = std::filesystem;
namespace {

bool IdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

const std::unordered_set<std::string>& StandardNames() {
  static const std::unordered_set<std::string> kNames = [] {
    std::unordered_set<std::string> names;
    for (const auto& [name, text] : BuiltInReviewFiles()) {
      if (name != "review-rules/stdlib.txt") continue;
      size_t pos = 0;
      while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(pos, end - pos);
        pos = end + 1;
        if (line.empty() || line[0] == '#') continue;
        // "c: strcpy strncpy ..." or bare names, separated by blanks.
        size_t colon = line.find(':');
        if (colon != std::string::npos && line.find(' ') > colon) line.erase(0, colon + 1);
        size_t i = 0;
        while (i < line.size()) {
          while (i < line.size() && line[i] == ' ') ++i;
          size_t j = line.find(' ', i);
          if (j == std::string::npos) j = line.size();
          if (j > i) names.insert(line.substr(i, j - i));
          i = j;
        }
      }
    }
    return names;
  }();
  return kNames;
}

std::string LastPart(std::string_view symbol) {
  while (!symbol.empty() && (symbol.back() == ')' || symbol.back() == '(' || symbol.back() == ' '))
    symbol.remove_suffix(1);
  size_t cut = symbol.find_last_of(".:#>");
  return std::string(cut == std::string_view::npos ? symbol : symbol.substr(cut + 1));
}

}  // namespace

void SymbolIndex::AddIdentifiers(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (!IdentifierChar(text[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && IdentifierChar(text[j])) ++j;
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) names_.emplace(text.substr(i, j - i));
    i = j;
  }
}

void SymbolIndex::AddDefinition(Definition d) {
  names_.insert(d.name);
  definitions_.push_back(std::move(d));
}

bool SymbolIndex::Knows(std::string_view symbol) const {
  std::string whole(symbol);
  while (!whole.empty() && (whole.back() == ')' || whole.back() == '(')) whole.pop_back();
  if (whole.empty()) return true;
  std::string last = LastPart(whole);
  if (last.empty()) return true;
  return names_.count(whole) > 0 || names_.count(last) > 0 || StandardNames().count(whole) > 0 ||
         StandardNames().count(last) > 0;
}

SymbolIndex SymbolIndex::Build(const ReviewInput& input, int timeout_seconds, std::string* note) {
  SymbolIndex index;
  for (const auto& file : input.files) index.AddIdentifiers(file.text);
  if (!ProgramExists("ctags")) {
    if (note) *note = "universal-ctags is not installed: only the reviewed files' names are known";
    return index;
  }
  std::string root = input.root.empty() ? "." : input.root;
  ProgramLimits limits;
  limits.timeout_seconds = timeout_seconds;
  limits.max_output = 128u << 20;
  limits.folder = root;
  // --options=NONE: the repository under review must not configure the tool that checks it.
  auto out =
      RunProgram({"ctags", "--options=NONE", "-R", "--links=no", "--output-format=json",
                  "--fields=+nK", "--exclude=.git", "--exclude=node_modules", "-f", "-", "."},
                 "", limits);
  if (!out.ok() || out.value().exit_code != 0) {
    if (note)
      *note = "the symbol index holds only the reviewed files' names: " +
              (out.ok() ? "ctags exited with " + std::to_string(out.value().exit_code) + " (" +
                              out.value().err.substr(0, 200) + ")"
                        : out.status().message());
    return index;
  }
  index.ctags_ran_ = true;
  simdjson::dom::parser parser;
  const std::string& text = out.value().out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    simdjson::dom::element tag;
    if (parser.parse(line.data(), line.size()).get(tag) != simdjson::SUCCESS) continue;
    std::string_view name, path, kind;
    int64_t number = 0;
    if (tag["name"].get_string().get(name) != simdjson::SUCCESS) continue;
    if (tag["path"].get_string().get(path) != simdjson::SUCCESS) path = {};
    if (tag["kind"].get_string().get(kind) != simdjson::SUCCESS) kind = {};
    if (tag["line"].get_int64().get(number) != simdjson::SUCCESS) number = 0;
    std::string file(path);
    if (file.rfind("./", 0) == 0) file.erase(0, 2);
    index.AddDefinition(Definition{std::string(name), file,
                                   number > 0 ? static_cast<uint64_t>(number) : 0,
                                   std::string(kind)});
  }
  return index;
}

std::vector<std::string> SymbolsNamedIn(std::string_view message) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = message.find('`', pos)) != std::string_view::npos) {
    size_t end = message.find('`', pos + 1);
    if (end == std::string_view::npos) break;
    std::string_view inside = message.substr(pos + 1, end - pos - 1);
    // Only a name, or a call of one: `foo`, `a.b()`; not a code fragment.
    bool name_like = !inside.empty() && inside.size() < 80;
    for (char c : inside)
      if (!IdentifierChar(c) && c != '.' && c != ':' && c != '(' && c != ')') name_like = false;
    if (name_like && !std::isdigit(static_cast<unsigned char>(inside[0]))) out.emplace_back(inside);
    pos = end + 1;
  }
  return out;
}

}  // namespace quarry::review
