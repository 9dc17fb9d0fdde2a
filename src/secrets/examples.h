// The rules' examples run as tests (rules/secrets/README.md): every example secret found by its
// rule in every context a secret appears in, no counter-example reported by its own rule, no
// negative line reported by any rule.
#pragma once

#include <string>
#include <vector>

#include "secrets/rule.h"

namespace quarry::secrets {

struct ExampleFailure {
  std::string rule_id;
  std::string defined_at;
  std::string message;
};

struct ExampleReport {
  size_t rules = 0;
  size_t rules_without_examples = 0;
  size_t vectors = 0;
  std::vector<ExampleFailure> failures;
};

// The contexts an example secret is wrapped in ("{}" stands for the secret).
const std::vector<std::string>& ExampleContexts();

ExampleReport TestRuleExamples(const RuleSet& rules);

}  // namespace quarry::secrets
