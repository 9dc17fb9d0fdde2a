// Helpers shared by the two rule readers (Quarry's format and gitleaks'): fields read with
// their line in messages, regexes compiled once, rules replaced by id.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "core/finding.h"
#include "secrets/rule.h"
#include "secrets/rule_set.h"

namespace quarry::secrets {

std::string Lower(std::string_view s);
bool ValidRuleId(const std::string& id);

// Parses TEXT; on a syntax error reports it at its line and returns false.
bool ParseToml(std::string_view text, const std::string& name, toml::table& out,
               std::vector<Finding>& problems);

// Adds RULE to INTO, replacing a loaded rule with the same id.
void AddRule(Rule rule, LoadedRules& into);

struct RuleContext {
  std::string file;
  std::string rule_id;
  std::vector<Finding>* problems;

  // "file:line" of T (or of its field KEY).
  uint64_t LineOf(const toml::table& t, const std::string& key) const;
  std::string Where(const toml::table& t) const;
  void Error(const toml::table& t, const std::string& key, const std::string& message);
  void Warn(const toml::table& t, const std::string& key, const std::string& message);
  // Warns about keys of T not in KNOWN (a typo would otherwise silently do nothing).
  void CheckKeys(const toml::table& t, const std::set<std::string>& known,
                 const std::string& prefix);
  // A string or an array of strings under KEY; a wrong type is a warning and reads nothing.
  void Strings(const toml::table& t, const std::string& key, std::vector<std::string>& out,
               const std::string& prefix);
  // Each string compiled; one that RE2 rejects is reported and skipped.
  void Regexes(const toml::table& t, const std::string& key,
               std::vector<std::shared_ptr<const re2::RE2>>& out, const std::string& prefix);
  // PATTERN compiled into OUT (left null when empty); false, with an error, when RE2 rejects it.
  bool Compile(const toml::table& t, const std::string& key, const std::string& pattern,
               std::shared_ptr<const re2::RE2>& out);
  // secret_group: an integer no larger than the regex's number of groups.
  bool Group(const toml::table& t, const std::string& key, Rule& rule);
  // entropy: a number from 0 to 8.
  bool Entropy(const toml::table& t, const std::string& key, double& out);
};

}  // namespace quarry::secrets
