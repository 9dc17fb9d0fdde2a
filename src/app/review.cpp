#include "app/review.h"

#include <re2/re2.h>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>

#include "app/review_model.h"
#include "app/secrets.h"
#include "core/hash.h"
#include "review/claimed.h"
#include "review/cwe.h"
#include "review/rules.h"
#include "review/symbols.h"
#include "review/verify.h"

namespace quarry::app {
namespace {

using review::ReviewFinding;
using review::Verdict;

bool Skipped(const ReviewRequest& request, const std::string& engine) {
  return std::find(request.skip_engines.begin(), request.skip_engines.end(), engine) !=
         request.skip_engines.end();
}

Result<std::string> ReadAll(const std::string& path) {
  if (path == "-") {
    std::ostringstream text;
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void RunSecretRules(const review::ReviewInput& input, std::vector<ReviewFinding>& out,
                    review::EngineRun& run) {
  const secrets::Scanner* scanner = BuiltInSecretScanner();
  if (scanner == nullptr) {
    run.state = "failed";
    run.detail = "the secret rules did not compile";
    return;
  }
  auto scratch = scanner->NewScratch();
  for (const auto& file : input.files) {
    ++run.files;
    std::vector<secrets::SecretFinding> found;
    scanner->Scan(file.text, file.path, *scratch, found);
    for (const auto& s : found) {
      if (!file.Changed(s.line, std::max(s.line, s.end_line))) {
        ++run.outside_change;
        continue;
      }
      ReviewFinding f;
      f.finding.severity = Severity::kError;
      f.finding.code = s.rule_id;
      f.finding.message = s.description + " in the code; move it to a secret store and rotate it";
      f.finding.where.file = file.path;
      f.finding.where.line = s.line;
      f.end_line = std::max(s.line, s.end_line);
      f.cwe = "CWE-798";
      f.engine = "secrets";
      f.voices.push_back(review::Voice{"secrets", s.rule_id, f.cwe, s.description});
      out.push_back(std::move(f));
      ++run.findings;
    }
  }
}

std::vector<std::string> QuestionsFor(const review::ReviewInput& input) {
  std::vector<std::string> questions = {
      "Design: does the change introduce a trust boundary, a new input or a new privilege that "
      "the surrounding design does not account for? No engine here judges design.",
      "Authorization across components: who may call each changed entry point, and is that "
      "enforced where the data is, not only where the request arrives?",
      "Business logic: can the changed flow be run out of order, repeated, or with values a "
      "legitimate user would never send (negative amounts, other tenants' ids)?",
  };
  static const RE2 kRoute(
      "(?i)(?:app|router)\\.(?:get|post|put|patch|delete|all)\\(|@(?:Get|Post|Put|Delete|Request)"
      "Mapping|@app\\.route|@(?:api_view|route)|urlpatterns|HttpServlet");
  static const RE2 kCrypto("(?i)cipher|encrypt|decrypt|sign\\(|verify\\(|hash|token|password");
  bool routes = false, crypto = false;
  for (const auto& f : input.files) {
    routes = routes || RE2::PartialMatch(f.text, kRoute);
    crypto = crypto || RE2::PartialMatch(f.text, kCrypto);
  }
  if (routes)
    questions.push_back(
        "The change defines or touches request handlers: is every one of them covered by the "
        "authentication and authorization the others have (middleware, annotations, decorators)?");
  if (crypto)
    questions.push_back(
        "The change handles tokens, passwords or keys: where do the keys come from, how are they "
        "rotated, and what happens when verification fails?");
  if (!input.skipped.empty())
    questions.push_back(
        std::to_string(input.skipped.size()) +
        " changed file(s) were read by no engine (see skipped): review them by hand.");
  return questions;
}

std::string Fingerprint(const ReviewFinding& f, const review::ReviewInput& input,
                        const review::CweTable& cwes) {
  std::string line;
  for (const auto& file : input.files)
    if (file.path == f.finding.where.file) line = std::string(file.Line(f.finding.where.line));
  std::string normal;
  for (char c : line)
    if (c != ' ' && c != '\t' && c != '\r') normal += c;
  Sha256 h;
  h.Update(f.finding.where.file + '\0' + cwes.FamilyOf(f.cwe) + '\0' + normal);
  return h.HexDigest().substr(0, 24);
}

}  // namespace

size_t ReviewReport::Count(Verdict verdict) const {
  return static_cast<size_t>(
      std::count_if(findings.begin(), findings.end(),
                    [&](const ReviewFinding& f) { return f.status == verdict; }));
}

int ReviewReport::ExitCode() const {
  bool open = std::any_of(findings.begin(), findings.end(), [](const ReviewFinding& f) {
    return f.status != Verdict::kRejected && f.triage != "dismissed";
  });
  if (open) return 1;
  bool lost = std::any_of(problems.begin(), problems.end(),
                          [](const Finding& p) { return p.severity == Severity::kError; });
  return lost ? 3 : 0;
}

Result<ReviewReport> RunReview(const ReviewRequest& request) {
  int inputs = (request.full.empty() ? 0 : 1) +
               (request.diff_path.empty() && request.diff_text.empty() ? 0 : 1) +
               (request.git ? 1 : 0);
  if (inputs == 0)
    return UsageError(
        "nothing to review: give a diff file (or - for standard input), --git RANGE, "
        "or --full FILE...");
  if (inputs > 1) return UsageError("review one thing at a time: a diff, --git or --full");
  if (!request.provider.empty() && request.provider != "builtin" && request.case_dir.empty())
    return UsageError(
        "a model reviewer needs --case: its provider settings and audit log live there");
  ReviewReport report;
  if (!request.full.empty()) {
    report.input = review::ReadFullFiles(request.full, request.root);
  } else if (request.git) {
    report.input =
        review::ReadGitRange(request.root.empty() ? "." : request.root, request.git_range);
  } else {
    std::string text = request.diff_text;
    std::string name = "<diff>";
    if (!request.diff_path.empty()) {
      QUARRY_ASSIGN_OR_RETURN(text, ReadAll(request.diff_path));
      name = request.diff_path == "-" ? "<stdin>" : request.diff_path;
    }
    report.input = review::ReadDiff(text, name, request.root);
  }
  report.problems = report.input.problems;
  std::vector<ReviewFinding> findings;

  review::AnalyzerOptions analyzer_options;
  analyzer_options.timeout_seconds = request.timeout_seconds;
  analyzer_options.eslint_dir = request.eslint_dir;
  analyzer_options.skip = request.skip_engines;
  review::AnalyzerResult analyzed = review::RunAnalyzers(report.input, analyzer_options);
  report.engines = std::move(analyzed.runs);
  for (auto& f : analyzed.findings) findings.push_back(std::move(f));

  review::EngineRun rules_run;
  rules_run.engine = "quarry";
  if (Skipped(request, "quarry")) {
    rules_run.state = "skipped";
  } else {
    rules_run.state = "ran";
    const auto& rules = review::BuiltInPatternRules();
    for (const auto& p : rules.problems) report.problems.push_back(p);
    for (const auto& file : report.input.files) {
      ++rules_run.files;
      for (auto& f : review::RunPatternRules(rules, file)) {
        findings.push_back(std::move(f));
        ++rules_run.findings;
      }
    }
  }
  report.engines.push_back(std::move(rules_run));

  review::EngineRun secrets_run;
  secrets_run.engine = "secrets";
  if (Skipped(request, "secrets")) {
    secrets_run.state = "skipped";
  } else {
    secrets_run.state = "ran";
    RunSecretRules(report.input, findings, secrets_run);
  }
  report.engines.push_back(std::move(secrets_run));

  if (!request.claimed_path.empty() || !request.claimed_text.empty()) {
    std::string text = request.claimed_text;
    std::string name = "<findings>";
    if (!request.claimed_path.empty()) {
      QUARRY_ASSIGN_OR_RETURN(text, ReadAll(request.claimed_path));
      name = request.claimed_path;
    }
    review::ClaimedFindings claimed =
        review::ReadClaimedFindings(text, request.claimed_engine, name);
    review::EngineRun run;
    run.engine = request.claimed_engine;
    run.state = claimed.problems.empty() || !claimed.findings.empty() ? "ran" : "failed";
    run.findings = claimed.findings.size();
    run.unreadable = claimed.problems.size();
    for (auto& p : claimed.problems) report.problems.push_back(std::move(p));
    for (auto& f : claimed.findings) findings.push_back(std::move(f));
    report.engines.push_back(std::move(run));
  }

  if (!request.provider.empty() && request.provider != "builtin") {
    ModelReviewer reviewer{request.provider, request.endpoint, request.model, request.case_dir};
    report.engines.push_back(RunModelReviewer(reviewer, report.input, findings, report.problems));
  }

  const review::CweTable& cwes = review::CweTable::BuiltIn();
  review::SymbolIndex symbols =
      review::SymbolIndex::Build(report.input, request.timeout_seconds, &report.symbol_note);
  review::VerifyFindings(findings, report.input, symbols, cwes);
  // Two findings of one weakness on identical lines (two `strcpy(buf, src);`) are told apart
  // by their order, so that dismissing one does not dismiss the other.
  std::map<std::string, int> seen;
  for (auto& f : findings) {
    std::string base = Fingerprint(f, report.input, cwes);
    int n = seen[base + f.engine + f.finding.code]++;
    f.fingerprint = n == 0 ? base : base + "-" + std::to_string(n + 1);
  }
  report.findings = review::MergeFindings(std::move(findings), cwes);
  if (!request.case_dir.empty()) {
    auto decisions = TriageDecisions(request.case_dir);
    if (!decisions.ok()) return decisions.status();
    ApplyTriage(report.findings, *decisions);
  }
  report.questions = QuestionsFor(report.input);
  return report;
}

ReviewRulesCheck CheckReviewRules() {
  ReviewRulesCheck check;
  const auto& rules = review::BuiltInPatternRules();
  check.problems = rules.problems;
  review::ExampleResult examples = review::TestPatternRuleExamples(rules);
  check.rules = examples.rules;
  check.examples = examples.examples;
  for (auto& f : examples.failures) check.problems.push_back(std::move(f));
  const review::CweTable& cwes = review::CweTable::BuiltIn();
  for (const auto& rule : cwes.AnalyzerRules())
    if (rule.cwe != "-" && cwes.Find(rule.cwe) == nullptr)
      check.problems.push_back(ErrorAt("review.analyzer_table",
                                       rule.engine + " " + rule.rule_id + " maps to " + rule.cwe +
                                           ", which review-rules/cwe.tsv does not hold",
                                       "review-rules/analyzers.tsv"));
  return check;
}

}  // namespace quarry::app
