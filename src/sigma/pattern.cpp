#include "sigma/pattern.h"

#include <algorithm>

#include "core/strings.h"

namespace quarry::sigma {

std::string ParseSigmaString(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\\' && i + 1 < raw.size()) {
      char n = raw[i + 1];
      if (n == '*' || n == '?' || n == '\\') {
        out += n;
        ++i;
        continue;
      }
      out += c;  // a backslash before anything else is kept
      continue;
    }
    if (c == '*') {
      out += kAnyRun;
    } else if (c == '?') {
      out += kAnyChar;
    } else {
      out += c;
    }
  }
  return out;
}

bool HasWildcards(std::string_view s) {
  return s.find(kAnyRun) != std::string_view::npos || s.find(kAnyChar) != std::string_view::npos;
}

std::string Contains(std::string s) {
  if (s.empty() || s.front() != kAnyRun) s.insert(s.begin(), kAnyRun);
  if (s.size() < 2 || s.back() != kAnyRun) s += kAnyRun;
  return s;
}

std::string StartsWith(std::string s) {
  if (s.empty() || s.back() != kAnyRun) s += kAnyRun;
  return s;
}

std::string EndsWith(std::string s) {
  if (s.empty() || s.front() != kAnyRun) s.insert(s.begin(), kAnyRun);
  return s;
}

namespace {

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

Result<std::vector<std::string>> WindashVariants(const std::string& s, size_t max_variants) {
  // Positions where regex \B[-/]\b matches: the dash or slash is preceded by the start or a
  // non-word character (wildcards count as non-word: they end a literal part) and followed by a
  // word character.
  std::vector<size_t> positions;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '-' && s[i] != '/') continue;
    bool before_ok = i == 0 || !IsWordChar(s[i - 1]);
    bool after_ok = i + 1 < s.size() && IsWordChar(s[i + 1]);
    if (before_ok && after_ok) positions.push_back(i);
  }
  static const char* kDashes[] = {"-", "/", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x95"};
  size_t total = 1;
  for (size_t k = 0; k < positions.size(); ++k) {
    total *= 5;
    if (total > max_variants) {
      return InvalidArgument("windash: " + std::to_string(positions.size()) +
                             " option dashes give more than " + std::to_string(max_variants) +
                             " variants");
    }
  }
  std::vector<std::string> out;
  out.reserve(total);
  for (size_t n = 0; n < total; ++n) {
    std::string v;
    size_t code = n, last = 0;
    for (size_t pos : positions) {
      v.append(s, last, pos - last);
      v += kDashes[code % 5];
      code /= 5;
      last = pos + 1;
    }
    v.append(s, last, std::string::npos);
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::string> ToUtf16(const std::string& s, bool little_endian, bool bom) {
  std::string out;
  if (bom) out += little_endian ? std::string("\xFF\xFE", 2) : std::string("\xFE\xFF", 2);
  auto put = [&](uint16_t unit) {
    char lo = static_cast<char>(unit & 0xFF), hi = static_cast<char>(unit >> 8);
    if (little_endian) {
      out += lo;
      out += hi;
    } else {
      out += hi;
      out += lo;
    }
  };
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp = 0;
    size_t n = 1;
    if (c < 0x80) {
      cp = c;
    } else if ((c >> 5) == 6 && i + 1 < s.size()) {
      cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
      n = 2;
    } else if ((c >> 4) == 14 && i + 2 < s.size()) {
      cp = ((c & 0x0F) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3F);
      n = 3;
    } else if ((c >> 3) == 30 && i + 3 < s.size()) {
      cp = ((c & 0x07) << 18) | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 12) |
           ((static_cast<unsigned char>(s[i + 2]) & 0x3F) << 6) |
           (static_cast<unsigned char>(s[i + 3]) & 0x3F);
      n = 4;
    } else {
      return InvalidArgument("wide/utf16: the value is not valid UTF-8");
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put(static_cast<uint16_t>(0xD800 + (cp >> 10)));
      put(static_cast<uint16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      put(static_cast<uint16_t>(cp));
    }
    i += n;
  }
  return out;
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (rest == 2) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::vector<std::string> Base64OffsetVariants(std::string_view bytes) {
  static constexpr size_t kCutStart[] = {0, 2, 3};
  static constexpr size_t kCutEnd[] = {0, 3, 2};  // by (len + shift) % 3
  std::vector<std::string> out;
  for (size_t shift = 0; shift < 3; ++shift) {
    std::string padded(shift, ' ');
    padded.append(bytes);
    std::string enc = Base64(padded);
    size_t cut_end = kCutEnd[(bytes.size() + shift) % 3];
    size_t start = kCutStart[shift];
    if (enc.size() < start + cut_end) {
      out.emplace_back();
      continue;
    }
    out.push_back(enc.substr(start, enc.size() - start - cut_end));
  }
  return out;
}

Glob::Glob(const std::string& sigma_string, bool cased)
    : pattern_(cased ? sigma_string : AsciiToLower(sigma_string)), cased_(cased) {
  size_t n = pattern_.size();
  bool has_any_char = pattern_.find(kAnyChar) != std::string::npos;
  size_t runs = static_cast<size_t>(std::count(pattern_.begin(), pattern_.end(), kAnyRun));
  auto inner_has_run = [&](size_t from, size_t to) { return pattern_.find(kAnyRun, from) < to; };
  shape_ = Shape::kGeneral;
  if (has_any_char) return;
  if (runs == 0) {
    shape_ = Shape::kExact;
    literal_ = pattern_;
  } else if (runs == 1 && pattern_.back() == kAnyRun) {
    shape_ = Shape::kPrefix;
    literal_ = pattern_.substr(0, n - 1);
  } else if (runs == 1 && pattern_.front() == kAnyRun) {
    shape_ = Shape::kSuffix;
    literal_ = pattern_.substr(1);
  } else if (runs == 2 && n >= 2 && pattern_.front() == kAnyRun && pattern_.back() == kAnyRun &&
             !inner_has_run(1, n - 1)) {
    shape_ = Shape::kContains;
    literal_ = pattern_.substr(1, n - 2);
  }
}

bool Glob::Matches(std::string_view text) const {
  switch (shape_) {
    case Shape::kExact:
      return text == literal_;
    case Shape::kPrefix:
      return text.substr(0, literal_.size()) == literal_;
    case Shape::kSuffix:
      return text.size() >= literal_.size() &&
             text.substr(text.size() - literal_.size()) == literal_;
    case Shape::kContains:
      return text.find(literal_) != std::string_view::npos;
    case Shape::kGeneral:
      return MatchGeneral(text);
  }
  return false;
}

bool Glob::MatchGeneral(std::string_view text) const {
  // Iterative wildcard matching with one backtrack point (the last `*`): linear for patterns
  // whose literal pieces do not overlap, quadratic at worst.
  size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  const std::string& pat = pattern_;
  while (t < text.size()) {
    if (p < pat.size() && pat[p] == kAnyRun) {
      star = p++;
      mark = t;
    } else if (p < pat.size() && (pat[p] == kAnyChar || pat[p] == text[t])) {
      if (pat[p] == kAnyChar) {
        // `?` is one character: skip a whole UTF-8 sequence.
        auto c = static_cast<unsigned char>(text[t]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        t = std::min(text.size(), t + len);
      } else {
        ++t;
      }
      ++p;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pat.size() && pat[p] == kAnyRun) ++p;
  return p == pat.size();
}

}  // namespace quarry::sigma
