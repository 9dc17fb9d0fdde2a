// gitleaks configuration files (v8): [[rules]] with camelCase fields, allowlists per rule
// ([rules.allowlist] or [[rules.allowlists]]) and for all rules ([allowlist] or [[allowlists]],
// optionally for `targetRules`), and [extend] to build on another configuration.
#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "secrets/rule_reader_util.h"
#include "secrets/rule_set.h"

namespace quarry::secrets {
namespace fs = std::filesystem;
namespace {

constexpr int kMaxExtendDepth = 8;

Allowlist ReadAllowlist(const toml::table& t, RuleContext& ctx, const std::string& prefix) {
  static const std::set<std::string> kKeys = {"description", "condition",   "commits",
                                              "paths",       "regexTarget", "regexes",
                                              "stopwords",   "targetRules"};
  ctx.CheckKeys(t, kKeys, prefix);
  Allowlist allow;
  allow.description = t["description"].value_or(std::string());
  std::string condition = t["condition"].value_or(std::string("OR"));
  allow.all_conditions = Lower(condition) == "and";
  ctx.Strings(t, "commits", allow.commits, prefix);
  ctx.Regexes(t, "paths", allow.paths, prefix);
  ctx.Strings(t, "stopwords", allow.stopwords, prefix);
  for (auto& w : allow.stopwords) w = Lower(w);
  std::string target = Lower(t["regexTarget"].value_or(std::string("secret")));
  if (target == "match") {
    ctx.Regexes(t, "regexes", allow.matches, prefix);
  } else if (target == "line") {
    ctx.Regexes(t, "regexes", allow.lines, prefix);
  } else {
    if (target != "secret") ctx.Warn(t, prefix + "regexTarget", "unknown target; using secret");
    ctx.Regexes(t, "regexes", allow.secrets, prefix);
  }
  return allow;
}

// Both spellings: a single table (older gitleaks) or an array of tables.
std::vector<const toml::table*> TablesAt(const toml::table& t, const std::string& single,
                                         const std::string& many) {
  std::vector<const toml::table*> out;
  if (const toml::table* one = t[single].as_table()) out.push_back(one);
  if (const toml::array* a = t[many].as_array()) {
    for (const toml::node& n : *a) {
      if (const toml::table* each = n.as_table()) out.push_back(each);
    }
  }
  return out;
}

void ReadRule(const toml::table& t, RuleContext& ctx, LoadedRules& into) {
  static const std::set<std::string> kKeys = {
      "id",       "description", "regex",     "secretGroup", "entropy",     "path",
      "keywords", "tags",        "allowlist", "allowlists",  "reportGroup", "skipReport"};
  Rule rule;
  rule.defined_at = ctx.Where(t);
  rule.id = t["id"].value_or(std::string());
  ctx.rule_id = rule.id;
  if (rule.id.empty()) {
    ctx.Error(t, "id", "a rule needs an id");
    return;
  }
  ctx.CheckKeys(t, kKeys, "");
  rule.description = t["description"].value_or(std::string());
  rule.regex_text = t["regex"].value_or(std::string());
  std::string path_text = t["path"].value_or(std::string());
  if (rule.regex_text.empty() && path_text.empty()) {
    // gitleaks merges an entry with only allowlists (or keywords, tags) into the extended rule
    // of the same id.
    auto same = std::find_if(into.set.rules.begin(), into.set.rules.end(),
                             [&](const Rule& r) { return r.id == rule.id; });
    if (same == into.set.rules.end()) {
      ctx.Error(t, "regex", "a rule needs a regex or a path");
      return;
    }
    for (const toml::table* a : TablesAt(t, "allowlist", "allowlists")) {
      Allowlist allow = ReadAllowlist(*a, ctx, "allowlist.");
      if (!allow.empty()) same->allowlists.push_back(std::move(allow));
    }
    std::vector<std::string> more;
    ctx.Strings(t, "keywords", more, "");
    for (auto& k : more) same->keywords.push_back(Lower(k));
    ctx.Strings(t, "tags", same->tags, "");
    return;
  }
  if (!ctx.Compile(t, "regex", rule.regex_text, rule.regex)) return;
  if (!ctx.Compile(t, "path", path_text, rule.path)) return;
  rule.secret_group = -1;  // gitleaks: the first group that matched, else the whole match
  if (t.contains("secretGroup") && !ctx.Group(t, "secretGroup", rule)) return;
  if (!ctx.Entropy(t, "entropy", rule.entropy)) return;
  ctx.Strings(t, "keywords", rule.keywords, "");
  for (auto& k : rule.keywords) k = Lower(k);
  ctx.Strings(t, "tags", rule.tags, "");
  for (const toml::table* a : TablesAt(t, "allowlist", "allowlists")) {
    Allowlist allow = ReadAllowlist(*a, ctx, "allowlist.");
    if (!allow.empty()) rule.allowlists.push_back(std::move(allow));
  }
  AddRule(std::move(rule), into);
}

bool ReadFile(const fs::path& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  text = buf.str();
  return true;
}

void ReadConfigText(std::string_view text, const fs::path& path, LoadedRules& into, int depth);

void ReadConfig(const fs::path& path, LoadedRules& into, int depth) {
  std::string name = path.string();
  if (depth > kMaxExtendDepth) {
    into.problems.push_back(
        ErrorAt("secrets.rules.extend", "[extend] nests deeper than 8 files (a cycle?)", name));
    return;
  }
  std::string text;
  if (!ReadFile(path, text)) {
    into.problems.push_back(ErrorAt("secrets.rules.unreadable", "cannot read the file", name));
    return;
  }
  ReadConfigText(text, path, into, depth);
}

void ReadConfigText(std::string_view text, const fs::path& path, LoadedRules& into, int depth) {
  std::string name = path.string();
  toml::table root;
  if (!ParseToml(text, name, root, into.problems)) return;
  into.set.sources.push_back(name);
  RuleContext ctx{name, "", &into.problems};
  static const std::set<std::string> kTop = {"title",     "description", "extend",    "rules",
                                             "allowlist", "allowlists",  "minVersion"};
  ctx.CheckKeys(root, kTop, "");
  std::set<std::string> disabled;
  if (const toml::table* extend = root["extend"].as_table()) {
    ctx.CheckKeys(*extend, {"path", "useDefault", "disabledRules", "url"}, "extend.");
    if (extend->get("url") != nullptr) {
      ctx.Warn(*extend, "url", "configurations are not fetched from the network; ignored");
    }
    if ((*extend)["useDefault"].value_or(false)) {
      const LoadedRules& builtin = BuiltInRules();
      for (const Rule& r : builtin.set.rules) AddRule(r, into);
    }
    if (auto base = (*extend)["path"].value<std::string>()) {
      fs::path base_path =
          fs::path(*base).is_absolute() ? fs::path(*base) : path.parent_path() / *base;
      ReadConfig(base_path, into, depth + 1);
    }
    std::vector<std::string> ids;
    ctx.Strings(*extend, "disabledRules", ids, "extend.");
    disabled.insert(ids.begin(), ids.end());
    // Only what was extended is disabled; this file's own rules stay.
    auto& base = into.set.rules;
    base.erase(std::remove_if(base.begin(), base.end(),
                              [&](const Rule& r) { return disabled.count(r.id) > 0; }),
               base.end());
  }
  if (const toml::array* rules = root["rules"].as_array()) {
    for (const toml::node& n : *rules) {
      if (const toml::table* t = n.as_table()) ReadRule(*t, ctx, into);
    }
  }
  ctx.rule_id.clear();
  for (const toml::table* a : TablesAt(root, "allowlist", "allowlists")) {
    Allowlist allow = ReadAllowlist(*a, ctx, "allowlist.");
    std::vector<std::string> targets;
    ctx.Strings(*a, "targetRules", targets, "allowlist.");
    if (allow.empty()) continue;
    if (targets.empty()) {
      into.set.allowlists.push_back(std::move(allow));
      continue;
    }
    for (Rule& r : into.set.rules) {
      if (std::find(targets.begin(), targets.end(), r.id) != targets.end()) {
        r.allowlists.push_back(allow);
      }
    }
  }
}

}  // namespace

void ReadGitleaksConfig(const std::string& path, LoadedRules& into) {
  ReadConfig(fs::path(path), into, 0);
}

void ReadGitleaksText(std::string_view text, const std::string& name, LoadedRules& into) {
  ReadConfigText(text, fs::path(name), into, 0);
}

}  // namespace quarry::secrets
