#include "server/routes.h"

#include <simdjson.h>

#include <algorithm>
#include <set>

#include "core/json.h"
#include "core/strings.h"

namespace quarry::server {
namespace {

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

const mcp::ArgSpec* FindArg(const Route& route, const std::string& name) {
  for (const auto& a : route.args) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::string ArgNames(const Route& route) {
  std::string out;
  for (const auto& a : route.args) out += (out.empty() ? "" : ", ") + a.name;
  return out.empty() ? "none" : out;
}

// A parameter's text as the JSON value its declaration asks for.
Result<std::string> Typed(const mcp::ArgSpec& spec, const std::string& text) {
  switch (spec.type) {
    case mcp::ArgType::kInteger: {
      size_t digits = text.size() > 0 && text[0] == '-' ? 1 : 0;
      bool number = text.size() > digits && text.size() - digits <= 18 &&
                    std::all_of(text.begin() + static_cast<long>(digits), text.end(),
                                [](char c) { return c >= '0' && c <= '9'; });
      if (!number) return InvalidArgument("argument '" + spec.name + "': must be an integer");
      return text;
    }
    case mcp::ArgType::kBoolean:
      if (text == "true" || text == "1") return std::string("true");
      if (text == "false" || text == "0") return std::string("false");
      return InvalidArgument("argument '" + spec.name + "': must be true or false");
    default: {
      std::string out;
      AppendJsonString(out, text);
      return out;
    }
  }
}

}  // namespace

const std::vector<Route>& Routes() {
  static const std::vector<Route> kRoutes = [] {
    std::vector<Route> routes;
    AddCaseRoutes(routes);
    AddIrRoutes(routes);
    AddIncidentRoutes(routes);
    AddHuntRoutes(routes);
    AddReviewRoutes(routes);
    AddRuleRoutes(routes);
    AddModelRoutes(routes);
    return routes;
  }();
  return kRoutes;
}

Route ToolRoute(const std::string& method, const std::string& path, const std::string& tool,
                const std::string& summary) {
  const mcp::ToolSpec* spec = mcp::FindTool(tool);
  Route r;
  r.method = method;
  r.path = path;
  r.summary = summary.empty() && spec != nullptr ? spec->title : summary;
  if (spec == nullptr) return r;  // a declaration error, caught by the route test
  r.description = spec->description + " (the same job as the MCP tool `" + tool + "`)";
  r.args = spec->args;
  r.writes = !spec->read_only;
  r.response_schema = spec->output_schema;
  r.run = [tool](const mcp::Args& args, RouteContext& ctx) -> Result<Reply> {
    mcp::ToolContext tool_ctx{ctx.tools, "quarry serve", [] { return false; },
                              [](double, double, const std::string&) {}};
    QUARRY_ASSIGN_OR_RETURN(mcp::ToolOutput out, mcp::FindTool(tool)->run(args, tool_ctx));
    return Reply{out.is_error ? 422 : 200, out.structured};
  };
  return r;
}

std::vector<mcp::ArgSpec> RangeArgs(const std::string& what, const std::string& limit_name,
                                    const std::string& limit_text, int64_t limit_max) {
  std::vector<mcp::ArgSpec> args = {
      {"from", mcp::ArgType::kString, what + " at or after this time (ISO 8601)"},
      {"to", mcp::ArgType::kString, what + " at or before this time (ISO 8601)"},
      {"host", mcp::ArgType::kString, "Only this host (WS01 also matches WS01.corp.example)"},
      {limit_name, mcp::ArgType::kInteger, limit_text}};
  for (auto& a : args) a.max_length = 256;
  args.back().min = 1;
  args.back().max = limit_max;
  return args;
}

std::vector<mcp::ArgSpec> PageArgs(int64_t fallback, int64_t max) {
  mcp::ArgSpec offset{"offset", mcp::ArgType::kInteger, "Items to skip (default 0)"};
  mcp::ArgSpec limit{
      "limit", mcp::ArgType::kInteger,
      "Items at most (1-" + std::to_string(max) + ", default " + std::to_string(fallback) + ")"};
  limit.min = 1;
  limit.max = max;
  return {offset, limit};
}

std::pair<size_t, size_t> PageOf(const mcp::Args& args, size_t total, int64_t fallback) {
  size_t begin = std::min(total, static_cast<size_t>(args.Int("offset", 0)));
  size_t end = std::min(total, begin + static_cast<size_t>(args.Int("limit", fallback)));
  return {begin, end};
}

Reply ErrorReply(int http_status, const std::string& message) {
  Reply r;
  r.status = http_status;
  JsonWriter(r.json).BeginObject().Field("error", message).EndObject();
  return r;
}

Reply ErrorReply(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kUsage:
    case StatusCode::kParseError:
      return ErrorReply(400, status.message());
    case StatusCode::kNotFound:
      return ErrorReply(404, status.message());
    case StatusCode::kAlreadyExists:
      return ErrorReply(409, status.message());
    default:
      return ErrorReply(500, status.message());
  }
}

const Route* MatchRoute(const std::string& method, const std::string& path,
                        std::map<std::string, std::string>& path_args, bool& path_known) {
  path_known = false;
  std::vector<std::string> want = Segments(path);
  for (const Route& route : Routes()) {
    std::vector<std::string> have = Segments(route.path);
    if (have.size() != want.size()) continue;
    std::map<std::string, std::string> args;
    bool match = true;
    for (size_t i = 0; i < have.size() && match; ++i) {
      if (have[i].size() > 2 && have[i].front() == '{' && have[i].back() == '}') {
        if (want[i].empty()) match = false;
        args[have[i].substr(1, have[i].size() - 2)] = want[i];
      } else {
        match = have[i] == want[i];
      }
    }
    if (!match) continue;
    path_known = true;
    if (route.method != method) continue;
    path_args = std::move(args);
    return &route;
  }
  return nullptr;
}

Result<mcp::Args> RequestArgs(const Route& route,
                              const std::map<std::string, std::string>& path_args,
                              const std::multimap<std::string, std::string>& query,
                              const std::string& body) {
  std::string object = "{";
  std::set<std::string> seen;
  auto add = [&](const std::string& name, const std::string& json) {
    if (object.size() > 1) object += ',';
    AppendJsonString(object, name);
    object += ':' + json;
    seen.insert(name);
  };
  for (const auto& [name, text] : path_args) {
    const mcp::ArgSpec* spec = FindArg(route, name);
    if (spec == nullptr) return Internal("route " + route.path + " does not declare " + name);
    QUARRY_ASSIGN_OR_RETURN(std::string json, Typed(*spec, text));
    add(name, json);
  }
  for (auto it = query.begin(); it != query.end(); it = query.upper_bound(it->first)) {
    const std::string& name = it->first;
    const mcp::ArgSpec* spec = FindArg(route, name);
    if (spec == nullptr || seen.count(name) != 0) {
      return InvalidArgument("unknown parameter '" + name.substr(0, 64) + "'; " + route.method +
                             " " + route.path + " takes: " + ArgNames(route));
    }
    auto range = query.equal_range(name);
    if (spec->type == mcp::ArgType::kStrings) {
      std::string list = "[";
      for (auto v = range.first; v != range.second; ++v) {
        if (list.size() > 1) list += ',';
        AppendJsonString(list, v->second);
      }
      add(name, list + "]");
      continue;
    }
    if (std::distance(range.first, range.second) > 1) {
      return InvalidArgument("parameter '" + name + "' is given more than once");
    }
    QUARRY_ASSIGN_OR_RETURN(std::string json, Typed(*spec, it->second));
    add(name, json);
  }
  if (!body.empty()) {
    simdjson::dom::parser parser;
    simdjson::dom::object members;
    if (parser.parse(body).get(members) != simdjson::SUCCESS) {
      return InvalidArgument("the request body is not a JSON object");
    }
    for (auto [key, value] : members) {
      std::string name(key);
      if (seen.count(name) != 0) {
        return InvalidArgument("argument '" + name + "' is given twice (path or query and body)");
      }
      add(name, simdjson::minify(value));
    }
  }
  object += '}';
  return mcp::ParseArgs(route.args, object);
}

}  // namespace quarry::server
