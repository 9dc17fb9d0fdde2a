#include "assist/redact.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace quarry::assist {
namespace {

struct SecretPattern {
  const char* kind;
  std::unique_ptr<RE2> re;  // the secret is capture group 1
};

const std::vector<SecretPattern>& Patterns() {
  static const std::vector<SecretPattern> kPatterns = [] {
    std::vector<SecretPattern> p;
    auto add = [&](const char* kind, const char* pattern) {
      p.push_back({kind, std::make_unique<RE2>(pattern)});
    };
    add("private-key",
        R"((-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----))");
    add("aws-access-key", R"(\b((?:AKIA|ASIA)[A-Z0-9]{16})\b)");
    add("aws-secret-key",
        R"((?i)(?:aws_secret_access_key|secretaccesskey|aws_secret_key|secret_access_key)["'\s:=]{1,5}([A-Za-z0-9/+=]{40}))");
    add("github-token", R"(\b(gh[pousr]_[A-Za-z0-9]{36,})\b)");
    add("github-token", R"(\b(github_pat_[A-Za-z0-9_]{22,})\b)");
    add("slack-token", R"(\b(xox[abposr]-[A-Za-z0-9-]{10,}))");
    add("jwt", R"(\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}))");
    add("password", R"((?i)(?:password|passwd|pwd)\s*[=:]\s*["']?([^\s"',;]{3,}))");
    return p;
  }();
  return kPatterns;
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
  out.text = std::string(text);
  for (const SecretPattern& p : Patterns()) {
    std::string result;
    std::string_view rest(out.text);
    re2::StringPiece input(rest.data(), rest.size());
    re2::StringPiece match;
    size_t copied = 0;
    while (RE2::FindAndConsume(&input, *p.re, &match)) {
      size_t at = static_cast<size_t>(match.data() - out.text.data());
      result.append(out.text, copied, at - copied);
      result += std::string("[REDACTED:") + p.kind + "]";
      copied = at + match.size();
      ++out.count;
      if (match.empty()) break;
    }
    if (copied > 0) {
      result.append(out.text, copied, std::string::npos);
      out.text = std::move(result);
    }
  }
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
