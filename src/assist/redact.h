// What leaves the machine is scrubbed first: secrets (cloud keys, tokens, private keys,
// passwords on command lines) are replaced by a marker naming their kind, and, when asked,
// users, hosts and IP addresses are replaced by consistent tokens that are put back in the
// answer.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace quarry::assist {

struct Redacted {
  std::string text;
  int count = 0;  // secrets replaced
};

// Secrets in `text` replaced by [REDACTED:rule-id], with the secret rules of `quarry secrets`
// (rules/secrets/*.toml) run with their precision filters off: whatever a scan reports is
// redacted, and so are values a report leaves out as examples, placeholders or mistyped tokens.
Redacted RedactSecrets(std::string_view text);

// Consistent tokens for identifying values: USER_1, HOST_1, IP_1, … The same value always gets
// the same token within one pseudonymizer.
class Pseudonymizer {
 public:
  enum class Kind { kUser, kHost, kIp };
  void Add(Kind kind, const std::string& value);
  // Every known value (and every IPv4 address) in `text` replaced by its token.
  std::string Apply(std::string_view text);
  // Tokens in `text` replaced by the values they stand for.
  std::string Restore(std::string_view text) const;
  size_t size() const { return to_token_.size(); }

 private:
  std::string TokenFor(Kind kind, const std::string& value);
  std::map<std::string, std::string> to_token_;
  std::map<std::string, std::string> to_value_;
  int next_[3] = {1, 1, 1};
};

}  // namespace quarry::assist
