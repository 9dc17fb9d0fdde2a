// Sigma string values: the escape rules, the value modifiers that rewrite strings (contains,
// startswith, endswith, windash, base64, base64offset, wide/utf16*), and the compiled wildcard
// pattern they end up as. See ../shared/docs/sigma-semantics.md §4.3–4.5.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace quarry::sigma {

// A Sigma string: literal bytes, with the wildcards `*` and `?` encoded as kAnyRun / kAnyChar
// so that literal `*` and `?` (written `\*`, `\?`) stay distinguishable.
inline constexpr char kAnyRun = '\x01';
inline constexpr char kAnyChar = '\x02';

// Parses a rule string value with Sigma's escapes: `\*` `\?` `\\` give the literal character;
// a backslash before anything else stays; unescaped `*` and `?` become wildcards.
std::string ParseSigmaString(std::string_view raw);
// The same value with nothing special (for `re`, `fieldref` and placeholders).
bool HasWildcards(std::string_view s);

std::string Contains(std::string s);
std::string StartsWith(std::string s);
std::string EndsWith(std::string s);

// Every variant with each `-` or `/` that starts an option (at `\B[-/]\b`) replaced by each of
// - / – — ―. Fails when the variants would exceed `max_variants`.
Result<std::vector<std::string>> WindashVariants(const std::string& s, size_t max_variants);

// UTF-8 → UTF-16 code units as bytes (le: little-endian; bom: with FF FE first).
Result<std::string> ToUtf16(const std::string& s, bool little_endian, bool bom);
std::string Base64(std::string_view bytes);
// The three shifted encodings that find `bytes` at any alignment inside a Base64 blob.
std::vector<std::string> Base64OffsetVariants(std::string_view bytes);

// A compiled wildcard pattern over text, case-insensitive (ASCII) unless cased.
class Glob {
 public:
  Glob() = default;
  Glob(const std::string& sigma_string, bool cased);

  // `text` must already be lower-cased (ASCII) when the glob is not cased.
  bool Matches(std::string_view text) const;
  bool cased() const { return cased_; }
  // Canonical form, for sharing identical tests between rules.
  const std::string& pattern() const { return pattern_; }

 private:
  enum class Shape : uint8_t { kExact, kPrefix, kSuffix, kContains, kGeneral };
  bool MatchGeneral(std::string_view text) const;

  std::string pattern_;  // lower-cased unless cased_, wildcards encoded
  std::string literal_;  // the literal part for the simple shapes
  Shape shape_ = Shape::kExact;
  bool cased_ = false;
};

}  // namespace quarry::sigma
