// The CWEs Quarry knows (review-rules/cwe.tsv: name, OWASP Top 10 2025 category, family and the
// words a finding's lines show), the OWASP 2025 mapped-CWE lists when the shared catalogs are
// there, and each analyzer's rule ids mapped to CWEs (review-rules/analyzers.tsv).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"

namespace re2 {
class RE2;
}

namespace quarry::review {

struct CweInfo {
  std::string id;  // CWE-89
  std::string name;
  std::string owasp;  // A05
  std::string family;
  std::vector<std::string> indicators;  // lower-case words; empty: no lexical sign
};

struct AnalyzerRule {
  std::string engine;
  std::string rule_id;
  std::string cwe;
  std::string message_regex;                // "" matches every message
  std::shared_ptr<const re2::RE2> message;  // compiled once; null when there is none
};

class CweTable {
 public:
  // The built-in tables; problems in them are programming errors reported by the tests.
  static const CweTable& BuiltIn();
  static CweTable Parse(std::string_view cwe_tsv, std::string_view analyzers_tsv,
                        std::vector<Finding>* problems);

  const CweInfo* Find(std::string_view cwe) const;
  // Whether the CWE is known: in our table or in an OWASP 2025 category's mapped list.
  bool Exists(std::string_view cwe) const;
  // The categories a CWE fits: ours and OWASP's own mapping.
  std::vector<std::string> CategoriesOf(std::string_view cwe) const;
  std::string CategoryOf(std::string_view cwe) const;  // the best one; "" unknown
  std::string FamilyOf(std::string_view cwe) const;    // the CWE itself when it has none
  // The CWE an analyzer's rule means; "" when unmapped, "-" when the rule is informational.
  std::string CweOfAnalyzerRule(std::string_view engine, std::string_view rule_id,
                                std::string_view message) const;
  const std::vector<CweInfo>& All() const { return cwes_; }
  const std::vector<AnalyzerRule>& AnalyzerRules() const { return analyzer_rules_; }

  // "CWE-89", "cwe-89", "89", "CWE89" → "CWE-89"; "" when not a CWE id.
  static std::string Canonical(std::string_view text);

 private:
  std::vector<CweInfo> cwes_;
  std::vector<AnalyzerRule> analyzer_rules_;
  // OWASP 2025 id and its mapped CWEs, from the shared catalogs when found.
  std::vector<std::pair<std::string, std::vector<std::string>>> owasp_;
};

}  // namespace quarry::review
