#include "secrets/rule_reader_util.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace quarry::secrets {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ValidRuleId(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

bool ParseToml(std::string_view text, const std::string& name, toml::table& out,
               std::vector<Finding>& problems) {
  try {
    out = toml::parse(text, name);
    return true;
  } catch (const toml::parse_error& e) {
    problems.push_back(
        ErrorAt("secrets.rules.syntax", std::string(e.description()), name, e.source().begin.line));
  } catch (const std::exception& e) {
    problems.push_back(ErrorAt("secrets.rules.syntax", e.what(), name));
  }
  return false;
}

void AddRule(Rule rule, LoadedRules& into) {
  auto& rules = into.set.rules;
  auto same =
      std::find_if(rules.begin(), rules.end(), [&](const Rule& r) { return r.id == rule.id; });
  if (same != rules.end()) {
    *same = std::move(rule);
  } else {
    rules.push_back(std::move(rule));
  }
}

std::shared_ptr<const re2::RE2> CompileRuleRegex(const std::string& pattern, std::string& why) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  auto re = std::make_shared<const RE2>(pattern, options);
  if (!re->ok()) {
    why = re->error();
    return nullptr;
  }
  return re;
}

uint64_t RuleContext::LineOf(const toml::table& t, const std::string& key) const {
  if (!key.empty()) {
    if (const toml::node* n = t.get(key)) return n->source().begin.line;
  }
  return t.source().begin.line;
}

std::string RuleContext::Where(const toml::table& t) const {
  return file + ":" + std::to_string(t.source().begin.line);
}

namespace {
std::string Subject(const std::string& rule_id, const std::string& key) {
  std::string s = rule_id.empty() ? "" : "rule '" + rule_id + "'";
  if (!key.empty()) s += (s.empty() ? "" : ", ") + std::string("field '") + key + "'";
  return s.empty() ? "" : s + ": ";
}
}  // namespace

void RuleContext::Error(const toml::table& t, const std::string& key, const std::string& message) {
  problems->push_back(ErrorAt("secrets.rules.invalid",
                              Subject(rule_id, key) + message + " (rule skipped)", file,
                              LineOf(t, key)));
}

void RuleContext::Warn(const toml::table& t, const std::string& key, const std::string& message) {
  Finding f =
      ErrorAt("secrets.rules.warning", Subject(rule_id, key) + message, file, LineOf(t, key));
  f.severity = Severity::kWarning;
  problems->push_back(std::move(f));
}

void RuleContext::CheckKeys(const toml::table& t, const std::set<std::string>& known,
                            const std::string& prefix) {
  for (const auto& [key, node] : t) {
    std::string k(key.str());
    if (known.count(k) == 0) Warn(t, prefix + k, "unknown field, ignored");
  }
}

void RuleContext::Strings(const toml::table& t, const std::string& key,
                          std::vector<std::string>& out, const std::string& prefix) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return;
  if (auto s = n->value<std::string>()) {
    out.push_back(*s);
    return;
  }
  const toml::array* a = n->as_array();
  if (a == nullptr) {
    Warn(t, prefix + key, "must be a string or an array of strings; ignored");
    return;
  }
  for (const toml::node& item : *a) {
    if (auto s = item.value<std::string>()) {
      out.push_back(*s);
    } else {
      Warn(t, prefix + key, "an entry that is not a string was ignored");
    }
  }
}

void RuleContext::Regexes(const toml::table& t, const std::string& key,
                          std::vector<std::shared_ptr<const re2::RE2>>& out,
                          const std::string& prefix) {
  std::vector<std::string> patterns;
  Strings(t, key, patterns, prefix);
  for (size_t i = 0; i < patterns.size(); ++i) {
    std::string why;
    if (auto re = CompileRuleRegex(patterns[i], why)) {
      out.push_back(std::move(re));
    } else {
      // By position, not text: an allowlist may list literal secrets.
      std::string message = "entry ";
      message += std::to_string(i + 1);
      message += " skipped: ";
      message += why;
      Warn(t, prefix + key, message);
    }
  }
}

bool RuleContext::Compile(const toml::table& t, const std::string& key, const std::string& pattern,
                          std::shared_ptr<const re2::RE2>& out) {
  if (pattern.empty()) return true;
  std::string why;
  out = CompileRuleRegex(pattern, why);
  if (out == nullptr) {
    Error(t, key, "RE2 rejects the regex: " + why);
    return false;
  }
  return true;
}

bool RuleContext::Group(const toml::table& t, const std::string& key, Rule& rule) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return true;
  auto v = n->value<int64_t>();
  int groups = rule.regex != nullptr ? rule.regex->NumberOfCapturingGroups() : 0;
  if (!v || *v < 0 || *v > groups) {
    Error(t, key,
          "must be an integer from 0 to the regex's " + std::to_string(groups) + " capture groups");
    return false;
  }
  rule.secret_group = static_cast<int>(*v);
  return true;
}

bool RuleContext::Entropy(const toml::table& t, const std::string& key, double& out) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return true;
  auto v = n->value<double>();
  if (!v || *v < 0 || *v > 8) {
    Error(t, key, "must be a number from 0 to 8 (bits per character)");
    return false;
  }
  out = *v;
  return true;
}

}  // namespace quarry::secrets
