// Loading secret rules: Quarry's TOML format (rules/secrets/README.md), built into the binary,
// and gitleaks configuration files (`[[rules]]`, allowlists, `[extend]`). A rule that does not
// read is reported with its file, line and field, and the other rules load.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/status.h"
#include "secrets/rule.h"

namespace quarry::secrets {

struct LoadedRules {
  RuleSet set;
  std::vector<Finding> problems;  // rules or fields skipped, unknown keys
  bool HasErrors() const;
};

// Rules in Quarry's format from TEXT (NAME is the file named in messages), appended to INTO.
// A rule whose id is already loaded replaces the earlier one.
void ReadQuarryRules(std::string_view text, const std::string& name, LoadedRules& into);

// Rules from a gitleaks configuration file, appended to INTO. `[extend] path` reads the
// configuration it names first (relative to this file); `useDefault = true` starts from Quarry's
// built-in rules, as gitleaks starts from its own; `disabledRules` drops rules by id.
void ReadGitleaksConfig(const std::string& path, LoadedRules& into);
// The same for a configuration's TEXT; NAME is its path ([extend] paths are relative to it).
void ReadGitleaksText(std::string_view text, const std::string& name, LoadedRules& into);

// The rules built into the binary (rules/secrets/*.toml), read once.
const LoadedRules& BuiltInRules();

// What a scan uses: the built-in rules, or the rule files and folders in RULE_PATHS (our
// format), then CONFIG when given (gitleaks' format or ours, told apart by `[[rules]]` against
// `[[rule]]`). An error only when nothing usable was named (a path that does not exist).
Result<LoadedRules> LoadRules(const std::vector<std::string>& rule_paths,
                              const std::string& config);

// Shared by the readers: a regex compiled for rules (RE2, longest-match off, no logging), or
// null with WHY set.
std::shared_ptr<const re2::RE2> CompileRuleRegex(const std::string& pattern, std::string& why);

}  // namespace quarry::secrets
