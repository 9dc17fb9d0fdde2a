// `quarry threat-model diff OLD NEW`: threats added, removed and changed between two versions
// of a model, both checked with the same catalog on the same date.
#include <map>
#include <set>

#include "app/threat_report.h"
#include "core/json.h"

namespace quarry::app {
namespace {

using Change = ThreatModelDiff::Change;
using threatmodel::AppliedThreat;

std::map<std::pair<std::string, std::string>, const AppliedThreat*> ByKey(
    const ThreatModelCheck& check) {
  std::map<std::pair<std::string, std::string>, const AppliedThreat*> out;
  for (const auto& a : check.evaluation.threats) out[{a.threat->id, a.target}] = &a;
  return out;
}

bool OpenHigh(const AppliedThreat& a) {
  return a.status == threatmodel::ThreatStatus::kOpen && a.severity >= threatmodel::Level::kHigh;
}

void Line(std::string& out, const char* sign, const Change& c) {
  out += std::string(sign) + " " + c.threat + " on " + c.target + ": " + c.title;
  if (c.severity_before.empty()) {
    out += " (" + c.severity_after + ", " + c.status_after + ")";
  } else if (c.severity_after.empty()) {
    out += " (was " + c.severity_before + ", " + c.status_before + ")";
  } else {
    out += " (" + c.severity_before + ", " + c.status_before + " -> " + c.severity_after + ", " +
           c.status_after + ")";
  }
  out += "\n";
}

void WriteChanges(JsonWriter& w, const char* key, const std::vector<Change>& changes) {
  w.Key(key).BeginArray();
  for (const auto& c : changes) {
    w.BeginObject().Field("id", c.threat).Field("target", c.target).Field("title", c.title);
    if (!c.severity_before.empty())
      w.Field("severity_before", c.severity_before).Field("status_before", c.status_before);
    if (!c.severity_after.empty())
      w.Field("severity_after", c.severity_after).Field("status_after", c.status_after);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

int ThreatModelDiff::ExitCode() const {
  if (before->input_error || after->input_error) return 3;
  return new_open_high > 0 ? 1 : 0;
}

Result<ThreatModelDiff> DiffThreatModels(const ThreatModelRequest& before,
                                         const std::string& after_path) {
  ThreatModelDiff diff;
  QUARRY_ASSIGN_OR_RETURN(diff.before, CheckThreatModel(before));
  ThreatModelRequest after = before;
  after.model_path = after_path;
  after.today = diff.before->today;
  QUARRY_ASSIGN_OR_RETURN(diff.after, CheckThreatModel(after));
  auto old_threats = ByKey(*diff.before);
  auto new_threats = ByKey(*diff.after);
  for (const auto& [key, a] : new_threats) {
    Change c{key.first,
             key.second,
             a->threat->title,
             "",
             threatmodel::LevelName(a->severity),
             "",
             threatmodel::ThreatStatusName(a->status)};
    auto it = old_threats.find(key);
    if (it == old_threats.end()) {
      diff.added.push_back(std::move(c));
      if (OpenHigh(*a)) diff.new_open_high++;
      continue;
    }
    const AppliedThreat& was = *it->second;
    if (was.status == a->status && was.severity == a->severity) continue;
    c.severity_before = threatmodel::LevelName(was.severity);
    c.status_before = threatmodel::ThreatStatusName(was.status);
    diff.changed.push_back(std::move(c));
    if (OpenHigh(*a) && !OpenHigh(was)) diff.new_open_high++;
  }
  for (const auto& [key, a] : old_threats) {
    if (new_threats.count(key)) continue;
    diff.removed.push_back({key.first, key.second, a->threat->title,
                            threatmodel::LevelName(a->severity), "",
                            threatmodel::ThreatStatusName(a->status), ""});
  }
  return diff;
}

std::string ThreatDiffText(const ThreatModelDiff& diff) {
  std::string out;
  for (const auto& c : diff.added) Line(out, "+", c);
  for (const auto& c : diff.removed) Line(out, "-", c);
  for (const auto& c : diff.changed) Line(out, "~", c);
  for (const auto* check : {diff.before.get(), diff.after.get()}) {
    for (const auto& f : check->findings) {
      if (f.severity == Severity::kError && f.code.rfind("tm.gap.", 0) != 0)
        out += f.ToString() + "\n";
    }
  }
  out += std::to_string(diff.added.size()) + " added, " + std::to_string(diff.removed.size()) +
         " removed, " + std::to_string(diff.changed.size()) + " changed; " +
         std::to_string(diff.new_open_high) + " newly open high or critical\n";
  return out;
}

std::string ThreatDiffMarkdown(const ThreatModelDiff& diff) {
  std::string out = "# Threat model changes: " + diff.before->read.model.file + " → " +
                    diff.after->read.model.file + "\n\n";
  out += "| | Threat | Target | Before | After |\n|---|---|---|---|---|\n";
  auto row = [&](const char* sign, const Change& c) {
    out += std::string("| ") + sign + " | " + c.threat + " " + c.title + " | " + c.target + " | " +
           (c.severity_before.empty() ? "" : c.severity_before + ", " + c.status_before) + " | " +
           (c.severity_after.empty() ? "" : c.severity_after + ", " + c.status_after) + " |\n";
  };
  for (const auto& c : diff.added) row("added", c);
  for (const auto& c : diff.removed) row("removed", c);
  for (const auto& c : diff.changed) row("changed", c);
  out += "\n" + std::to_string(diff.new_open_high) + " newly open high or critical threats.\n";
  return out;
}

std::string ThreatDiffJson(const ThreatModelDiff& diff) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Field("before", diff.before->read.model.file).Field("after", diff.after->read.model.file);
  WriteChanges(w, "added", diff.added);
  WriteChanges(w, "removed", diff.removed);
  WriteChanges(w, "changed", diff.changed);
  w.Field("new_open_high", diff.new_open_high);
  w.Key("findings");
  // The catalog's findings are the same for both: each finding once.
  std::vector<Finding> findings;
  std::set<std::string> seen;
  for (const auto* check : {diff.before.get(), diff.after.get()}) {
    for (const auto& f : check->findings) {
      if (seen.insert(f.ToString()).second) findings.push_back(f);
    }
  }
  WriteFindings(w, findings);
  w.Field("exit_code", diff.ExitCode());
  w.EndObject();
  out += "\n";
  return out;
}

}  // namespace quarry::app
