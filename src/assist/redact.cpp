#include "assist/redact.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "secrets/rule_set.h"
#include "secrets/scanner.h"

namespace quarry::assist {
namespace {

// The secret rules' scanner with the precision filters off (secrets/scanner.h): everything a
// scan reports is redacted, and so are example keys and mistyped tokens.
const secrets::Scanner* Redactor() {
  static const std::unique_ptr<secrets::Scanner> kScanner = [] {
    secrets::ScanOptions options;
    options.redaction = true;
    options.merge_overlaps = false;  // every rule's span: their union is redacted
    auto s = secrets::Scanner::Create(secrets::BuiltInRules().set, options);
    return s.ok() ? std::move(s).value() : nullptr;
  }();
  return kScanner.get();
}

// Whether text[at, at + size) stands alone: no letter, digit or _ right before or after it, so
// that a user named "ann" does not rewrite "annual".
bool WholeWord(const std::string& text, size_t at, size_t size) {
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  return (at == 0 || !word(text[at - 1])) && (at + size >= text.size() || !word(text[at + size]));
}

}  // namespace

Redacted RedactSecrets(std::string_view text) {
  Redacted out;
  const secrets::Scanner* scanner = Redactor();
  if (scanner == nullptr) {
    // The built-in rules always compile (a test checks); without them nothing may leave.
    out.text = "[REDACTED:all]";
    out.count = 1;
    return out;
  }
  thread_local auto scratch = scanner->NewScratch();
  std::vector<secrets::SecretFinding> found;
  scanner->Scan(text, "", *scratch, found);
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.offset != b.offset ? a.offset < b.offset : a.length > b.length;
  });
  out.text.reserve(text.size());
  size_t copied = 0;
  for (size_t i = 0; i < found.size();) {
    // The union of overlapping spans, named by a specific rule when one found it.
    size_t begin = found[i].offset, end = begin + found[i].length;
    const secrets::SecretFinding* named = &found[i];
    auto generic = [](const secrets::SecretFinding& f) {
      return std::find(f.tags.begin(), f.tags.end(), "generic") != f.tags.end();
    };
    size_t j = i + 1;
    for (; j < found.size() && found[j].offset < end; ++j) {
      end = std::max<size_t>(end, found[j].offset + found[j].length);
      if (generic(*named) && !generic(found[j])) named = &found[j];  // the most telling name
    }
    const std::string& rule = named->rule_id;
    begin = std::max(begin, copied);
    out.text.append(text.substr(copied, begin - copied));
    out.text += "[REDACTED:" + rule + "]";
    copied = end;
    ++out.count;
    i = j;
  }
  out.text.append(text.substr(copied));
  return out;
}

std::string Pseudonymizer::TokenFor(Kind kind, const std::string& value) {
  auto it = to_token_.find(value);
  if (it != to_token_.end()) return it->second;
  static constexpr const char* kPrefix[] = {"USER_", "HOST_", "IP_"};
  int& n = next_[static_cast<int>(kind)];
  std::string token = kPrefix[static_cast<int>(kind)] + std::to_string(n++);
  to_token_[value] = token;
  to_value_[token] = value;
  return token;
}

void Pseudonymizer::Add(Kind kind, const std::string& value) {
  // Short or generic values ("-", "SYSTEM") identify nobody and would be replaced everywhere.
  if (value.size() < 3 || value == "SYSTEM" || value == "NT AUTHORITY\\SYSTEM") return;
  TokenFor(kind, value);
}

std::string Pseudonymizer::Apply(std::string_view text) {
  static const RE2 kIpv4(R"(\b((?:\d{1,3}\.){3}\d{1,3})\b)");
  std::string ips(text);
  re2::StringPiece input(ips);
  std::string ip;
  while (RE2::FindAndConsume(&input, kIpv4, &ip)) TokenFor(Kind::kIp, ip);
  // Longest values first, so that "alice.smith" is not cut by "alice".
  std::vector<std::pair<std::string, std::string>> pairs(to_token_.begin(), to_token_.end());
  std::sort(pairs.begin(), pairs.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  std::string out(text);
  for (const auto& [value, token] : pairs) {
    for (size_t at = out.find(value); at != std::string::npos;) {
      if (!WholeWord(out, at, value.size())) {
        at = out.find(value, at + 1);
        continue;
      }
      out.replace(at, value.size(), token);
      at = out.find(value, at + token.size());
    }
  }
  return out;
}

std::string Pseudonymizer::Restore(std::string_view text) const {
  std::string out(text);
  // Longest tokens first, so that USER_12 is not read as USER_1 followed by 2.
  std::vector<std::pair<std::string, std::string>> pairs(to_value_.begin(), to_value_.end());
  std::sort(pairs.begin(), pairs.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (const auto& [token, value] : pairs) {
    for (size_t at = out.find(token); at != std::string::npos;
         at = out.find(token, at + value.size())) {
      out.replace(at, token.size(), value);
    }
  }
  return out;
}

}  // namespace quarry::assist
