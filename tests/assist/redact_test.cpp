// Secret redaction and pseudonymization: each kind of secret is replaced wherever it stands,
// text around it is kept, and pseudonyms are consistent and restored.
#include <gtest/gtest.h>

#include "assist/redact.h"

namespace quarry::testing {
namespace {

struct SecretCase {
  const char* text;
  const char* expected;
};

TEST(Redact, EachKindOfSecretIsReplaced) {
  const SecretCase cases[] = {
      {"key AKIAIOSFODNN7EXAMPLE used", "key [REDACTED:aws-access-key] used"},
      {"ASIAY34FZKBOKMUTVV7A,", "[REDACTED:aws-access-key],"},
      {"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY!",
       "aws_secret_access_key = [REDACTED:aws-secret-key]!"},
      {"https://ghp_1234567890abcdefghijklmnopqrstuvwxyzAB@github.com",
       "https://[REDACTED:github-token]@github.com"},
      {"github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "[REDACTED:github-token]"},
      {"xoxb-123456789012-abcdefghij", "[REDACTED:slack-token]"},
      {"net use \\\\fs01 /user:bob password=Sup3rS3cret!",
       "net use \\\\fs01 /user:bob password=[REDACTED:password]"},
      {"-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----",
       "[REDACTED:private-key]"},
      {"AIDAN8BWHB60GVYWPBRLF is a principal id, not a key",
       "AIDAN8BWHB60GVYWPBRLF is a principal id, not a key"},
      {"nothing secret here", "nothing secret here"},
  };
  for (const SecretCase& c : cases) {
    EXPECT_EQ(assist::RedactSecrets(c.text).text, c.expected) << c.text;
  }
  EXPECT_EQ(assist::RedactSecrets("AKIAIOSFODNN7EXAMPLE and AKIAIOSFODNN7EXAMPLF").count, 2);
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
