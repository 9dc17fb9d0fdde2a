// Code review: the same job as `quarry review`. review_diff reviews a unified diff (against a
// tree inside the allowed folders) or whole files with every engine; verify_findings checks an
// agent's own review of that change, finding by finding, without running the engines.
#include "app/review.h"
#include "core/json.h"
#include "mcp/tool_util.h"
#include "mcp/tools.h"

namespace quarry::mcp {
namespace {

Result<app::ReviewRequest> RequestOf(const Args& args, ToolContext& ctx) {
  app::ReviewRequest request;
  request.diff_text = args.String("diff");
  // The root bounds what the review reads (the symbol index, the search for checks): it is
  // always given, and inside the allowed folders.
  if (!args.Has("root"))
    return InvalidArgument(
        "give 'root': the folder (inside the allowed folders) the diff applies to or the paths "
        "are in");
  auto root = AllowedPath(ctx.options, args.String("root"));
  if (!root.ok()) return root.status();
  request.root = *root;
  for (const std::string& p : args.Strings("paths")) {
    auto allowed = AllowedPath(ctx.options, p);
    if (!allowed.ok()) return allowed.status();
    request.full.push_back(*allowed);
  }
  if (request.diff_text.empty() && request.full.empty())
    return InvalidArgument(
        "give 'diff' (a unified diff) with 'root', or 'paths' to review whole files");
  request.skip_engines = args.Strings("skip");
  request.timeout_seconds = static_cast<int>(args.Int("timeout_seconds", 60));
  return request;
}

ToolOutput Render(const app::ReviewReport& r, const std::string& what) {
  ToolOutput out;
  JsonWriter w(out.structured);
  w.BeginObject();
  w.Key("report").Raw(app::ReviewJson(r));
  w.Field("exit_code", r.ExitCode()).EndObject();
  out.rows = static_cast<int64_t>(r.findings.size());
  out.summary = what + ": " + std::to_string(r.Count(review::Verdict::kVerified)) + " verified, " +
                std::to_string(r.Count(review::Verdict::kNeedsHuman)) + " need a person, " +
                std::to_string(r.Count(review::Verdict::kRejected)) +
                " rejected. No findings is not a clean bill: see report.questions.";
  return out;
}

Result<ToolOutput> ReviewDiff(const Args& args, ToolContext& ctx) {
  auto request = RequestOf(args, ctx);
  if (!request.ok()) return Refusal(request.status().message());
  auto report = app::RunReview(*request);
  if (!report.ok()) return Refusal(report.status().message());
  return Render(*report, "Reviewed " + std::to_string(report->input.files.size()) + " file(s)");
}

Result<ToolOutput> VerifyFindings(const Args& args, ToolContext& ctx) {
  auto request = RequestOf(args, ctx);
  if (!request.ok()) return Refusal(request.status().message());
  request->claimed_text = args.String("findings");
  request->claimed_engine = args.String("engine", "agent");
  // Only the claimed findings: the engines' own are review_diff's.
  request->skip_engines = {"cppcheck", "clang",  "flawfinder", "bandit",
                           "eslint",   "quarry", "secrets"};
  auto report = app::RunReview(*request);
  if (!report.ok()) return Refusal(report.status().message());
  return Render(*report, "Verified the claimed findings");
}

std::vector<ArgSpec> InputArgs() {
  ArgSpec diff{"diff", ArgType::kString, "A unified diff (git diff output)"};
  diff.max_length = size_t{4} << 20;
  ArgSpec root{"root", ArgType::kString,
               "The repository's folder (inside the allowed folders): the diff applies to it, "
               "the paths are in it, names and checks are looked up in it",
               true};
  root.max_length = 4096;
  ArgSpec paths{"paths", ArgType::kStrings,
                "Instead of a diff: whole files or folders to review (inside the allowed folders)"};
  paths.max_length = 4096;
  return {diff, root, paths};
}

}  // namespace

void AddReviewTools(std::vector<ToolSpec>& tools) {
  std::vector<ArgSpec> review_args = InputArgs();
  review_args.push_back(ArgSpec{"skip", ArgType::kStrings,
                                "Engines not to run: cppcheck, clang, flawfinder, bandit, eslint, "
                                "quarry, secrets"});
  ArgSpec timeout{"timeout_seconds", ArgType::kInteger,
                  "Seconds each analyzer may run (default 60)"};
  timeout.min = 1;
  timeout.max = 600;
  review_args.push_back(timeout);
  const std::string schema = ObjectSchema({{"report", kObj}, {"exit_code", kInt}});
  tools.push_back(
      {"review_diff", "Security review of a change",
       "Reviews a unified diff (or whole files) for security weaknesses with the analyzers that "
       "exist (cppcheck, clang analyzer, flawfinder, bandit, eslint security plugin), Quarry's "
       "pattern rules and secret rules. Every finding is verified (lines, quoted code, names, "
       "CWE and OWASP 2025 category, missing-check claims against middleware) and has status "
       "verified, needs_human or rejected with reasons. The report says which engines ran and "
       "lists what no engine judges as questions: an empty result is not a clean bill.",
       review_args, schema, true, ReviewDiff});
  std::vector<ArgSpec> verify_args = InputArgs();
  ArgSpec findings{"findings", ArgType::kString,
                   "Your findings as JSON: [{file, line, end_line, cwe, owasp, severity, message, "
                   "evidence (the exact code), symbols, missing_check}] or {\"findings\": [...]}",
                   true};
  findings.max_length = size_t{1} << 20;
  verify_args.push_back(findings);
  ArgSpec engine{"engine", ArgType::kString,
                 "The name your findings are reported under (default agent)"};
  engine.max_length = 64;
  verify_args.push_back(engine);
  tools.push_back(
      {"verify_findings", "Check a review's findings",
       "Checks findings from your own review of a change against the code: the file and lines "
       "exist on the new side and say what you quote, the functions you name exist, the CWE is "
       "real and fits the category and the lines, and a missing-check claim is looked for in the "
       "function, its callers and registered middleware. Each comes back verified, needs_human "
       "or rejected with the reason; fix or drop the rejected ones.",
       verify_args, schema, true, VerifyFindings});
}

}  // namespace quarry::mcp
