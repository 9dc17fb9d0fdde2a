// Secret redaction and pseudonymization: each kind of secret is replaced wherever it stands,
// text around it is kept, and pseudonyms are consistent and restored.
#include <gtest/gtest.h>

#include "assist/redact.h"
#include "secrets/examples.h"
#include "secrets/rule_set.h"

namespace quarry::testing {
namespace {

struct SecretCase {
  const char* text;
  const char* expected;
};

TEST(Redact, EachKindOfSecretIsReplaced) {
  const SecretCase cases[] = {
      {"key AKIAIOSFODNN7EXAMPLE used", "key [REDACTED:aws-access-key-id] used"},
      {"ASIAY34FZKBOKMUTVV7A,", "[REDACTED:aws-access-key-id],"},
      {"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY!",
       "aws_secret_access_key = [REDACTED:aws-secret-access-key]"},  // the union of spans
      // Checksum or not: a value in a token's shape never leaves the machine.
      {"https://ghp_1234567890abcdefghijklmnopqrstuvwxyz@github.com",
       "https://[REDACTED:github-pat-classic]@github.com"},
      {"net use \\\\fs01 /user:bob password=Sup3rS3cretW0rd!",
       "net use \\\\fs01 /user:bob password=[REDACTED:generic-password]"},
      {"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
       "[REDACTED:private-key-rsa]"},
      {"AIDAN8BWHB60GVYWPBRLF is a principal id, not a key",
       "AIDAN8BWHB60GVYWPBRLF is a principal id, not a key"},
      {"nothing secret here", "nothing secret here"},
  };
  for (const SecretCase& c : cases) {
    EXPECT_EQ(assist::RedactSecrets(c.text).text, c.expected) << c.text;
  }
  EXPECT_EQ(assist::RedactSecrets("AKIAIOSFODNN7EXAMPLE and AKIAIOSFODNN7EXAMPLF").count, 2);
}

// What is detected is what is redacted: every example of every built-in secret rule, in every
// context the rule tests wrap it in, is gone from the text a provider would receive.
TEST(Redact, EveryRulesExamplesAreRedacted) {
  const auto& rules = secrets::BuiltInRules().set.rules;
  ASSERT_GE(rules.size(), 150u);
  size_t checked = 0;
  for (const auto& rule : rules) {
    for (const std::string& secret : rule.examples.secrets) {
      for (std::string text : secrets::ExampleContexts()) {
        text.replace(text.find("{}"), 2, secret);
        assist::Redacted r = assist::RedactSecrets(text);
        EXPECT_EQ(r.text.find(secret), std::string::npos) << rule.id << ": " << r.text;
        EXPECT_GE(r.count, 1) << rule.id << ": " << text;
        ++checked;
      }
    }
    for (const std::string& line : rule.examples.lines) {
      assist::Redacted r = assist::RedactSecrets(line);
      EXPECT_NE(r.text.find("[REDACTED:"), std::string::npos) << rule.id << ": " << line;
      ++checked;
    }
  }
  EXPECT_GT(checked, 3000u);
}

TEST(Redact, PseudonymsAreConsistentAndRestored) {
  assist::Pseudonymizer p;
  p.Add(assist::Pseudonymizer::Kind::kUser, "alice");
  p.Add(assist::Pseudonymizer::Kind::kHost, "WS01.corp.example");
  p.Add(assist::Pseudonymizer::Kind::kUser, "-");  // too short to identify anyone
  std::string text = "alice logged on to WS01.corp.example from 10.0.1.15; alice again";
  std::string sent = p.Apply(text);
  EXPECT_EQ(sent, "USER_1 logged on to HOST_1 from IP_1; USER_1 again");
  EXPECT_EQ(p.Restore("where TargetUserName == 'USER_1' and IpAddress == 'IP_1'"),
            "where TargetUserName == 'alice' and IpAddress == '10.0.1.15'");
  EXPECT_EQ(p.Apply("a - b"), "a - b");
  // Whole words only: a user named "ann" leaves "annual" and "joann" alone.
  assist::Pseudonymizer q;
  q.Add(assist::Pseudonymizer::Kind::kUser, "ann");
  EXPECT_EQ(q.Apply("ann ran the annual report for joann"),
            "USER_1 ran the annual report for joann");
}

}  // namespace
}  // namespace quarry::testing
