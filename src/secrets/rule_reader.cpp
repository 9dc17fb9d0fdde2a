// Quarry's secret rule format: [[rule]] tables with [rule.allowlist] and [rule.examples].
#include <re2/re2.h>

#include <toml++/toml.h>
#include <algorithm>
#include <set>

#include "secrets/rule_reader_util.h"
#include "secrets/rule_set.h"

namespace quarry::secrets {
namespace {

const std::set<std::string>& RuleKeys() {
  static const std::set<std::string> kKeys = {"id",           "description", "keywords",  "regex",
                                              "secret_group", "entropy",     "validator", "tags",
                                              "path",         "allowlist",   "examples"};
  return kKeys;
}

void ReadExamples(const toml::table& t, RuleContext& ctx, Examples& out) {
  static const std::set<std::string> kKeys = {"secrets", "lines", "not_secrets", "not_lines",
                                              "path"};
  ctx.CheckKeys(t, kKeys, "examples.");
  ctx.Strings(t, "secrets", out.secrets, "examples.");
  ctx.Strings(t, "lines", out.lines, "examples.");
  ctx.Strings(t, "not_secrets", out.not_secrets, "examples.");
  ctx.Strings(t, "not_lines", out.not_lines, "examples.");
  out.path = t["path"].value_or(std::string());
}

void ReadAllowlist(const toml::table& t, RuleContext& ctx, Allowlist& out) {
  static const std::set<std::string> kKeys = {"description", "secrets",   "matches", "lines",
                                              "paths",       "stopwords", "commits"};
  ctx.CheckKeys(t, kKeys, "allowlist.");
  out.description = t["description"].value_or(std::string());
  ctx.Regexes(t, "secrets", out.secrets, "allowlist.");
  ctx.Regexes(t, "matches", out.matches, "allowlist.");
  ctx.Regexes(t, "lines", out.lines, "allowlist.");
  ctx.Regexes(t, "paths", out.paths, "allowlist.");
  ctx.Strings(t, "stopwords", out.stopwords, "allowlist.");
  for (auto& w : out.stopwords) w = Lower(w);
  ctx.Strings(t, "commits", out.commits, "allowlist.");
}

void ReadRule(const toml::table& t, RuleContext& ctx, LoadedRules& into) {
  Rule rule;
  rule.defined_at = ctx.Where(t);
  rule.id = t["id"].value_or(std::string());
  ctx.rule_id = rule.id;
  if (!ValidRuleId(rule.id)) {
    ctx.Error(t, "id", "a rule needs an id of lower-case letters, digits and '-'");
    return;
  }
  ctx.CheckKeys(t, RuleKeys(), "");
  rule.description = t["description"].value_or(std::string());
  ctx.Strings(t, "keywords", rule.keywords, "");
  for (const auto& k : rule.keywords) {
    if (k != Lower(k)) ctx.Warn(t, "keywords", "keyword '" + k + "' is matched as lower-case");
  }
  for (auto& k : rule.keywords) k = Lower(k);
  ctx.Strings(t, "tags", rule.tags, "");
  rule.regex_text = t["regex"].value_or(std::string());
  std::string path_text = t["path"].value_or(std::string());
  if (rule.regex_text.empty() && path_text.empty()) {
    ctx.Error(t, "regex", "a rule needs a regex (or a path)");
    return;
  }
  if (!ctx.Compile(t, "regex", rule.regex_text, rule.regex)) return;
  if (!ctx.Compile(t, "path", path_text, rule.path)) return;
  if (!ctx.Group(t, "secret_group", rule)) return;
  if (!ctx.Entropy(t, "entropy", rule.entropy)) return;
  std::string validator = t["validator"].value_or(std::string());
  if (!validator.empty() && !ParseValidator(validator, rule.validator)) {
    ctx.Error(t, "validator",
              "unknown validator '" + validator +
                  "' (github-crc32, jwt, pem-private-key, aws-access-key-id)");
    return;
  }
  if (const toml::node* a = t.get("allowlist")) {
    if (const toml::table* at = a->as_table()) {
      Allowlist allow;
      ReadAllowlist(*at, ctx, allow);
      if (!allow.empty()) rule.allowlists.push_back(std::move(allow));
    } else {
      ctx.Error(t, "allowlist", "must be a table ([rule.allowlist])");
      return;
    }
  }
  if (const toml::table* e = t["examples"].as_table()) ReadExamples(*e, ctx, rule.examples);
  AddRule(std::move(rule), into);
}

}  // namespace

void ReadQuarryRules(std::string_view text, const std::string& name, LoadedRules& into) {
  toml::table root;
  if (!ParseToml(text, name, root, into.problems)) return;
  into.set.sources.push_back(name);
  RuleContext ctx{name, "", &into.problems};
  for (const auto& [key, node] : root) {
    if (key.str() != "rule") {
      ctx.Warn(root, std::string(key.str()), "unknown top-level key (rules are [[rule]] tables)");
    }
  }
  const toml::array* rules = root["rule"].as_array();
  if (rules == nullptr) {
    if (root.contains("rule")) ctx.Error(root, "rule", "must be an array of tables ([[rule]])");
    return;
  }
  for (const toml::node& node : *rules) {
    if (const toml::table* t = node.as_table()) ReadRule(*t, ctx, into);
  }
}

}  // namespace quarry::secrets
