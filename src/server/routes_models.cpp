// Threat models and secrets in the workbench: the report of a system description named when the
// server started (--threat-model), and credentials found in the case's events, both the MCP
// tools' jobs.
#include "server/routes.h"

namespace quarry::server {

void AddModelRoutes(std::vector<Route>& routes) {
  routes.push_back(ToolRoute("POST", "/api/threat-models/report", "threat_model_report", ""));
  routes.push_back(ToolRoute("GET", "/api/secrets", "secrets_scan", ""));
}

}  // namespace quarry::server
