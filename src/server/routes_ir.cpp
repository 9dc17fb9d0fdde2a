// Incident-response structure for the timeline page: process trees and logon sessions of a time
// range and host, the jobs of `quarry ir trees` and `quarry ir sessions`. A range with more
// processes or sessions than the limit is refused with how many there are, so no answer is
// unbounded; the person narrows it on the histogram.
#include "app/timeline.h"
#include "server/routes.h"

namespace quarry::server {
namespace {

app::TimelineRequest RangeOf(const mcp::Args& args, RouteContext& ctx) {
  app::TimelineRequest request;
  request.case_dir = ctx.options.case_dir;
  request.from = args.String("from");
  request.to = args.String("to");
  request.host = args.String("host");
  request.user = args.String("user");
  return request;
}

Reply TooMany(size_t count, int64_t limit, const char* what) {
  return ErrorReply(422, std::to_string(count) + " " + what +
                             " in this range, more than the limit (" + std::to_string(limit) +
                             "): narrow it by host or time, or raise limit");
}

Result<Reply> Trees(const mcp::Args& args, RouteContext& ctx) {
  QUARRY_ASSIGN_OR_RETURN(ir::ProcessForest forest, app::ProcessTrees(RangeOf(args, ctx)));
  int64_t limit = args.Int("limit", 2000);
  if (forest.nodes.size() > static_cast<size_t>(limit)) {
    return TooMany(forest.nodes.size(), limit, "processes");
  }
  return Reply{200, ir::ProcessForestJson(forest)};
}

Result<Reply> Sessions(const mcp::Args& args, RouteContext& ctx) {
  QUARRY_ASSIGN_OR_RETURN(auto sessions, app::LogonSessions(RangeOf(args, ctx)));
  int64_t limit = args.Int("limit", 2000);
  if (sessions.size() > static_cast<size_t>(limit))
    return TooMany(sessions.size(), limit, "sessions");
  return Reply{200, ir::LogonSessionsJson(sessions)};
}

}  // namespace

void AddIrRoutes(std::vector<Route>& routes) {
  std::vector<mcp::ArgSpec> range =
      RangeArgs("Processes started", "limit",
                "Refuse a range with more than this (1-10000, default 2000)", 10000);
  routes.push_back({"GET", "/api/trees", "Process trees",
                    "The processes started in the range on the host, linked parent to child "
                    "(Sysmon 1 by process GUID, Security 4688 by process id), with ids P:… that "
                    "summaries cite (the job of quarry ir trees).",
                    range, false,
                    R"({"type":"object","properties":{"processes":{"type":"array"}}})", Trees});
  std::vector<mcp::ArgSpec> sessions = range;
  sessions.insert(sessions.begin() + 3,
                  {"user", mcp::ArgType::kString, "Sessions whose user contains this"});
  sessions[3].max_length = 256;
  routes.push_back({"GET", "/api/sessions", "Logon sessions",
                    "Security 4624 logons with their end and the processes run in them, ids "
                    "S:… (the job of quarry ir sessions).",
                    sessions, false,
                    R"({"type":"object","properties":{"sessions":{"type":"array"}}})", Sessions});
}

}  // namespace quarry::server
