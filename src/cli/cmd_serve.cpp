// quarry serve: the web workbench on the case (overview, hunts, timeline, journal) in a
// browser, on loopback, read-only unless the person allows approvals.
#include <iostream>
#include <memory>

#include "app/web_serve.h"
#include "cli/commands.h"

namespace quarry::cli {

void RegisterServe(CLI::App& app, CommandResult& result) {
  auto args = std::make_shared<app::WebServeRequest>();
  auto* cmd = app.add_subcommand(
      "serve",
      "The web workbench on a case: overview, hunts drafted and checked, timeline with its "
      "histogram, events, alerts and the journal, on 127.0.0.1 with a per-run token");
  cmd->add_option("--case", args->case_dir, "Case directory")->required();
  cmd->add_option("--port", args->port, "Port (default 8765; 0 for any free port)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--host", args->host,
                  "Address to listen on (default 127.0.0.1; another needs --allow-remote)");
  cmd->add_flag("--allow-remote", args->allow_remote,
                "Allow --host to be an address others on the network can reach");
  cmd->add_flag("--allow-approve", args->allow_approve,
                "Let the person at the browser approve hunts: they run and are written to the "
                "journal (read-only without it)");
  cmd->add_option("--by", args->author,
                  "The person of record for approvals (default: the OS user)");
  cmd->add_option("--provider", args->provider,
                  "The hunt assistant: builtin, openai, anthropic or ollama (default: the "
                  "case's quarry.toml, else builtin)");
  cmd->add_option("--endpoint", args->endpoint, "The provider's URL");
  cmd->add_option("--model", args->model, "The provider's model");
  cmd->add_option("--rules", args->rule_paths,
                  "A Sigma rule file or folder for the rules page: tests, lint against the case, "
                  "baseline and ATT&CK coverage (repeatable)");
  cmd->add_option("--threat-model", args->threat_models,
                  "A system description (YAML) for the threat-model page: its report with the "
                  "data-flow diagram and the decisions still open (repeatable)");
  cmd->add_option("--review", args->review_reports,
                  "A report of quarry review --format json to triage on the review page "
                  "(repeatable; decisions need --allow-approve)");
  cmd->footer(
      "The first line printed is the URL to open, with its token:\n"
      "  http://127.0.0.1:8765/?token=…\n"
      "The token becomes a session cookie; without it every /api/ request is refused.\n"
      "Examples:\n"
      "  quarry serve --case ./case\n"
      "  quarry serve --case ./case --allow-approve --by 'A. Analyst' --port 9000\n"
      "  quarry serve --case ./case --rules ./detections\n"
      "  quarry review --git main..HEAD --format json > r.json; quarry serve --case ./case "
      "--review r.json --allow-approve\n"
      "The API is documented in docs/openapi.json (also at /api/openapi.json); see "
      "docs/serve.md.");
  cmd->callback([args, &result] {
    Status s = app::ServeWeb(*args, std::cout, std::cerr);
    Failed(s, result);
  });
}

}  // namespace quarry::cli
