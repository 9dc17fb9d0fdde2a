// String helpers shared by readers, matchers and renderers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace quarry {

inline char AsciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}
inline char AsciiUpper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
}

std::string AsciiToLower(std::string_view s);
// How many bytes of `s` equal `c`; vectorised (hot in scanning: NULs, newlines).
size_t CountByte(std::string_view s, char c);
bool EqualsIgnoreCaseAscii(std::string_view a, std::string_view b);
bool StartsWithIgnoreCaseAscii(std::string_view s, std::string_view prefix);

// Simple (1:1) Unicode case folding of UTF-8 text: ASCII, Latin-1, Latin Extended-A, Greek and
// Cyrillic. Windows compares names case-insensitively across these scripts; other code points
// pass through unchanged. Invalid UTF-8 bytes pass through unchanged too.
std::string FoldCase(std::string_view utf8);
bool EqualsFolded(std::string_view a, std::string_view b);

bool IsValidUtf8(std::string_view s);
// Appends one code point (at most U+10FFFF) as UTF-8.
void AppendUtf8(uint32_t code_point, std::string& out);
// Replaces every invalid UTF-8 sequence with U+FFFD; returns how many were replaced.
size_t RepairUtf8(std::string_view in, std::string& out);
// The longest prefix of `s` of at most `max_bytes` that does not end inside a UTF-8 sequence:
// text cut for display stays valid UTF-8.
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes);

// Appends `s` as a JSON string literal (with quotes), escaping control characters.
void AppendJsonString(std::string& out, std::string_view s);

// Whether `name` matches `pattern`, where '*' stands for any run of characters (KQL column and
// table patterns such as Device* or *1); exact otherwise.
bool WildcardMatch(std::string_view pattern, std::string_view name);

// Levenshtein distance (insertions, deletions, substitutions), optionally ignoring ASCII case:
// how close a misspelt name is to a known one.
size_t EditDistance(std::string_view a, std::string_view b, bool ignore_case = false);

std::string_view TrimAscii(std::string_view s);

// A SQL/KQL-safe identifier: letters, digits and '_', not starting with a digit.
std::string SanitizeIdentifier(std::string_view s);

}  // namespace quarry
