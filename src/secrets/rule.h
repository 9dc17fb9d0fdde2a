// A secret rule: what a credential of one kind looks like (keywords, an RE2 regex, the group that
// is the secret, entropy, an offline validator) and what is known not to be one (allowlists).
// Rules are data (rules/secrets/*.toml, or a gitleaks configuration); their examples are tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace re2 {
class RE2;
}

namespace quarry::secrets {

enum class Validator { kNone, kGithubCrc32, kJwt, kPemPrivateKey, kAwsAccessKeyId };
// "github-crc32", … ; "" for kNone.
const char* ValidatorName(Validator v);
// False when NAME is not a validator.
bool ParseValidator(const std::string& name, Validator& out);

// What the allowlist's regexes of gitleaks' `regexes` apply to.
enum class RegexTarget { kSecret, kMatch, kLine };

// A finding is dropped when the allowlist holds for it: any of its conditions (or, with
// `all_conditions`, every one given: gitleaks' condition = "AND").
struct Allowlist {
  std::string description;
  std::vector<std::shared_ptr<const re2::RE2>> secrets;  // searched in the secret
  std::vector<std::shared_ptr<const re2::RE2>> matches;  // in the whole match
  std::vector<std::shared_ptr<const re2::RE2>> lines;    // in the line
  std::vector<std::shared_ptr<const re2::RE2>> paths;    // in the file's path
  std::vector<std::string> stopwords;                    // lower-case; in the secret
  std::vector<std::string> commits;                      // commit ids (git scans)
  bool all_conditions = false;
  bool empty() const;
};

// Examples are the rule's tests (rules/secrets/README.md).
struct Examples {
  std::vector<std::string> secrets, lines, not_secrets, not_lines;
  std::string path;  // the file name the examples are scanned as (rules with a `path`)
};

struct Rule {
  std::string id;
  std::string description;
  std::vector<std::string> keywords;  // lower-case
  std::string regex_text;
  std::shared_ptr<const re2::RE2> regex;  // null for a rule on paths alone
  std::shared_ptr<const re2::RE2> path;   // only files whose path matches (gitleaks `path`)
  int secret_group = 0;
  double entropy = 0;
  Validator validator = Validator::kNone;
  std::vector<std::string> tags;
  std::vector<Allowlist> allowlists;
  Examples examples;
  std::string defined_at;  // "file:line"
};

struct RuleSet {
  std::vector<Rule> rules;
  std::vector<Allowlist> allowlists;  // for every rule (gitleaks' top-level allowlist)
  std::vector<std::string> sources;   // files read, for reports
};

}  // namespace quarry::secrets
