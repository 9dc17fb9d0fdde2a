// The secret scanner's own mechanics, beyond what the rules' examples test: where findings are
// (lines, columns, long lines, base64 runs), fingerprints, and how gitleaks configurations
// combine ([extend], disabledRules, allowlist-only entries).
#include <gtest/gtest.h>

#include <string>

#include "secrets/decode.h"
#include "secrets/rule_set.h"
#include "secrets/scanner.h"

namespace quarry::testing {
namespace {

using secrets::LoadedRules;
using secrets::Scanner;
using secrets::SecretFinding;

std::vector<SecretFinding> ScanWith(const LoadedRules& rules, const std::string& text,
                                    secrets::ScanOptions options = {}) {
  auto scanner = Scanner::Create(rules.set, options);
  EXPECT_TRUE(scanner.ok());
  auto scratch = (*scanner)->NewScratch();
  std::vector<SecretFinding> found;
  (*scanner)->Scan(text, "src/app.cfg", *scratch, found);
  return found;
}

LoadedRules OneRule() {
  LoadedRules rules;
  secrets::ReadQuarryRules(R"([[rule]]
id = "tok"
keywords = ["tok_"]
regex = '''\b(tok_[a-z0-9]{16})\b'''
secret_group = 1
)",
                           "test.toml", rules);
  EXPECT_FALSE(rules.HasErrors());
  return rules;
}

TEST(SecretScanner, LinesAndColumnsCountFromOne) {
  auto found = ScanWith(OneRule(), "first\n  x = tok_abcdef0123456789\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].line, 2u);
  EXPECT_EQ(found[0].column, 7u);
  EXPECT_EQ(found[0].secret, "tok_abcdef0123456789");
}

TEST(SecretScanner, KeywordsCloseTogetherInAVeryLongLineKeepTheirValues) {
  std::string line(200000, 'x');
  line.replace(100000, 1, " ");
  // The second keyword ends just inside the first keyword's window (4 KiB on each side) and its
  // value runs past it: the window must grow to hold the value.
  line.replace(100001, 20, "tok_aaaaaaaaaaaaaaaa");
  line.replace(100021, 1, " ");
  line.replace(104089, 1, " ");
  line.replace(104090, 20, "tok_bbbbbbbbbbbbbbbb");
  line.replace(104110, 1, " ");
  secrets::ScanOptions options;
  options.long_line = 1024;
  auto found = ScanWith(OneRule(), line, options);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[1].secret, "tok_bbbbbbbbbbbbbbbb");
  EXPECT_EQ(found[1].column, 104091u);
}

TEST(SecretScanner, Base64RunsAfterAnAssignmentStartAtTheValue) {
  // "NAME=" is an assignment, not padding: the run is the value alone.
  std::string text = "export A_LONG_VARIABLE_NAME_TOKEN=dG9rX2FiY2RlZjAxMjM0NTY3ODk=";
  auto runs = secrets::Base64Runs(text, 24);
  ASSERT_FALSE(runs.empty());  // the name is a run too (it decodes to no text)
  EXPECT_EQ(text.substr(runs.back().first, runs.back().second - runs.back().first),
            "dG9rX2FiY2RlZjAxMjM0NTY3ODk=");
  auto found = ScanWith(OneRule(), text);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].secret, "tok_abcdef0123456789");
  EXPECT_EQ(found[0].encoding, "base64");
  EXPECT_EQ(found[0].column, 35u);
}

TEST(SecretScanner, FingerprintsDependOnRulePathAndSecretButNotTheLine) {
  auto a = secrets::FingerprintOf("tok", "src/app.cfg", "tok_abcdef0123456789");
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a, secrets::FingerprintOf("tok", "src/app.cfg", "tok_abcdef0123456789"));
  EXPECT_NE(a, secrets::FingerprintOf("tok", "src/other.cfg", "tok_abcdef0123456789"));
  EXPECT_NE(a, secrets::FingerprintOf("other", "src/app.cfg", "tok_abcdef0123456789"));
  auto first = ScanWith(OneRule(), "x = tok_abcdef0123456789\n");
  auto moved = ScanWith(OneRule(), "\n\n\nx = tok_abcdef0123456789\n");
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(first[0].fingerprint, moved[0].fingerprint);
}

TEST(GitleaksConfig, DisabledRulesDropOnlyWhatWasExtended) {
  LoadedRules rules;
  secrets::ReadGitleaksText(R"([extend]
useDefault = true
disabledRules = ["jwt", "mine"]
[[rules]]
id = "mine"
regex = '''mine_[0-9]{8}'''
[[rules]]
id = "github-pat-classic"
[[rules.allowlists]]
regexes = ['''^ghp_0''']
)",
                            "/nonexistent/gitleaks.toml", rules);
  EXPECT_FALSE(rules.HasErrors());
  bool jwt = false, mine = false;
  const secrets::Rule* github = nullptr;
  for (const auto& r : rules.set.rules) {
    jwt = jwt || r.id == "jwt";
    mine = mine || r.id == "mine";
    if (r.id == "github-pat-classic") github = &r;
  }
  EXPECT_FALSE(jwt) << "an extended rule that is disabled is gone";
  EXPECT_TRUE(mine) << "a rule of the file itself stays";
  ASSERT_NE(github, nullptr);
  EXPECT_GE(github->allowlists.size(), 1u) << "an allowlist-only entry merges into the rule";
}

TEST(GitleaksConfig, ABadRuleIsNamedAndTheOthersLoad) {
  LoadedRules rules;
  secrets::ReadGitleaksText(
      "[[rules]]\nid = \"bad\"\nregex = '''(open'''\n[[rules]]\nid = "
      "\"good\"\nregex = '''good_[0-9]{4}'''\n",
      "team.toml", rules);
  ASSERT_TRUE(rules.HasErrors());
  EXPECT_NE(rules.problems[0].message.find("rule 'bad', field 'regex'"), std::string::npos)
      << rules.problems[0].message;
  EXPECT_EQ(rules.problems[0].where.line, 3u);
  ASSERT_EQ(rules.set.rules.size(), 1u);
  EXPECT_EQ(rules.set.rules[0].id, "good");
}

}  // namespace
}  // namespace quarry::testing
