// The secret scanner: one Vectorscan pass finds every rule's keywords in a buffer at once; each
// rule's RE2 regex then runs only on the lines (or, in very long lines, the windows) where one of
// its keywords occurs. Candidates pass entropy, validator and allowlists, and a line marked
// `quarry:allow` or `gitleaks:allow` reports nothing.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "secrets/rule.h"

namespace quarry::secrets {

struct SecretFinding {
  std::string rule_id;
  std::string description;
  std::vector<std::string> tags;
  std::vector<std::string> also;  // other rules that found the same secret
  std::string file;
  uint64_t line = 0;    // 1-based
  uint64_t column = 0;  // 1-based, in bytes
  uint64_t end_line = 0;
  uint64_t offset = 0;  // of the secret in the scanned text
  uint64_t length = 0;
  std::string secret;    // the raw value: never printed unless asked
  std::string encoding;  // "base64" when found in decoded text (offset and length: the run)
  double entropy = 0;
  std::string fingerprint;  // stable id: rule, file and secret (docs/secrets.md)
  // Where it came from when not a plain file.
  std::string commit, author, date;  // git history
  int64_t eid = -1;                  // case events: the first event holding the secret
  std::string table, field;          // case events
  uint64_t occurrences = 1;          // case events: how many events hold the same secret
  std::vector<int64_t> more_eids;    // case events: other events holding it (the first 20)
};

struct ScanOptions {
  // Same secret found by several rules: one finding from the most specific rule (others in
  // `also`). Off for testing rules one by one.
  bool merge_overlaps = true;
  // For a redactor: the precision filters that keep non-credentials out of a report (validators,
  // checksums, allowlists, stopwords, allow comments) are off, so that everything a scan would
  // report is redacted and so are example keys and mistyped tokens (entropy and rules' paths are
  // not checked either).
  bool redaction = false;
  // Base64 inside base64 (a Kubernetes Secret's Docker config whose `auth` is base64 again) is
  // decoded this many levels deep; 0 turns decoding off.
  int decode_depth = 2;
  // Lines longer than this are searched in windows around keyword hits.
  size_t long_line = size_t{64} * 1024;
};

struct Region;

class Scanner {
 public:
  struct Scratch;

  // Compiles the keyword database of RULES (which the scanner keeps).
  static Result<std::unique_ptr<Scanner>> Create(RuleSet rules, ScanOptions options = {});
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  // One per thread.
  std::unique_ptr<Scratch, void (*)(Scratch*)> NewScratch() const;

  // Findings in TEXT, the content of the file at PATH (matched by path rules and allowlists),
  // appended to OUT with line and column counted in TEXT. LONG_LINES counts lines searched in
  // windows. COMMIT, when given, is checked against allowlisted commits.
  void Scan(std::string_view text, const std::string& path, Scratch& scratch,
            std::vector<SecretFinding>& out, const std::string& commit = "") const;

  // Findings on the file's path itself (rules with a path and no regex).
  void ScanPath(const std::string& path, std::vector<SecretFinding>& out) const;

  // Whether any rule reads PATH at all: false when every rule with a path pattern rejects it and
  // no rule is path-free, or a global allowlist excludes it.
  bool PathAllowed(const std::string& path) const;

  const RuleSet& rules() const { return rules_; }
  size_t keyword_count() const { return keywords_.size(); }

 private:
  Scanner(RuleSet rules, ScanOptions options);
  Status Compile();
  // Vectorscan's match callback: records the line (or window) of a keyword hit for its rules.
  static int OnKeyword(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                       void* context);
  void AddRegion(Scratch& s, uint32_t rule, uint64_t hit) const;
  void ScanAt(std::string_view text, const std::string& path, Scratch& scratch,
              std::vector<SecretFinding>& out, const std::string& commit, int depth) const;
  void ScanEncoded(std::string_view text, const std::string& path, Scratch& scratch,
                   std::vector<SecretFinding>& out, const std::string& commit, int depth) const;
  void MatchRegion(const Region& region, std::string_view text, const std::string& path,
                   const std::string& commit, std::vector<SecretFinding>& out) const;

  RuleSet rules_;
  ScanOptions options_;
  std::vector<std::string> keywords_;
  std::vector<std::vector<uint32_t>> rules_of_keyword_;
  std::vector<uint32_t> rules_without_keywords_;
  std::map<std::string, bool> generic_;  // by rule id: generic rules yield to specific ones
  struct Database;
  std::unique_ptr<Database> db_;
};

// The fingerprint of a finding: hex SHA-256 (first 16 bytes) of rule id, path (relative to
// the folder or repository scanned) and 16 bits of the secret's own hash.
std::string FingerprintOf(const std::string& rule_id, const std::string& path,
                          std::string_view secret);

// SECRET shown safely: its first 4 characters (fewer for short ones) and its length.
std::string RedactedSecret(std::string_view secret);

}  // namespace quarry::secrets
