// Which language a source file is written in, from its name (the engines choose by it).
#pragma once

#include <string_view>

namespace quarry::review {

enum class Language { kUnknown, kC, kCpp, kPython, kJavaScript, kTypeScript, kJava };

Language LanguageOfPath(std::string_view path);
// c, cpp, python, javascript, typescript, java; "" for unknown.
std::string_view LanguageName(Language language);
Language LanguageNamed(std::string_view name);
bool IsCFamily(Language language);   // C and C++
bool IsJsFamily(Language language);  // JavaScript and TypeScript

}  // namespace quarry::review
