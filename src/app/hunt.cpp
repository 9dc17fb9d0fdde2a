#include "app/hunt.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "app/kql.h"
#include "assist/llm_provider.h"
#include "core/json.h"

namespace quarry::app {

std::string HuntHelpFooter() {
  return "Examples:\n"
         "  quarry hunt \"failed logons in the last 24 hours by user\" --case ./case\n"
         "  quarry hunt \"processes that accessed lsass\" --case ./case --dry-run --format json\n"
         "  quarry hunt \"top 5 destination ports\" --refine \"only external IPs\" --case ./case "
         "--approve --author alice\n"
         "The built-in provider reads: failed/successful/RDP/network logons, process creations, "
         "encoded PowerShell, LSASS access, new services, network connections, DNS queries, file "
         "creations, registry changes, Kerberos tickets, Kerberoasting, AWS API calls, AssumeRole, "
         "console sign-ins, failed AWS calls, CloudTrail stopped, alerts; entities (user, host, "
         "IP, "
         "port, process, parent, command line, file, registry key, service, domain, API call, "
         "role); time (last N hours/days, yesterday, today, since/before DATE, between A and B, on "
         "DATE); count, top N, rare, distinct, first/last seen, by/per X, hourly/daily, more than "
         "N; windows and groups (within 30 minutes, from one IP, many/5 or more distinct X); "
         "non-admin accounts; excluding known AV; negation (not, excluding, except). Words beyond "
         "that are linked to the case: a "
         "knowledge table of Windows event ids and cloud API names (\"log cleared\" -> 1102), "
         "the case's own values (\"IAM users created\" -> EventName == \"CreateUser\"), and "
         "names found in it (users, hosts, processes); each link is shown with its evidence. It "
         "says which words it did not understand. A question with no time range covers the "
         "whole case; every literal a draft filters on must come from the question, the "
         "knowledge table or your own edit (hunt.ungrounded_literal).";
}

std::string DefaultAuthor() {
  if (const char* user = std::getenv("USER"); user != nullptr && *user) return user;
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr) return pw->pw_name;
  return "unknown";
}

Result<std::unique_ptr<HuntSession>> HuntSession::Start(const HuntRequest& request) {
  std::unique_ptr<HuntSession> session(new HuntSession());
  session->case_dir_ = request.case_dir;
  session->detection_ = request.detection;
  QUARRY_ASSIGN_OR_RETURN(session->options_,
                          QueryOptionsFrom(request.now, request.window, request.max_rows));
  auto provider = assist::MakeProvider(request.case_dir, request.provider, request.endpoint,
                                       request.model, request.pseudonymize ? 1 : -1);
  if (!provider.ok()) return UsageError(provider.status().message());
  session->provider_ = std::move(*provider);
  std::vector<std::string> questions = {request.question};
  questions.insert(questions.end(), request.refinements.begin(), request.refinements.end());
  for (const std::string& q : questions) QUARRY_RETURN_IF_ERROR(session->Refine(q));
  return session;
}

Status HuntSession::Refine(const std::string& text) {
  QUARRY_ASSIGN_OR_RETURN(
      auto step, assist::DraftStep(*provider_, case_dir_, text, steps_, options_, detection_));
  steps_.push_back(std::move(step));
  return Status::Ok();
}

Status HuntSession::Edit(const std::string& query, const std::string& author) {
  if (steps_.empty()) return UsageError("there is no draft to edit");
  assist::HuntStep edited = steps_.back();
  edited.question = "(edited by " + (author.empty() ? DefaultAuthor() : author) + ")";
  edited.draft.provider = "person";
  edited.draft.query = query;
  edited.draft.explanation = "The query as the person wrote it.";
  edited.draft.mapping.clear();
  edited.draft.not_understood.clear();
  QUARRY_RETURN_IF_ERROR(assist::CheckQuery(edited, case_dir_, options_));
  steps_.push_back(std::move(edited));
  return Status::Ok();
}

Result<query::QueryResult> HuntSession::Run() const {
  return assist::RunStep(steps_.back(), case_dir_, options_);
}

Result<journal::Entry> HuntSession::Record(const query::QueryResult& result,
                                           const assist::Approval& approval) const {
  return assist::RecordHunt(case_dir_, steps_, result, approval);
}

assist::Approval MakeApproval(const assist::HuntStep& step, const std::string& author,
                              const std::string& how, const std::string& sign_key,
                              const std::vector<std::string>& technique_ids) {
  assist::Approval approval;
  approval.author = author.empty() ? DefaultAuthor() : author;
  approval.how = how;
  approval.sign_key = sign_key;
  for (const std::string& id : technique_ids) {
    assist::Technique t{id, ""};
    for (const assist::Technique& s : step.draft.techniques) {
      if (s.id == id) t.name = s.name;
    }
    approval.techniques.push_back(std::move(t));
  }
  return approval;
}

std::string DraftText(const assist::HuntStep& step) {
  std::ostringstream out;
  out << "Question: " << step.question << "\nDraft (" << step.draft.provider << "):\n";
  if (step.draft.query.empty()) {
    out << "  (no query)\n";
  } else {
    out << "\n" << step.draft.query << "\n\n";
  }
  out << step.draft.explanation << "\n";
  if (!step.draft.mapping.empty()) {
    out << "Read as:\n";
    for (const std::string& m : step.draft.mapping) out << "  " << m << "\n";
  }
  if (!step.draft.not_understood.empty()) {
    out << "Not understood:";
    for (const std::string& w : step.draft.not_understood) out << " " << w;
    out << "\n";
  }
  if (!step.findings.empty()) {
    out << "Checks:\n";
    for (const Finding& f : step.findings) {
      if (f.severity == Severity::kInfo) continue;
      out << "  " << SeverityName(f.severity) << " [" << f.code << "] " << f.message
          << (f.suggestion.empty() ? "" : " (" + f.suggestion + ")") << "\n";
    }
  }
  out << (step.runnable ? "The draft passes the checks.\n"
                        : "The draft has error-level findings: it will not run.\n");
  return out.str();
}

std::string DraftJson(const assist::HuntStep& step) {
  return assist::DraftJson(step);
}

std::string HuntRunJson(const assist::HuntStep& step, const query::QueryResult& rows,
                        const journal::Entry& entry) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject()
      .Key("draft")
      .Raw(assist::DraftJson(step))
      .Key("rows")
      .Raw(assist::RowsJson(rows, rows.rows.size()))
      .Key("journal")
      .BeginObject()
      .Field("seq", entry.seq)
      .Field("hash", entry.hash)
      .EndObject()
      .EndObject();
  return out;
}

}  // namespace quarry::app
