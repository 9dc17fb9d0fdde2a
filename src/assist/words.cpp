#include "assist/words.h"

#include <cctype>

#include "core/strings.h"

namespace quarry::assist {

std::vector<std::string> WordParts(std::string_view text) {
  std::vector<std::string> parts;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) parts.push_back(AsciiToLower(current));
    current.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (!std::isalnum(c)) {
      flush();
      continue;
    }
    if (!current.empty()) {
      auto prev = static_cast<unsigned char>(current.back());
      bool camel = std::islower(prev) && std::isupper(c);
      bool acronym_end = std::isupper(prev) && std::isupper(c) && i + 1 < text.size() &&
                         std::islower(static_cast<unsigned char>(text[i + 1]));
      // "CreateFunction20150331" splits before its date; "s3", "ec2", "Win32" stay whole.
      size_t run = i;
      while (run < text.size() && std::isdigit(static_cast<unsigned char>(text[run]))) ++run;
      bool digits = std::isalpha(prev) && std::isdigit(c) && run - i >= 4;
      if (camel || acronym_end || digits) flush();
    }
    current += static_cast<char>(c);
  }
  flush();
  return parts;
}

bool SameWord(const std::string& a, const std::string& b) {
  if (a == b) return true;
  const std::string& shorter = a.size() < b.size() ? a : b;
  const std::string& longer = a.size() < b.size() ? b : a;
  if (shorter.empty() || std::isdigit(static_cast<unsigned char>(shorter[0]))) return false;
  if (longer == shorter + "s" || longer == shorter + "es") return true;
  if (shorter.back() == 'y' && longer == shorter.substr(0, shorter.size() - 1) + "ies") {
    return true;  // policy, policies
  }
  return shorter.size() >= 4 && longer.size() - shorter.size() <= 3 &&
         longer.compare(0, shorter.size(), shorter) == 0;
}

}  // namespace quarry::assist
