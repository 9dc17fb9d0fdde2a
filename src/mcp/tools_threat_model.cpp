// Tools for threat models: a system description checked against the threat catalog, and the
// report a review board reads. The model is a file inside the allowed folders or YAML text the
// agent drafted; either way it is read as untrusted input, and a decision only counts when the
// model's decisions section (a person's) says so.
#include <filesystem>
#include <fstream>
#include <memory>

#include "core/scratch.h"
#include "app/threat_report.h"
#include "core/json.h"
#include "mcp/tool_util.h"
#include "mcp/tools.h"

namespace quarry::mcp {
namespace {

struct ModelInput {
  app::ThreatModelRequest request;
  std::unique_ptr<ScratchDir> scratch;
};

Result<ModelInput> ModelFrom(const Args& args, const ServerOptions& options) {
  ModelInput in;
  if (args.Has("model")) {
    QUARRY_ASSIGN_OR_RETURN(in.request.model_path, AllowedPath(options, args.String("model")));
  } else if (args.Has("model_text")) {
    in.scratch = std::make_unique<ScratchDir>();
    if (in.scratch->path().empty()) return IoError("cannot make a temporary folder");
    in.request.model_path = (std::filesystem::path(in.scratch->path()) / "model.yml").string();
    std::ofstream out(in.request.model_path, std::ios::binary);
    out << args.String("model_text");
    if (!out) return IoError("cannot write the model to a temporary file");
  } else {
    return Status(StatusCode::kUsage,
                  "name a model file in 'model', or give a model's YAML in 'model_text'");
  }
  in.request.today = args.String("today");
  return in;
}

std::string Summary(const app::ThreatModelCheck& check) {
  int open = 0;
  for (const auto& a : check.evaluation.threats)
    open += a.status == threatmodel::ThreatStatus::kOpen;
  int errors = 0;
  for (const auto& f : check.findings) errors += f.severity == Severity::kError;
  return std::to_string(check.evaluation.threats.size()) + " threat(s) apply, " +
         std::to_string(open) + " open (" + std::to_string(check.evaluation.open_high) +
         " high or critical); " + std::to_string(errors) +
         " error finding(s). Only a person's decisions in the model change a status.";
}

Result<ToolOutput> Check(const Args& args, ToolContext& ctx) {
  auto in = ModelFrom(args, ctx.options);
  if (!in.ok()) return Refusal(in.status().message());
  auto check = app::CheckThreatModel(in->request);
  if (!check.ok()) return Refusal(check.status().message());
  ToolOutput out;
  out.structured = app::ThreatModelCheckJson(**check);
  out.rows = static_cast<int64_t>((*check)->evaluation.threats.size());
  out.summary = Summary(**check);
  return out;
}

Result<ToolOutput> Report(const Args& args, ToolContext& ctx) {
  auto in = ModelFrom(args, ctx.options);
  if (!in.ok()) return Refusal(in.status().message());
  std::string format = args.String("format", "md");
  if (format != "md" && format != "html" && format != "json" && format != "sarif")
    return Refusal("format is md, html, json or sarif");
  auto report = app::ReportThreatModel(in->request, format != "sarif");
  if (!report.ok()) return Refusal(report.status().message());
  const auto& r = **report;
  ToolOutput out;
  std::string text = format == "html"    ? app::ThreatReportHtml(r)
                     : format == "sarif" ? app::ThreatReportSarif(r)
                     : format == "json"  ? app::ThreatReportJson(r)
                                         : app::ThreatReportMarkdown(r);
  JsonWriter w(out.structured);
  w.BeginObject().Field("format", format).Field("report", text);
  w.Field("exit_code", r.check->ExitCode()).EndObject();
  out.rows = static_cast<int64_t>(r.check->evaluation.threats.size());
  out.summary = Summary(*r.check);
  return out;
}

std::vector<ArgSpec> ModelArgs() {
  ArgSpec model{"model", ArgType::kString,
                "A system description file (YAML, docs/threat-model.md) inside the folders this "
                "server may read"};
  model.max_length = 4096;
  ArgSpec text{"model_text", ArgType::kString,
               "A system description's YAML text (checked from a scratch file)"};
  text.max_length = size_t{1} << 20;
  ArgSpec today{"today", ArgType::kString,
                "The date acceptances are checked against (YYYY-MM-DD; default today)"};
  today.max_length = 10;
  return {model, text, today};
}

}  // namespace

void AddThreatModelTools(std::vector<ToolSpec>& tools) {
  tools.push_back(
      {"threat_model_check", "Check a threat model",
       "Validates a system description (components, flows, trust boundaries, assets, "
       "decisions) and lists every catalog threat that applies to each component and flow, "
       "with STRIDE, OWASP LLM 2025, OWASP Top 10 2025 and ATLAS ids, severity and status "
       "(open, mitigated, accepted, transferred) from the model's decisions. Gaps are findings: "
       "an undecided prompt injection, a tool that executes without approval, a decision citing "
       "a mitigation that does not exist. exit_code 1 means open high or critical threats "
       "remain. Statuses change only through decisions a person writes in the model.",
       ModelArgs(),
       ObjectSchema({{"threats", R"({"type":"array","items":{"type":"object"}})"},
                     {"findings", R"({"type":"array","items":{"type":"object"}})"},
                     {"counts", kObj},
                     {"exit_code", kInt}}),
       true, Check});
  std::vector<ArgSpec> report_args = ModelArgs();
  ArgSpec format{"format", ArgType::kString, "md (default), html, json or sarif"};
  format.max_length = 8;
  report_args.push_back(format);
  tools.push_back(
      {"threat_model_report", "Report on a threat model",
       "The report a review board reads: scope, data-flow diagram (DOT, and SVG when graphviz "
       "is installed), threats by component and flow with mappings and statuses, coverage "
       "tables (OWASP LLM 2025 x components, ATLAS tactics, NIST AI RMF functions) and "
       "residual risks with owners; or SARIF for code scanning.",
       report_args, ObjectSchema({{"format", kStr}, {"report", kStr}, {"exit_code", kInt}}), true,
       Report});
}

}  // namespace quarry::mcp
