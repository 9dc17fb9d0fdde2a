#include "review/language.h"

#include <array>
#include <utility>

#include "core/strings.h"

namespace quarry::review {
namespace {

constexpr std::array<std::pair<std::string_view, Language>, 22> kExtensions = {{
    {".c", Language::kC},
    {".h", Language::kC},
    {".cc", Language::kCpp},
    {".cpp", Language::kCpp},
    {".cxx", Language::kCpp},
    {".hh", Language::kCpp},
    {".hpp", Language::kCpp},
    {".hxx", Language::kCpp},
    {".py", Language::kPython},
    {".pyw", Language::kPython},
    {".js", Language::kJavaScript},
    {".mjs", Language::kJavaScript},
    {".cjs", Language::kJavaScript},
    {".jsx", Language::kJavaScript},
    {".ts", Language::kTypeScript},
    {".tsx", Language::kTypeScript},
    {".mts", Language::kTypeScript},
    {".cts", Language::kTypeScript},
    {".java", Language::kJava},
    {".C", Language::kCpp},
    {".c++", Language::kCpp},
    {".h++", Language::kCpp},
}};

constexpr std::array<std::pair<std::string_view, Language>, 6> kNames = {{
    {"c", Language::kC},
    {"cpp", Language::kCpp},
    {"python", Language::kPython},
    {"javascript", Language::kJavaScript},
    {"typescript", Language::kTypeScript},
    {"java", Language::kJava},
}};

}  // namespace

Language LanguageOfPath(std::string_view path) {
  size_t slash = path.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = name.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return Language::kUnknown;
  std::string_view extension = name.substr(dot);
  for (const auto& [ext, language] : kExtensions)
    if (ext == extension) return language;
  std::string lower = AsciiToLower(extension);
  for (const auto& [ext, language] : kExtensions)
    if (ext == lower) return language;
  return Language::kUnknown;
}

std::string_view LanguageName(Language language) {
  for (const auto& [name, l] : kNames)
    if (l == language) return name;
  return "";
}

Language LanguageNamed(std::string_view name) {
  for (const auto& [n, l] : kNames)
    if (n == name) return l;
  return Language::kUnknown;
}

bool IsCFamily(Language language) {
  return language == Language::kC || language == Language::kCpp;
}
bool IsJsFamily(Language language) {
  return language == Language::kJavaScript || language == Language::kTypeScript;
}

}  // namespace quarry::review
