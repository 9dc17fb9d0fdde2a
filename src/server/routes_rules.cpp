// Detection as code in the workbench: the rule packs named when the server started (--rules),
// tested, linted against the case and baselined over its history (the MCP tools' jobs), and
// their ATT&CK coverage (the job of `quarry rules coverage`).
#include "app/rules.h"
#include "server/routes.h"

namespace quarry::server {
namespace {

Result<Reply> Coverage(const mcp::Args&, RouteContext& ctx) {
  if (ctx.options.rule_paths.empty()) {
    return ErrorReply(404, "no rules: start quarry serve with --rules DIR");
  }
  app::CoverageRequest request;
  request.rules.paths = ctx.options.rule_paths;
  request.case_dir = ctx.options.case_dir;
  QUARRY_ASSIGN_OR_RETURN(detect::CoverageReport report, app::RulesCoverage(request));
  return Reply{200, app::CoverageJson(report)};
}

}  // namespace

void AddRuleRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET",
                    "/api/rules/coverage",
                    "ATT&CK coverage of the rule packs",
                    "The rule packs given with --rules against the ATT&CK catalog: per tactic "
                    "the techniques covered of all, per covered technique its rules and whether "
                    "they are tested, pass and have events in this case.",
                    {},
                    false,
                    R"({"type":"object","properties":{"tactics":{"type":"array"},)"
                    R"("techniques":{"type":"array"},"rules":{"type":"array"}}})",
                    Coverage});
  routes.push_back(ToolRoute("POST", "/api/rules/test", "rules_test", ""));
  routes.push_back(ToolRoute("POST", "/api/rules/lint", "rules_lint", ""));
  routes.push_back(ToolRoute("POST", "/api/rules/baseline", "rules_baseline", ""));
  routes.push_back(ToolRoute("POST", "/api/rules/convert", "convert_rule", ""));
}

}  // namespace quarry::server
