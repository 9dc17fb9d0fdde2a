// Quarry's own pattern rules (review-rules/*.yml, format in review-rules/README.md): RE2
// patterns over statements with comments blanked, matches starting in code, an optional file
// context and exceptions, and each rule's examples as its tests.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/finding.h"
#include "review/finding.h"
#include "review/input.h"
#include "review/language.h"

namespace re2 {
class RE2;
}

namespace quarry::review {

struct PatternRule {
  std::string id;
  std::vector<Language> languages;
  std::string cwe;
  Severity severity = Severity::kWarning;
  std::string message;
  std::shared_ptr<const re2::RE2> pattern;
  std::vector<std::shared_ptr<const re2::RE2>> unless;
  std::shared_ptr<const re2::RE2> context;  // null: every file
  std::vector<std::string> match_examples;
  std::vector<std::string> no_match_examples;
  Location defined_at;
  bool Reads(Language language) const;
};

struct PatternRuleSet {
  std::vector<PatternRule> rules;
  std::vector<Finding> problems;  // rules that did not load, named with file and line
};

// FILES: (name, YAML text). A bad rule is a finding; the others load.
PatternRuleSet LoadPatternRules(const std::vector<std::pair<std::string, std::string>>& files);
// review-rules/*.yml as built in.
const PatternRuleSet& BuiltInPatternRules();

// Findings of RULES in FILE, on statements the change touched.
std::vector<ReviewFinding> RunPatternRules(const PatternRuleSet& rules, const ReviewedFile& file);

struct ExampleResult {
  size_t rules = 0;
  size_t examples = 0;
  std::vector<Finding> failures;  // each names the rule's file and line
};
// Every rule's match examples fire and its no_match examples do not.
ExampleResult TestPatternRuleExamples(const PatternRuleSet& rules);

}  // namespace quarry::review
