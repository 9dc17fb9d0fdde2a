// docs/openapi.json, written from the route declarations so that it cannot drift from the
// server (a test compares the committed file with this output).
#include <cctype>
#include <set>

#include "core/json.h"
#include "server/routes.h"

namespace quarry::server {
namespace {

void WriteArgSchema(JsonWriter& w, const mcp::ArgSpec& a) {
  w.BeginObject();
  switch (a.type) {
    case mcp::ArgType::kString:
      w.Field("type", "string").Field("maxLength", a.max_length);
      break;
    case mcp::ArgType::kInteger:
      w.Field("type", "integer").Field("minimum", a.min).Field("maximum", a.max);
      break;
    case mcp::ArgType::kBoolean:
      w.Field("type", "boolean");
      break;
    case mcp::ArgType::kStrings:
      w.Field("type", "array").Field("maxItems", a.max_items).Key("items").BeginObject();
      w.Field("type", "string").Field("maxLength", a.max_length).EndObject();
      break;
  }
  w.EndObject();
}

bool InPath(const Route& r, const std::string& name) {
  return r.path.find("{" + name + "}") != std::string::npos;
}

void WriteResponse(JsonWriter& w, const char* status, const std::string& description,
                   const std::string& schema) {
  w.Key(status).BeginObject().Field("description", description).Key("content").BeginObject();
  w.Key("application/json").BeginObject().Key("schema").Raw(schema).EndObject();
  w.EndObject().EndObject();
}

std::string OperationId(const Route& r) {
  std::string id = r.method == "GET" ? "get" : "post";
  bool upper = true;
  for (char c : r.path.substr(5)) {  // after /api/
    if (c == '/' || c == '_' || c == '{' || c == '}') {
      upper = true;
      continue;
    }
    id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return id;
}

void WriteOperation(JsonWriter& w, const Route& r) {
  constexpr const char* kError = R"({"$ref":"#/components/schemas/Error"})";
  w.Key(r.method == "GET" ? "get" : "post").BeginObject();
  w.Field("operationId", OperationId(r)).Field("summary", r.summary);
  w.Field("description",
          r.description + (r.writes ? " Changes the case: the server must be started "
                                      "with --allow-approve."
                                    : ""));
  w.Key("parameters").BeginArray();
  for (const auto& a : r.args) {
    bool path = InPath(r, a.name);
    if (!path && r.method != "GET") continue;
    w.BeginObject().Field("name", a.name).Field("in", path ? "path" : "query");
    w.Field("required", path || a.required).Field("description", a.description).Key("schema");
    WriteArgSchema(w, a);
    w.EndObject();
  }
  w.EndArray();
  if (r.method == "POST") {
    std::vector<mcp::ArgSpec> body;
    for (const auto& a : r.args) {
      if (!InPath(r, a.name)) body.push_back(a);
    }
    w.Key("requestBody").BeginObject().Field("required", true).Key("content").BeginObject();
    w.Key("application/json").BeginObject().Key("schema").Raw(mcp::InputSchema(body));
    w.EndObject().EndObject().EndObject();
    w.Key("security").BeginArray().BeginObject().Key("session").BeginArray().EndArray();
    w.Key("csrf").BeginArray().EndArray().EndObject().EndArray();
  }
  w.Key("responses").BeginObject();
  WriteResponse(w, "200", "The job's report",
                r.response_schema.empty() ? R"({"type":"object"})" : r.response_schema);
  WriteResponse(w, "400", "An argument is wrong (the message names it)", kError);
  WriteResponse(w, "401", "No session: open the URL with the token that quarry serve printed",
                kError);
  WriteResponse(w, "403",
                r.writes ? "Read-only server, or a missing or wrong CSRF header, or another origin"
                         : "Another origin or host",
                kError);
  WriteResponse(w, "404", "Not found", kError);
  WriteResponse(w, "422", "The job ran and refused: the checks' findings say why", kError);
  w.EndObject().EndObject();
}

}  // namespace

std::string OpenApiJson() {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Field("openapi", "3.1.0").Key("info").BeginObject();
  w.Field("title", "Quarry workbench API").Field("version", "1");
  w.Field("description",
          "The JSON API of `quarry serve`, used by its pages. It listens on 127.0.0.1. A session "
          "starts when the browser opens the URL printed at start (`/?token=…`): the token is "
          "exchanged for an HttpOnly, SameSite=Strict cookie. Every POST also carries the CSRF "
          "token of GET /api/session in the X-Quarry-CSRF header and a JSON body (at most 1 MiB). "
          "Requests that change the case need a server started with --allow-approve and are "
          "journalled with the person named at start. Lists are bounded: every endpoint that "
          "returns rows takes a limit with a maximum.");
  w.EndObject().Key("components").BeginObject().Key("securitySchemes").BeginObject();
  w.Key("session").BeginObject().Field("type", "apiKey").Field("in", "cookie");
  w.Field("name", "quarry_session").EndObject();
  w.Key("csrf").BeginObject().Field("type", "apiKey").Field("in", "header");
  w.Field("name", "X-Quarry-CSRF").EndObject().EndObject();
  w.Key("schemas").BeginObject().Key("Error").Raw(
      R"({"type":"object","properties":{"error":{"type":"string"}},"required":["error"]})");
  w.EndObject().EndObject();
  w.Key("security").BeginArray().BeginObject().Key("session").BeginArray().EndArray();
  w.EndObject().EndArray();
  w.Key("paths").BeginObject();
  std::set<std::string> done;
  for (const Route& r : Routes()) {
    if (!done.insert(r.path).second) continue;
    w.Key(r.path).BeginObject();
    for (const Route& same : Routes()) {
      if (same.path == r.path) WriteOperation(w, same);
    }
    w.EndObject();
  }
  w.EndObject().EndObject();
  return out;
}

}  // namespace quarry::server
