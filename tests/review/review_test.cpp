// The review module's mechanics on small inputs: reading diffs (and damaged ones), the code
// view the pattern rules match, analyzers' output, claimed findings, and every rule's examples.
#include <gtest/gtest.h>

#include <string>

#include "review/analyzer_output.h"
#include "review/claimed.h"
#include "review/code_view.h"
#include "review/cwe.h"
#include "review/diff.h"
#include "review/rules.h"
#include "review/verify.h"

namespace quarry::testing {
namespace {

using review::ParseUnifiedDiff;

TEST(ReviewDiff, ReadsGitDiffWithNewDeletedRenamedAndBinaryFiles) {
  const std::string diff = R"(diff --git a/src/app.py b/src/app.py
index 1111111..2222222 100644
--- a/src/app.py
+++ b/src/app.py
@@ -1,3 +1,4 @@
 import os
-x = 1
+x = 2
+y = os.system(cmd)
 print(x)
diff --git a/new.js b/new.js
new file mode 100644
--- /dev/null
+++ b/new.js
@@ -0,0 +1,2 @@
+const a = 1;
+eval(a);
diff --git a/gone.c b/gone.c
deleted file mode 100644
--- a/gone.c
+++ /dev/null
@@ -1 +0,0 @@
-int main() {}
diff --git a/logo.png b/logo.png
Binary files a/logo.png and b/logo.png differ
)";
  auto parsed = ParseUnifiedDiff(diff, "change.diff");
  EXPECT_TRUE(parsed.problems.empty());
  ASSERT_EQ(parsed.files.size(), 4u);
  EXPECT_EQ(parsed.files[0].new_path, "src/app.py");
  ASSERT_EQ(parsed.files[0].hunks.size(), 1u);
  EXPECT_EQ(parsed.files[0].hunks[0].added, (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(parsed.files[0].hunks[0].new_lines.back().first, 4u);
  EXPECT_EQ(parsed.files[1].old_path, "");
  EXPECT_EQ(parsed.files[1].new_path, "new.js");
  EXPECT_EQ(parsed.files[2].new_path, "");
  EXPECT_EQ(parsed.files[2].Path(), "gone.c");
  EXPECT_TRUE(parsed.files[3].binary);
  EXPECT_EQ(parsed.files[3].Path(), "logo.png");
}

TEST(ReviewDiff, ShortHunkAndBadHeaderAreNamedWithTheirLineAndTheRestIsKept) {
  const std::string diff = R"(--- a/a.c
+++ b/a.c
@@ -1,2 +1,3 @@
 int a;
+int b;
--- a/b.c
+++ b/b.c
@@ nonsense @@
--- a/c.c
+++ b/c.c
@@ -5 +5 @@
-old
+new
)";
  auto parsed = ParseUnifiedDiff(diff, "x.diff");
  ASSERT_EQ(parsed.files.size(), 3u);
  ASSERT_EQ(parsed.problems.size(), 2u);
  EXPECT_EQ(parsed.problems[0].code, "diff.hunk_short");
  EXPECT_EQ(parsed.problems[0].where.file, "x.diff");
  EXPECT_EQ(parsed.problems[1].code, "diff.bad_hunk_header");
  EXPECT_EQ(parsed.problems[1].where.line, 8u);
  ASSERT_EQ(parsed.files[2].hunks.size(), 1u);
  EXPECT_EQ(parsed.files[2].hunks[0].added, (std::vector<uint64_t>{5}));
}

TEST(ReviewDiff, TextThatIsNoDiffSaysSo) {
  auto parsed = ParseUnifiedDiff("hello\nworld\n", "notes.txt");
  EXPECT_TRUE(parsed.files.empty());
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_EQ(parsed.problems[0].code, "diff.no_files");
}

TEST(ReviewDiff, QuotedPathsAreUnquoted) {
  auto parsed = ParseUnifiedDiff(
      "--- \"a/dir/sp ace\\303\\251.py\"\n+++ \"b/dir/sp ace\\303\\251.py\"\n@@ -1 +1 @@\n-a\n+b\n",
      "q.diff");
  ASSERT_EQ(parsed.files.size(), 1u);
  EXPECT_EQ(parsed.files[0].new_path, "dir/sp ace\xc3\xa9.py");
}

TEST(ReviewCodeView, CommentsAreBlankedAndStringsKnown) {
  auto c = review::MakeCodeView("a(); // eval(x)\n/* system(y) */ b(\"// not a comment\");\n",
                                review::Language::kC);
  EXPECT_EQ(c.code.find("eval"), std::string::npos);
  EXPECT_EQ(c.code.find("system"), std::string::npos);
  size_t quoted = c.code.find("// not a comment");
  ASSERT_NE(quoted, std::string::npos);
  EXPECT_TRUE(c.InString(quoted));
  EXPECT_FALSE(c.InString(c.code.find("b(")));
  auto py = review::MakeCodeView(
      "def f():\n    \"\"\"Never call os.system here.\"\"\"\n    q = f\"SELECT {x}\"  # eval\n",
      review::Language::kPython);
  EXPECT_EQ(py.code.find("os.system"), std::string::npos);
  EXPECT_EQ(py.code.find("eval"), std::string::npos);
  EXPECT_TRUE(py.InString(py.code.find("SELECT")));
  EXPECT_TRUE(py.InString(py.code.find("f\"SELECT")));
  auto js = review::MakeCodeView("const r = /\"/; eval(x); const s = `a ${b}`;\n",
                                 review::Language::kJavaScript);
  EXPECT_FALSE(js.InString(js.code.find("eval")));
}

TEST(ReviewAnalyzerOutput, EachToolsOutputReads) {
  auto cpp = review::ParseCppcheck("a.c\t2\t65\terror\tmemleak\t401\tMemory leak: p\nbad line\n");
  ASSERT_EQ(cpp.findings.size(), 1u);
  EXPECT_EQ(cpp.findings[0].cwe, "CWE-401");
  EXPECT_EQ(cpp.unreadable, 1u);
  auto ff = review::ParseFlawfinderCsv(
      "File,Line,Column,DefaultLevel,Level,Category,Name,Warning,Suggestion,Note,CWEs,Context,"
      "Fingerprint,ToolVersion,RuleId,HelpUri\n"
      "a.c,6,3,4,4,buffer,strcpy,\"Does not check, really (CWE-120).\",x,,CWE-120,\"  strcpy(b, "
      "\"\"a\"\");\",f,2.0.19,FF1001,u\n"
      "a.c,9,1,3,3,buffer,getenv,w,s,,\"CWE-807, CWE-20\",c,f,2.0.19,FF1053,u\n");
  ASSERT_EQ(ff.findings.size(), 2u);
  EXPECT_EQ(ff.findings[0].cwe, "CWE-120");
  EXPECT_EQ(ff.findings[0].message, "Does not check, really (CWE-120).");
  EXPECT_EQ(ff.findings[1].cwe, "CWE-807");
  auto bandit = review::ParseBanditJson(
      R"({"results":[{"filename":"b.py","line_number":3,"line_range":[3,4],"test_id":"B602","issue_text":"shell","issue_severity":"HIGH"}]})");
  ASSERT_EQ(bandit.findings.size(), 1u);
  EXPECT_EQ(bandit.findings[0].end_line, 4u);
  auto eslint = review::ParseEslintJson(
      R"([{"filePath":"/x.js","messages":[{"ruleId":"no-eval","line":2,"message":"eval","severity":2},{"ruleId":null,"line":1,"message":"Parsing error"}]}])");
  ASSERT_EQ(eslint.findings.size(), 1u);
  EXPECT_EQ(eslint.unreadable, 1u);
  auto clang = review::ParseClangSarif(
      R"({"runs":[{"results":[{"ruleId":"unix.Malloc","message":{"text":"Use of memory after it is freed"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"file:///tmp/a%20b.c"},"region":{"startLine":10}}}]}]}]})");
  ASSERT_EQ(clang.findings.size(), 1u);
  EXPECT_EQ(clang.findings[0].file, "/tmp/a b.c");
  EXPECT_EQ(review::CweTable::BuiltIn().CweOfAnalyzerRule("clang", "unix.Malloc",
                                                          clang.findings[0].message),
            "CWE-416");
  EXPECT_TRUE(review::ParseBanditJson("not json").findings.empty());
  EXPECT_EQ(review::ParseBanditJson("not json").unreadable, 1u);
}

TEST(ReviewClaimed, AModelAnswerInProseAndAFenceReadsAndBadEntriesAreNamed) {
  auto claimed = review::ReadClaimedFindings(
      "Here is my review:\n```json\n{\"findings\": [{\"file\": \"a.py\", \"line\": 3, \"cwe\": "
      "\"cwe-89\", \"message\": \"m\"}, {\"line\": 4}, 7]}\n```\nThanks.",
      "model", "answer");
  ASSERT_EQ(claimed.findings.size(), 1u);
  EXPECT_EQ(claimed.findings[0].cwe, "CWE-89");
  EXPECT_TRUE(claimed.findings[0].claimed);
  EXPECT_EQ(claimed.problems.size(), 2u);
  auto prose = review::ReadClaimedFindings("The code looks fine to me.", "model", "answer");
  EXPECT_TRUE(prose.findings.empty());
  ASSERT_EQ(prose.problems.size(), 1u);
  EXPECT_EQ(prose.problems[0].code, "review.claimed_not_json");
}

TEST(ReviewCwe, TableLoadsAndCanonicalisesIds) {
  std::vector<Finding> problems;
  std::string cwe_tsv, analyzers_tsv;
  auto table = review::CweTable::BuiltIn();
  EXPECT_GT(table.All().size(), 80u);
  EXPECT_EQ(review::CweTable::Canonical("cwe-79"), "CWE-79");
  EXPECT_EQ(review::CweTable::Canonical("89"), "CWE-89");
  EXPECT_EQ(review::CweTable::Canonical("CWE-"), "");
  EXPECT_EQ(table.CategoryOf("CWE-89"), "A05");
  for (const auto& rule : table.AnalyzerRules()) {
    if (rule.cwe == "-") continue;
    EXPECT_NE(table.Find(rule.cwe), nullptr)
        << rule.engine << " " << rule.rule_id << " " << rule.cwe;
  }
}

TEST(ReviewRules, BuiltInRulesLoadCleanAndEveryExampleHolds) {
  const auto& rules = review::BuiltInPatternRules();
  for (const auto& p : rules.problems) ADD_FAILURE() << p.ToString();
  EXPECT_GT(rules.rules.size(), 40u);
  auto result = review::TestPatternRuleExamples(rules);
  for (const auto& f : result.failures) ADD_FAILURE() << f.ToString();
  EXPECT_GT(result.examples, 200u);
}

TEST(ReviewRules, ABadRuleIsNamedAndTheOthersLoad) {
  auto set = review::LoadPatternRules({{"bad.yml", R"(rules:
  - id: ok-rule
    languages: [python]
    cwe: CWE-78
    severity: error
    message: m
    pattern: 'os\.system\('
    examples: {match: ['os.system(x)'], no_match: ['# os.system(x)']}
  - id: bad-regex
    languages: [python]
    cwe: CWE-78
    severity: error
    message: m
    pattern: '(?<=a)b'
    examples: {match: ['ab'], no_match: ['b']}
  - id: Bad Id
    languages: [python]
)"}});
  EXPECT_EQ(set.rules.size(), 1u);
  ASSERT_EQ(set.problems.size(), 2u);
  EXPECT_EQ(set.problems[0].where.file, "bad.yml");
  EXPECT_EQ(set.problems[0].where.line, 9u);
  EXPECT_NE(set.problems[0].message.find("RE2"), std::string::npos);
}

TEST(ReviewVerify, MissingCheckClaimsAreRecognised) {
  review::ReviewFinding f;
  f.finding.message = "The route lacks an authorization check.";
  EXPECT_EQ(review::MissingCheckOf(f), "authorization");
  f.finding.message = "No input validation before the path is opened.";
  EXPECT_EQ(review::MissingCheckOf(f), "validation");
  f.finding.message = "SQL injection through the id.";
  EXPECT_EQ(review::MissingCheckOf(f), "");
}

}  // namespace
}  // namespace quarry::testing
