// Saving an approved rule draft, and its renderings.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/rules_draft.h"
#include "core/hash.h"
#include "core/json.h"
#include "journal/journal.h"

namespace quarry::app {
namespace fs = std::filesystem;

Result<journal::Entry> RuleDraftSession::Save(const std::string& out_dir,
                                              const assist::Approval& approval,
                                              std::string& rule_path) const {
  if (!draft_.passed) {
    return InvalidArgument("the draft did not pass every gate; nothing is saved");
  }
  // The tags are the techniques the person confirmed, not the provider's suggestions.
  detect::RuleMeta meta = meta_;
  meta.author = approval.author;
  meta.techniques.clear();
  for (const assist::Technique& t : approval.techniques) meta.techniques.push_back(t.id);
  QUARRY_ASSIGN_OR_RETURN(detect::SigmaDraft sigma, detect::SigmaFromKql(draft_.kql, meta));
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  fs::path file = fs::path(out_dir) / (name_ + ".yml");
  fs::path tests = fs::path(out_dir) / (name_ + ".tests");
  if (fs::exists(file, ec) || fs::exists(tests, ec)) {
    return Status(StatusCode::kAlreadyExists,
                  file.string() + " (or its tests folder) exists; nothing was overwritten");
  }
  {
    std::ofstream out(file, std::ios::binary);
    out << sigma.yaml;
    if (!out) return IoError(file.string() + ": cannot write");
  }
  fs::copy(fs::path(request_.work_dir) / (name_ + ".tests"), tests, fs::copy_options::recursive,
           ec);
  if (ec) return IoError(tests.string() + ": " + ec.message());
  rule_path = file.string();

  std::string body;
  JsonWriter w(body);
  w.BeginObject()
      .Field("description", request_.hunt.question)
      .Field("provider", hunt_->current().draft.provider)
      .Field("drafts", history_)
      .Field("kql", draft_.kql)
      .Field("rule_file", rule_path)
      .Field("rule_sha256", Sha256Hex(sigma.yaml))
      .Field("sigma", sigma.yaml)
      .Field("approved", approval.how);
  w.Key("gates").BeginArray();
  for (const DraftGate& g : draft_.gates) {
    w.BeginObject().Field("name", g.name).Field("state", g.state).Field("detail", g.detail);
    w.EndObject();
  }
  w.EndArray();
  w.Key("baseline").Raw(BaselineJson(draft_.baseline));
  w.Key("techniques").BeginArray();
  for (const assist::Technique& t : approval.techniques) {
    w.BeginObject().Field("id", t.id).Field("name", t.name).Field("confirmed", true).EndObject();
  }
  w.EndArray().EndObject();
  return journal::Append(request_.hunt.case_dir, "rule", approval.author, "rule " + meta.title,
                         body, approval.sign_key);
}

std::string RuleDraftText(const RuleDraftSession& session) {
  const RuleDraft& d = session.current();
  std::ostringstream out;
  out << DraftText(session.hunt().current());
  if (!d.sigma.empty()) {
    out << "\nSigma rule:\n" << d.sigma;
  } else {
    out << "\nNot a rule: " << d.not_a_rule << "\n";
  }
  for (const std::string& what : d.dropped) out << "  (not in the rule: " << what << ")\n";
  out << "\nGates:\n";
  for (const DraftGate& g : d.gates) {
    out << "  " << (g.state == "passed" || g.state == "accepted" ? "ok  " : "FAIL") << " " << g.name
        << (g.state == "accepted" ? " (volume accepted)" : "")
        << (g.detail.empty() ? "" : ": " + g.detail) << "\n";
  }
  out << (d.passed ? "Every gate passed.\n" : "Some gate failed: the draft cannot be saved.\n");
  return out.str();
}

std::string RuleDraftJson(const RuleDraftSession& session) {
  const RuleDraft& d = session.current();
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("draft").Raw(app::DraftJson(session.hunt().current()));
  w.Field("kql", d.kql).Field("sigma", d.sigma).Field("not_a_rule", d.not_a_rule);
  w.Field("dropped", d.dropped);
  w.Key("gates").BeginArray();
  for (const DraftGate& g : d.gates) {
    w.BeginObject().Field("name", g.name).Field("state", g.state).Field("detail", g.detail);
    w.EndObject();
  }
  w.EndArray().Field("passed", d.passed);
  if (!d.rule_file.empty()) {
    w.Key("lint").Raw(LintJson(d.lint));
    w.Key("tests").Raw(RuleTestsJson(d.tests));
    w.Key("baseline").Raw(BaselineJson(d.baseline));
  }
  w.EndObject();
  out += "\n";
  return out;
}

}  // namespace quarry::app
