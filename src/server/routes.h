// The workbench's JSON API declared as data: method, path, arguments, whether it changes the
// case, and the job it runs. The same declaration checks every request's arguments (the MCP
// argument checker), dispatches it, and writes docs/openapi.json. Where an MCP tool already
// renders an `app` job's report, the route runs that tool: the web, MCP and the CLI share one
// implementation of every check.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "mcp/args.h"
#include "mcp/tools.h"

namespace quarry::server {

class HuntSessions;

struct ServeOptions {
  std::string case_dir;  // canonical
  std::string host = "127.0.0.1";
  int port = 0;
  bool allow_approve = false;               // without it the workbench only reads
  std::string author;                       // the person of record for what is approved here
  std::string provider, endpoint, model;    // the hunt assistant ("" for the case's default)
  std::vector<std::string> review_reports;  // `quarry review --format json` reports to triage
  std::vector<std::string> rule_paths;      // Sigma rule packs (canonical), for the rules page
  std::vector<std::string> threat_models;   // system descriptions (canonical) to report on
};

struct RouteContext {
  const ServeOptions& options;
  const mcp::ServerOptions& tools;  // what the shared tool jobs may do
  HuntSessions& hunts;
  std::string csrf;  // the session's token for state-changing requests
};

struct Reply {
  int status = 200;
  std::string json;  // an object
};

struct Route {
  std::string method;  // GET or POST
  std::string path;    // /api/events/{eid}: {name} is an argument taken from the path
  std::string summary;
  std::string description;
  std::vector<mcp::ArgSpec> args;  // path, query (GET) or body members (POST)
  bool writes = false;             // changes the case: refused unless --allow-approve
  std::string response_schema;     // a JSON Schema object
  std::function<Result<Reply>(const mcp::Args&, RouteContext&)> run;
};

// Every route, in the order the OpenAPI file lists them.
const std::vector<Route>& Routes();
void AddCaseRoutes(std::vector<Route>& routes);      // routes_case.cpp
void AddHuntRoutes(std::vector<Route>& routes);      // routes_hunt.cpp
void AddIrRoutes(std::vector<Route>& routes);        // routes_ir.cpp
void AddReviewRoutes(std::vector<Route>& routes);    // routes_review.cpp
void AddRuleRoutes(std::vector<Route>& routes);      // routes_rules.cpp
void AddIncidentRoutes(std::vector<Route>& routes);  // routes_incident.cpp
void AddModelRoutes(std::vector<Route>& routes);     // routes_models.cpp

// A route that runs the MCP tool `tool` (its arguments, its output schema).
Route ToolRoute(const std::string& method, const std::string& path, const std::string& tool,
                const std::string& summary);

// from, to and host (as the timeline reads them, `what` naming what the range selects), and a
// bounded integer `limit_name` taking 1..limit_max.
std::vector<mcp::ArgSpec> RangeArgs(const std::string& what, const std::string& limit_name,
                                    const std::string& limit_text, int64_t limit_max);

// offset (0..) and limit (1..max, default `fallback`) of a paged list.
std::vector<mcp::ArgSpec> PageArgs(int64_t fallback, int64_t max);
// [begin, end) of the page `args` asks for in a list of `total` items.
std::pair<size_t, size_t> PageOf(const mcp::Args& args, size_t total, int64_t fallback);

// {"error": message} with a status: 400 for arguments, 404 for what is not there, 422 when a
// check refused, 500 otherwise.
Reply ErrorReply(const Status& status);
Reply ErrorReply(int http_status, const std::string& message);

// The route for METHOD and PATH with the path's arguments, or nullptr; `method_allowed` is set
// when the path is known under another method.
const Route* MatchRoute(const std::string& method, const std::string& path,
                        std::map<std::string, std::string>& path_args, bool& path_known);

// The request's arguments as one JSON object: path arguments, query parameters typed by the
// route's declaration, and a POST body's members; an InvalidArgument error naming what is wrong.
Result<mcp::Args> RequestArgs(const Route& route,
                              const std::map<std::string, std::string>& path_args,
                              const std::multimap<std::string, std::string>& query,
                              const std::string& body);

// docs/openapi.json: OpenAPI 3.1 of every route.
std::string OpenApiJson();

}  // namespace quarry::server
