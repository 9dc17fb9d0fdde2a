#include "secrets/examples.h"

#include <algorithm>

#include "secrets/scanner.h"

namespace quarry::secrets {
namespace {

std::string Fill(const std::string& context, const std::string& secret) {
  std::string out = context;
  size_t at = out.find("{}");
  if (at != std::string::npos) out.replace(at, 2, secret);
  return out;
}

std::string Short(const std::string& s) {
  return s.size() > 70 ? s.substr(0, 70) + "…" : s;
}

}  // namespace

const std::vector<std::string>& ExampleContexts() {
  static const std::vector<std::string> kContexts = {
      "TOKEN={}",                                      // .env
      "TOKEN=\"{}\"",                                  // .env, quoted
      "token = {}",                                    // INI
      "token: {}",                                     // YAML
      "token: \"{}\"",                                 // YAML, quoted
      "{\"token\": \"{}\"}",                           // JSON
      "<token>{}</token>",                             // XML
      "token = \"{}\"",                                // TOML
      "api_token = \"{}\"  # python",                  // Python
      "const token = '{}';",                           // JavaScript
      "token := \"{}\"",                               // Go
      "String token = \"{}\";",                        // Java
      "var token = @\"{}\";",                          // C#
      "export TOKEN='{}'",                             // shell
      "https://api.example.net/v1?token={}&x=1",       // URL query
      "curl -H 'Authorization: Bearer {}' https://x",  // command line
      R"({"config": "{\"token\": \"{}\"}"})",          // escaped JSON
  };
  return kContexts;
}

ExampleReport TestRuleExamples(const RuleSet& rules) {
  ExampleReport report;
  report.rules = rules.rules.size();
  ScanOptions options;
  options.merge_overlaps = false;
  auto scanner = Scanner::Create(rules, options);
  if (!scanner.ok()) {
    report.failures.push_back({"", "", scanner.status().message()});
    return report;
  }
  auto scratch = (*scanner)->NewScratch();
  std::vector<SecretFinding> found;
  std::string path = "example.txt";
  auto scan = [&](const std::string& text) {
    found.clear();
    (*scanner)->Scan(text, path, *scratch, found);
    ++report.vectors;
  };
  auto fail = [&](const Rule& r, std::string message) {
    report.failures.push_back({r.id, r.defined_at, std::move(message)});
  };
  for (const Rule& r : rules.rules) {
    const Examples& ex = r.examples;
    path = ex.path.empty() ? "example.txt" : ex.path;
    if ((ex.secrets.empty() && ex.lines.empty()) ||
        (ex.not_secrets.empty() && ex.not_lines.empty())) {
      ++report.rules_without_examples;
    }
    auto by_rule = [&](const SecretFinding& f) { return f.rule_id == r.id; };
    for (const std::string& secret : ex.secrets) {
      for (const std::string& context : ExampleContexts()) {
        std::string text = Fill(context, secret);
        scan(text);
        bool hit = std::any_of(found.begin(), found.end(), [&](const SecretFinding& f) {
          return f.rule_id == r.id && f.secret == secret;
        });
        if (!hit) fail(r, "missed example secret in: " + Short(text));
      }
    }
    for (const std::string& line : ex.lines) {
      scan(line);
      if (std::none_of(found.begin(), found.end(), by_rule)) {
        fail(r, "missed example line: " + Short(line));
      }
    }
    for (const std::string& secret : ex.not_secrets) {
      for (const std::string& context : ExampleContexts()) {
        std::string text = Fill(context, secret);
        scan(text);
        if (std::any_of(found.begin(), found.end(), by_rule)) {
          fail(r, "reported a counter-example in: " + Short(text));
        }
      }
    }
    for (const std::string& line : ex.not_lines) {
      scan(line);
      for (const SecretFinding& f : found) {
        fail(r, "negative line reported by " + f.rule_id + ": " + Short(line));
      }
    }
  }
  return report;
}

}  // namespace quarry::secrets
