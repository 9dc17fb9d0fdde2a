// Secrets: the same scan as `quarry secrets scan`, over files and folders inside the allowed
// folders, a repository's history or staged changes, or the server's case. Secrets are always
// redacted here unless the person started the server with --show-secrets.
#include "app/secrets.h"
#include "core/json.h"
#include "mcp/tool_util.h"
#include "mcp/tools.h"

namespace quarry::mcp {
namespace {

Result<ToolOutput> Scan(const Args& args, ToolContext& ctx) {
  app::SecretsScanRequest request;
  for (const std::string& p : args.Strings("paths")) {
    auto allowed = AllowedPath(ctx.options, p);
    if (!allowed.ok()) return Refusal(allowed.status().message());
    request.paths.push_back(*allowed);
  }
  request.git = args.Bool("git", false);
  request.git_range = args.String("range");
  request.staged = args.Bool("staged", false);
  request.respect_gitignore = args.Bool("respect_gitignore", true);
  if (args.Bool("case", false)) {
    if (ctx.options.case_dir.empty()) return Refusal("this server was started without a case");
    request.case_dir = ctx.options.case_dir;
  }
  if (!request.git_range.empty()) request.git = true;
  if ((request.git || request.staged) && request.paths.size() != 1) {
    return Refusal("name the repository in 'paths' (one folder inside the allowed folders)");
  }
  // Only the repository at that folder: not one found above it, outside what may be read.
  request.repository_at_path = true;
  request.progress = [&ctx](uint64_t bytes, uint64_t files) {
    ctx.progress(static_cast<double>(files), 0,
                 std::to_string(files) + " files, " + std::to_string(bytes >> 20) + " MiB");
  };
  auto report = app::ScanSecrets(request);
  if (!report.ok()) return Refusal(report.status().message());
  const auto& r = *report;
  ToolOutput out;
  JsonWriter w(out.structured);
  w.BeginObject();
  w.Key("findings").Raw(app::SecretsJson(r, ctx.options.show_secrets));
  w.Key("problems");
  WriteFindings(w, r.problems);
  w.Key("counts").BeginObject();
  w.Field("findings", r.findings.size()).Field("baselined", r.baselined);
  w.Field("rules", r.rules).Field("scanned", r.stats.files).Field("bytes", r.stats.bytes);
  w.Field("binary_skipped", r.stats.binary).Field("ignored", r.stats.ignored);
  w.Field("commits", r.stats.commits).EndObject();
  w.Field("exit_code", r.ExitCode()).EndObject();
  out.rows = static_cast<int64_t>(r.findings.size());
  out.summary = std::to_string(r.findings.size()) + " secret(s) found in " +
                std::to_string(r.stats.files) + " " + (r.source == "case" ? "values" : "files") +
                " by " + std::to_string(r.rules) +
                " rules; values are redacted. Revoke a real one at its issuer before removing it.";
  return out;
}

}  // namespace

void AddSecretsTools(std::vector<ToolSpec>& tools) {
  ArgSpec paths{"paths", ArgType::kStrings,
                "Files and folders inside the folders this server may read (with git or staged: "
                "the repository)"};
  paths.max_length = 4096;
  ArgSpec git{"git", ArgType::kBoolean, "Scan the repository's history instead of its files"};
  ArgSpec range{"range", ArgType::kString,
                "With git: a range (main..feature) or a revision; default all of HEAD"};
  range.max_length = 256;
  ArgSpec staged{"staged", ArgType::kBoolean, "Scan what is staged for the next commit"};
  ArgSpec ignore{"respect_gitignore", ArgType::kBoolean,
                 "Skip what .gitignore ignores (default true)"};
  ArgSpec in_case{"case", ArgType::kBoolean,
                  "Scan the server's case events (command lines, URLs, script blocks) instead"};
  tools.push_back(
      {"secrets_scan",
       "Find credentials",
       "Finds credentials (cloud keys, source-host and CI tokens, LLM and payment API keys, "
       "private keys, JWTs, connection strings, high-entropy passwords) with Quarry's tested "
       "secret rules, in files, a git history, staged changes or the case's events. Each "
       "finding has rule_id, file, line, column and a fingerprint; values are redacted. "
       "exit_code 1 means secrets were found.",
       {paths, git, range, staged, ignore, in_case},
       ObjectSchema({{"findings", R"({"type":"array","items":{"type":"object"}})"},
                     {"problems", R"({"type":"array","items":{"type":"object"}})"},
                     {"counts", kObj},
                     {"exit_code", kInt}}),
       true,
       Scan});
}

}  // namespace quarry::mcp
