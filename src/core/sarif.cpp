#include "core/sarif.h"

#include <set>

#include "core/json.h"

namespace quarry {

const char* SarifLevel(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "note";
  }
  return "warning";
}

SarifResult SarifResultOf(const Finding& f) {
  SarifResult r;
  r.rule_id = f.code;
  r.level = SarifLevel(f.severity);
  r.message = f.suggestion.empty() ? f.message : f.message + " (" + f.suggestion + ")";
  r.file = f.where.file;
  r.line = f.where.line;
  r.column = f.where.column;
  return r;
}

std::string SarifLog(const SarifRun& run) {
  std::vector<SarifRule> rules = run.rules;
  std::set<std::string> declared;
  for (const auto& r : rules) declared.insert(r.id);
  for (const auto& result : run.results) {
    if (declared.insert(result.rule_id).second) {
      SarifRule rule;
      rule.id = result.rule_id;
      rule.name = result.rule_id;
      rule.short_text = result.rule_id;
      rules.push_back(std::move(rule));
    }
  }
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  w.Field("version", "2.1.0");
  w.Key("runs").BeginArray().BeginObject();
  w.Key("tool").BeginObject().Key("driver").BeginObject();
  w.Field("name", run.tool);
  if (!run.version.empty()) w.Field("version", run.version);
  if (!run.information_uri.empty()) w.Field("informationUri", run.information_uri);
  w.Key("rules").BeginArray();
  for (const auto& rule : rules) {
    w.BeginObject().Field("id", rule.id).Field("name", rule.name);
    w.Key("shortDescription").BeginObject().Field("text", rule.short_text).EndObject();
    if (!rule.full_text.empty())
      w.Key("fullDescription").BeginObject().Field("text", rule.full_text).EndObject();
    if (!rule.help.empty()) {
      w.Key("help").BeginObject().Field("text", rule.help).Field("markdown", rule.help);
      w.EndObject();
    }
    w.Key("properties").BeginObject();
    w.Field("tags", rule.tags);
    if (!rule.security_severity.empty()) w.Field("security-severity", rule.security_severity);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray().EndObject().EndObject();
  w.Key("results").BeginArray();
  for (const auto& r : run.results) {
    w.BeginObject().Field("ruleId", r.rule_id).Field("level", r.level);
    w.Key("message").BeginObject().Field("text", r.message).EndObject();
    if (!r.file.empty()) {
      w.Key("locations").BeginArray().BeginObject();
      w.Key("physicalLocation").BeginObject();
      w.Key("artifactLocation").BeginObject().Field("uri", r.file).EndObject();
      // SARIF regions start at line 1: a file-level result has no region.
      if (r.line > 0) {
        w.Key("region").BeginObject().Field("startLine", r.line);
        if (r.column > 0) w.Field("startColumn", r.column);
        w.EndObject();
      }
      w.EndObject().EndObject().EndArray();
    }
    if (!r.suppressed_because.empty()) {
      w.Key("suppressions").BeginArray().BeginObject().Field("kind", "external");
      w.Field("justification", r.suppressed_because).EndObject().EndArray();
    }
    if (!r.fingerprint.empty()) {
      w.Key("partialFingerprints").BeginObject();
      w.Field("primaryLocationLineHash", r.fingerprint).EndObject();
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject().EndArray();
  w.EndObject();
  out += "\n";
  return out;
}

}  // namespace quarry
