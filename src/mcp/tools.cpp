#include "mcp/tools.h"

#include <filesystem>

#include "core/json.h"

namespace quarry::mcp {
namespace fs = std::filesystem;

const std::vector<ToolSpec>& Tools() {
  static const std::vector<ToolSpec> tools = [] {
    std::vector<ToolSpec> all;
    AddCaseTools(all);
    AddRuleTools(all);
    AddJournalTools(all);
    AddIrTools(all);
    AddThreatModelTools(all);
    AddSecretsTools(all);
    AddReviewTools(all);
    return all;
  }();
  return tools;
}

const ToolSpec* FindTool(const std::string& name) {
  for (const ToolSpec& t : Tools()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

std::string ToolReferenceMarkdown() {
  std::string out =
      "# MCP tools\n\n"
      "Generated from the tool declarations (`src/mcp/tools_*.cpp`) by "
      "`QUARRY_UPDATE_DOCS=1 build/release/tests/mcp_tests`; see [mcp.md](mcp.md) for setup "
      "and the security model. Every tool returns `structuredContent` (its output schema is in "
      "`tools/list`) and a text block with the same JSON fenced as untrusted data.\n\n"
      "| tool | writes | what it does |\n|---|---|---|\n";
  for (const ToolSpec& t : Tools()) {
    out += "| [`" + t.name + "`](#" + t.name + ") | " +
           (t.read_only ? "no" : "a pending item only") + " | " + t.title + " |\n";
  }
  for (const ToolSpec& t : Tools()) {
    out += "\n## " + t.name + "\n\n" + t.description + "\n\n";
    if (t.args.empty()) {
      out += "No arguments.\n";
      continue;
    }
    out += "| argument | type | required | meaning |\n|---|---|---|---|\n";
    for (const ArgSpec& a : t.args) {
      std::string type = a.type == ArgType::kString    ? "string"
                         : a.type == ArgType::kInteger ? "integer"
                         : a.type == ArgType::kBoolean ? "boolean"
                                                       : "array of strings";
      out += "| `" + a.name + "` | " + type + " | " + (a.required ? "yes" : "no") + " | " +
             a.description + " |\n";
    }
  }
  return out;
}

Result<std::string> AllowedPath(const ServerOptions& options, const std::string& path) {
  std::error_code ec;
  if (path.empty()) return InvalidArgument("an empty path");
  if (path.find('\0') != std::string::npos) return InvalidArgument("a path with a NUL byte");
  // canonical() resolves every symlink and '..', so a link out of an allowed folder is judged
  // by where it points.
  fs::path real = fs::canonical(path, ec);
  bool exists = !ec;
  // A path that does not exist is judged by where it would be, so that an agent cannot learn
  // which files exist outside the allowed folders from the difference between two errors.
  if (!exists) real = fs::weakly_canonical(fs::absolute(path, ec), ec);
  for (const std::string& allowed : options.allowed_paths) {
    fs::path base(allowed);
    auto [end, _] = std::mismatch(base.begin(), base.end(), real.begin(), real.end());
    if (end != base.end()) continue;
    if (!exists) return NotFound("'" + path + "' does not exist or cannot be read");
    return real.string();
  }
  std::string list;
  for (const std::string& a : options.allowed_paths) list += (list.empty() ? "" : ", ") + a;
  return Status(StatusCode::kUsage,
                "'" + path + "' is outside the folders this server may read (" + list +
                    "); the person who started it can add one with --allow-path DIR");
}

ToolOutput Refusal(const std::string& why, const std::string& details_json,
                   const char* details_key) {
  ToolOutput out;
  out.is_error = true;
  out.summary = why;
  JsonWriter w(out.structured);
  w.BeginObject().Field("error", why);
  if (!details_json.empty()) w.Key(details_key).Raw(details_json);
  w.EndObject();
  return out;
}

std::string ObjectSchema(const std::vector<std::pair<std::string, std::string>>& members) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Field("type", "object").Key("properties").BeginObject();
  std::vector<std::string> required;
  for (const auto& [name, schema] : members) {
    w.Key(name).Raw(schema);
    required.push_back(name);
  }
  // A refusal's members, typed here so that a client validating a refusal accepts it.
  bool has_findings = false;
  for (const auto& [name, schema] : members) has_findings = has_findings || name == "findings";
  w.Key("error").Raw(R"j({"type":"string","description":"Why the tool did nothing (isError)"})j");
  if (!has_findings) w.Key("findings").Raw(R"({"type":"array","items":{"type":"object"}})");
  w.Key("details").Raw(R"j({"description":"What the refusal is about (e.g. a lint report)"})j");
  w.EndObject().Key("anyOf").BeginArray();
  w.BeginObject().Field("required", required).EndObject();
  w.BeginObject().Field("required", std::vector<std::string>{"error"}).EndObject();
  w.EndArray().EndObject();
  return out;
}

}  // namespace quarry::mcp
