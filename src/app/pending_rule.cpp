// Approval of a pending rule: the same load and lint gates as `quarry rules lint`, then the file
// and its journal entry.
#include <cctype>
#include <filesystem>
#include <fstream>

#include "app/pending.h"
#include "app/rules.h"
#include "core/scratch.h"
#include "core/hash.h"
#include "core/json.h"

namespace quarry::app {
namespace fs = std::filesystem;
namespace {

bool SafeRuleName(const std::string& name) {
  if (name.empty() || name.size() > 100 || name[0] == '.') return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<journal::Entry> ApprovePendingRule(const std::string& case_dir, uint64_t id,
                                          const std::string& out_dir,
                                          const assist::Approval& approval,
                                          std::string& rule_path) {
  QUARRY_ASSIGN_OR_RETURN(PendingItem item, TakePending(case_dir, id, "rule"));
  if (!SafeRuleName(item.rule_name)) {
    return InvalidArgument("pending rule " + std::to_string(id) + " has no usable file name ('" +
                           item.rule_name + "')");
  }
  ScratchDir scratch;
  if (scratch.path().empty()) return IoError("cannot make a temporary folder");
  fs::path draft = fs::path(scratch.path()) / (item.rule_name + ".yml");
  {
    std::ofstream out(draft, std::ios::binary);
    out << item.rule_yaml;
    if (!out) return IoError(draft.string() + ": cannot write");
  }
  LintRequest lint_request;
  lint_request.rules.paths = {draft.string()};
  lint_request.case_dir = case_dir;
  QUARRY_ASSIGN_OR_RETURN(detect::LintReport lint, LintRules(lint_request));
  std::string errors;
  for (const Finding& f : lint.problems) errors += (errors.empty() ? "" : "; ") + f.message;
  for (const detect::RuleLint& r : lint.rules) {
    for (const Finding& f : r.findings) {
      if (f.severity == Severity::kError) errors += (errors.empty() ? "" : "; ") + f.message;
    }
  }
  if (lint.rules.empty() && errors.empty()) errors = "the file holds no rule";
  if (!errors.empty()) {
    return InvalidArgument("pending rule " + std::to_string(id) +
                           " does not pass the checks, nothing was saved: " + errors);
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  fs::path file = fs::path(out_dir) / (item.rule_name + ".yml");
  if (fs::exists(file, ec)) {
    return Status(StatusCode::kAlreadyExists, file.string() + " exists; nothing was overwritten");
  }
  {
    std::ofstream out(file, std::ios::binary);
    out << item.rule_yaml;
    if (!out) return IoError(file.string() + ": cannot write");
  }
  rule_path = file.string();
  std::string body;
  JsonWriter w(body);
  w.BeginObject()
      .Field("description", item.question)
      .Field("provider", item.requested_by)
      .Field("pending_item", item.id)
      .Field("rule_file", rule_path)
      .Field("rule_sha256", Sha256Hex(item.rule_yaml))
      .Field("sigma", item.rule_yaml)
      .Field("approved", approval.how);
  w.Key("lint").Raw(LintJson(lint));
  w.EndObject();
  QUARRY_ASSIGN_OR_RETURN(journal::Entry entry,
                          journal::Append(case_dir, "rule", approval.author, "rule " + item.title,
                                          body, approval.sign_key));
  item.state = "approved";
  item.decided_by = approval.author;
  item.decided_at = entry.time;
  item.journal_seq = entry.seq;
  QUARRY_RETURN_IF_ERROR(UpdatePending(case_dir, item));
  return entry;
}

}  // namespace quarry::app
