// Tools over Sigma rules: scan, and the detection-as-code checks (load, lint against the case,
// tests, false-positive baseline, conversion), on rule files inside the allowed folders or on a
// rule's text the agent drafted; save_rule asks a person to save one.
#include <filesystem>
#include <fstream>
#include <memory>

#include "app/pending.h"
#include "app/rules.h"
#include "app/scan.h"
#include "core/scratch.h"
#include "core/json.h"
#include "mcp/tool_util.h"
#include "mcp/tools.h"

namespace quarry::mcp {
namespace {

// The rules a call names: files or folders in `rules` (inside the allowed folders), and a
// rule's YAML text in `rule`, written to a scratch folder that lives as long as this.
struct RuleInput {
  app::RuleSource source;
  std::unique_ptr<ScratchDir> scratch;
};

Result<RuleInput> RulesFrom(const Args& args, const ServerOptions& options) {
  RuleInput in;
  for (const std::string& p : args.Strings("rules")) {
    QUARRY_ASSIGN_OR_RETURN(std::string real, AllowedPath(options, p));
    in.source.paths.push_back(real);
  }
  if (args.Has("rule")) {
    in.scratch = std::make_unique<ScratchDir>();
    if (in.scratch->path().empty()) return IoError("cannot make a temporary folder");
    std::filesystem::path file = std::filesystem::path(in.scratch->path()) / "draft.yml";
    std::ofstream out(file, std::ios::binary);
    out << args.String("rule");
    if (!out) return IoError("cannot write the rule to a temporary file");
    in.source.paths.push_back(file.string());
  }
  if (in.source.paths.empty()) {
    return Status(StatusCode::kUsage,
                  "name rule files or folders in 'rules', or give a rule's YAML in 'rule'");
  }
  return in;
}

ArgSpec RulesArg() {
  ArgSpec a{"rules", ArgType::kStrings,
            "Sigma rule files or folders (inside the folders this server may read)"};
  a.max_length = 4096;
  return a;
}

ArgSpec RuleTextArg(bool required = false) {
  ArgSpec a{"rule", ArgType::kString, "A Sigma rule's YAML text (checked in a scratch folder)",
            required};
  a.max_length = size_t{256} * 1024;
  return a;
}

// The job's report, or its error as a tool error.
template <typename Report>
Result<ToolOutput> Reported(Result<Report> report, std::string (*json)(const Report&),
                            const std::string& summary) {
  if (!report.ok()) return Refusal(report.status().message());
  ToolOutput out;
  out.structured = json(*report);
  out.summary = summary;
  return out;
}

Result<ToolOutput> Scan(const Args& args, ToolContext& ctx) {
  auto rules = RulesFrom(args, ctx.options);
  if (!rules.ok()) return Refusal(rules.status().message());
  app::ScanRequest request;
  request.rules = rules->source;
  request.min_level = args.String("min_level");
  request.threads = 1;
  request.store_alerts = ctx.options.allow_write;
  for (const std::string& p : args.Strings("paths")) {
    auto real = AllowedPath(ctx.options, p);
    if (!real.ok()) return Refusal(real.status().message());
    request.paths.push_back(*real);
  }
  if (request.paths.empty()) request.case_dir = ctx.options.case_dir;
  const auto max_alerts = static_cast<size_t>(args.Int("max_alerts", 100));
  std::string alerts;
  size_t kept = 0;
  int64_t seen = 0;
  app::ScanSinks sinks;
  std::vector<Finding> problems;
  sinks.on_alert = [&](const app::AlertView& a) {
    // Progress must increase: 1 once compiled, then one step per thousand alerts.
    if (++seen % 1000 == 0) {
      ctx.progress(1.0 + static_cast<double>(seen) / 1000.0, 0,
                   std::to_string(seen) + " alerts so far");
    }
    if (kept == max_alerts || alerts.size() > ctx.options.max_result_bytes / 2) return;
    if (kept++ > 0) alerts += ",";
    app::AppendAlertJson(alerts, a);
  };
  sinks.on_finding = [&](const Finding& f) {
    if (problems.size() < 100) problems.push_back(f);
  };
  sinks.cancelled = ctx.cancelled;
  sinks.on_rules_loaded = [&](int64_t compiled) {
    ctx.progress(1, 0, std::to_string(compiled) + " rules compiled; reading the events");
  };
  ctx.progress(0, 0, "compiling the rules, then scanning");
  auto report = app::Scan(request, sinks);
  if (!report.ok()) return Refusal(report.status().message());
  ToolOutput out;
  JsonWriter w(out.structured);
  w.BeginObject().Key("alerts").Raw("[" + alerts + "]");
  w.Field("alert_count", report->alerts).Field("returned", kept);
  w.Field("truncated", static_cast<int64_t>(kept) < report->alerts);
  w.Field("events", report->events).Field("rules", report->rules_selected);
  w.Field("rules_not_loaded", report->rules_not_loaded);
  w.Field("stored_in_case", report->alerts_stored).Key("problems");
  WriteFindings(w, problems);
  w.EndObject();
  out.rows = static_cast<int64_t>(kept);
  out.summary = std::to_string(report->alerts) + " alert(s) from " +
                std::to_string(report->rules_selected) + " rule(s) over " +
                std::to_string(report->events) + " event(s)" +
                (request.store_alerts ? "" : "; nothing was stored (read-only server)");
  return out;
}

std::string CheckJson(const app::RulesCheckReport& report) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("rules");
  WriteTableObjects(w, app::RulesCheckTable(report, false));
  w.Field("failed", report.failed).EndObject();
  return out;
}

Result<ToolOutput> RulesCheck(const Args& args, ToolContext& ctx) {
  auto rules = RulesFrom(args, ctx.options);
  if (!rules.ok()) return Refusal(rules.status().message());
  auto report = app::CheckRules(rules->source);
  std::string summary = report.ok()
                            ? std::to_string(report->rules.size() - report->failed) + " of " +
                                  std::to_string(report->rules.size()) + " rule(s) load"
                            : "";
  return Reported(std::move(report), CheckJson, summary);
}

Result<ToolOutput> RulesLint(const Args& args, ToolContext& ctx) {
  auto rules = RulesFrom(args, ctx.options);
  if (!rules.ok()) return Refusal(rules.status().message());
  app::LintRequest request{rules->source, ctx.options.case_dir, ""};
  auto report = app::LintRules(request);
  std::string summary = report.ok() ? std::to_string(report->errors) + " error(s), " +
                                          std::to_string(report->warnings) +
                                          " warning(s) against the case's fields and values"
                                    : "";
  return Reported(std::move(report), app::LintJson, summary);
}

Result<ToolOutput> RulesTest(const Args& args, ToolContext& ctx) {
  auto rules = RulesFrom(args, ctx.options);
  if (!rules.ok()) return Refusal(rules.status().message());
  app::RuleTestRequest request{rules->source, "", nullptr};
  auto report = app::TestRules(request);
  std::string summary = report.ok() ? std::to_string(report->passed) + " rule(s) passed, " +
                                          std::to_string(report->failed) + " failed"
                                    : "";
  return Reported(std::move(report), app::RuleTestsJson, summary);
}

Result<ToolOutput> RulesBaseline(const Args& args, ToolContext& ctx) {
  auto rules = RulesFrom(args, ctx.options);
  if (!rules.ok()) return Refusal(rules.status().message());
  app::BaselineRequest request;
  request.rules = rules->source;
  request.case_dir = ctx.options.case_dir;
  request.budget = args.String("budget", "10/day");
  request.on_progress = [&](int64_t events) {
    ctx.progress(static_cast<double>(events), 0, "events read");
  };
  request.cancelled = ctx.cancelled;
  auto report = app::BaselineRules(request);
  std::string summary = report.ok() ? std::to_string(report->over_budget) +
                                          " rule(s) over the budget of " + request.budget
                                    : "";
  return Reported(std::move(report), app::BaselineJson, summary);
}

Result<ToolOutput> ConvertRule(const Args& args, ToolContext& ctx) {
  auto rules = RulesFrom(args, ctx.options);
  if (!rules.ok()) return Refusal(rules.status().message());
  app::ConvertRequest request;
  request.rules = rules->source;
  request.to = args.String("to", "kql");
  request.case_dir = ctx.options.case_dir;
  auto report = app::ConvertRules(request);
  std::string summary =
      report.ok() ? std::to_string(report->converted) + " rule(s) converted to " + request.to : "";
  return Reported(std::move(report), app::ConvertJson, summary);
}

Result<ToolOutput> SaveRule(const Args& args, ToolContext& ctx) {
  std::string name = args.String("name");
  bool name_ok =
      !name.empty() && name[0] != '.' && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
      });
  if (!name_ok) return Refusal("'name' is a file name: letters, digits, '_', '-' and '.'");
  auto rules = RulesFrom(args, ctx.options);
  if (!rules.ok()) return Refusal(rules.status().message());
  app::LintRequest lint{rules->source, ctx.options.case_dir, ""};
  auto report = app::LintRules(lint);
  if (!report.ok()) return Refusal(report.status().message());
  if (report->errors > 0 || !report->problems.empty() || report->rules.empty()) {
    return Refusal("the rule does not load or has lint errors; nothing was asked for",
                   app::LintJson(*report));
  }
  app::PendingItem item;
  item.kind = "rule";
  item.requested_by = ctx.client + " via mcp";
  item.rule_name = name;
  item.rule_yaml = args.String("rule");
  item.question = args.String("description");
  item.title = report->rules.front().rule;
  item.explanation = args.String("description");
  item.findings_json = app::LintJson(*report);
  auto added = app::AddPending(ctx.options.case_dir, item);
  if (!added.ok()) return Refusal(added.status().message());
  ToolOutput out;
  JsonWriter w(out.structured);
  w.BeginObject().Field("pending_id", added->id).Field("state", added->state);
  std::string approve =
      "quarry rules approve " + std::to_string(added->id) + " --case " + ctx.options.case_dir;
  w.Field("approve_with", approve).EndObject();
  out.summary = "pending rule " + std::to_string(added->id) +
                ": nothing is saved until a person runs `" + approve + "` in a terminal";
  return out;
}

}  // namespace

void AddRuleTools(std::vector<ToolSpec>& tools) {
  ArgSpec rules = RulesArg();
  ArgSpec rule = RuleTextArg();
  ArgSpec paths{"paths", ArgType::kStrings,
                "Evidence files or folders to scan (inside the allowed folders); default: the "
                "case's events"};
  paths.max_length = 4096;
  ArgSpec level{"min_level", ArgType::kString, "Only rules of this level or higher"};
  level.max_length = 16;
  ArgSpec max_alerts{"max_alerts", ArgType::kInteger, "Alerts to return (0-1000, default 100)"};
  max_alerts.max = 1000;
  const std::string findings = R"({"type":"array","items":{"type":"object"}})";
  tools.push_back({"scan",
                   "Scan with Sigma rules",
                   "Runs Sigma rules over the case's events (or evidence files inside the "
                   "allowed folders) and returns the alerts, capped. A read-only server stores "
                   "nothing in the case.",
                   {rules, rule, paths, level, max_alerts},
                   ObjectSchema({{"alerts", R"({"type":"array","items":{"type":"object"}})"},
                                 {"alert_count", kInt},
                                 {"returned", kInt},
                                 {"truncated", kBool},
                                 {"events", kInt},
                                 {"rules", kInt},
                                 {"rules_not_loaded", kInt},
                                 {"stored_in_case", kInt},
                                 {"problems", findings}}),
                   true,
                   Scan});
  tools.push_back(
      {"rules_check",
       "Check that Sigma rules load",
       "Which rules load, and for those that do not, why (file and line).",
       {rules, rule},
       ObjectSchema({{"rules", R"({"type":"array","items":{"type":"object"}})"}, {"failed", kInt}}),
       true,
       RulesCheck});
  tools.push_back(
      {"rules_lint",
       "Lint Sigma rules against the case",
       "Fields the case's logs do not have (with suggestions), values that never "
       "occur, logsources with no events here, and the rule-quality checks.",
       {rules, rule},
       ObjectSchema({{"rules", kArr}, {"problems", kArr}, {"errors", kInt}, {"warnings", kInt}}),
       true,
       RulesLint});
  tools.push_back({"rules_test",
                   "Run Sigma rules' tests",
                   "Each rule on its own positive and negative samples (x.yml beside x.tests/): "
                   "which fired where they should not or stayed silent where they should fire.",
                   {rules},
                   ObjectSchema({{"rules", kArr},
                                 {"untested", kArr},
                                 {"problems", kArr},
                                 {"passed", kInt},
                                 {"failed", kInt}}),
                   true,
                   RulesTest});
  ArgSpec budget{"budget", ArgType::kString, "Alerts per day a rule may raise (default 10/day)"};
  budget.max_length = 32;
  tools.push_back({"rules_baseline",
                   "False-positive baseline of Sigma rules",
                   "Runs the rules over the case's history: alerts per day (median, p95, max), "
                   "the rules over the budget with their top values and suggested exclusions.",
                   {rules, rule, budget},
                   ObjectSchema({{"rules", kArr}, {"over_budget", kInt}}),
                   true,
                   RulesBaseline});
  ArgSpec to{"to", ArgType::kString, "kql (default) or spl"};
  to.max_length = 8;
  tools.push_back({"convert_rule",
                   "Convert Sigma rules to KQL or SPL",
                   "Each rule as a query for this case's tables (KQL runs with run_kql), or as "
                   "SPL; rules that cannot be converted say why.",
                   {rules, rule, to},
                   ObjectSchema({{"rules", kArr}, {"converted", kInt}, {"not_converted", kInt}}),
                   true,
                   ConvertRule});
  ArgSpec name{"name", ArgType::kString, "File name for the rule, without .yml", true};
  name.max_length = 100;
  ArgSpec description{"description", ArgType::kString, "What the person asked for"};
  description.max_length = 4096;
  ToolSpec save{"save_rule",
                "Ask a person to save a Sigma rule",
                "Checks the rule (it loads, no lint error against the case) and creates a "
                "pending item. Nothing is saved until a person approves it in a terminal with "
                "`quarry rules approve N`.",
                {RuleTextArg(true), name, description},
                ObjectSchema({{"pending_id", kInt}, {"state", kStr}, {"approve_with", kStr}}),
                false,
                SaveRule};
  tools.push_back(std::move(save));
}

}  // namespace quarry::mcp
