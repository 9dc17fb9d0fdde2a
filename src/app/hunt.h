// `quarry hunt` as a job: a session that drafts a question (and refinements) into verified KQL,
// takes a person's edits, runs an approved draft and records it in the journal. The terminal
// dialogue is the CLI's; MCP and the web drive the same session.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "assist/hunt.h"
#include "core/status.h"

namespace quarry::app {

struct HuntRequest {
  std::string case_dir;
  std::string question;
  std::vector<std::string> refinements;  // applied after the question, in order
  std::string provider;                  // "" for the case's default (builtin unless configured)
  std::string endpoint;
  std::string model;
  bool pseudonymize = false;
  std::string now;
  std::string window = "0";
  size_t max_rows = 10000;
  bool detection = false;  // the question describes a detection rule (`quarry rules draft`)
};

// Examples and what the built-in provider reads, for `quarry hunt --help`.
std::string HuntHelpFooter();

// The OS user, the default person of record.
std::string DefaultAuthor();

class HuntSession {
 public:
  // Makes the provider and drafts the question and each refinement. Usage errors for bad
  // options or provider settings; other errors when the case cannot be read.
  static Result<std::unique_ptr<HuntSession>> Start(const HuntRequest& request);

  const assist::HuntStep& current() const { return steps_.back(); }
  const std::vector<assist::HuntStep>& steps() const { return steps_; }

  // A refinement in English, drafted over the earlier steps.
  Status Refine(const std::string& text);
  // The person's own query replaces the draft; it is checked like a draft.
  Status Edit(const std::string& query, const std::string& author);

  // Runs the current draft (an error when it has error-level findings: nothing unverified runs).
  Result<query::QueryResult> Run() const;
  // Records the run in the journal with its approval.
  Result<journal::Entry> Record(const query::QueryResult& result,
                                const assist::Approval& approval) const;

 private:
  HuntSession() = default;
  std::string case_dir_;
  bool detection_ = false;
  query::QueryOptions options_;
  std::unique_ptr<assist::Provider> provider_;
  std::vector<assist::HuntStep> steps_;
};

// An approval: `author` ("" for DefaultAuthor()), how it was given, the key to sign with, and the
// ATT&CK technique ids the person confirmed (named from the draft's suggestions where known).
assist::Approval MakeApproval(const assist::HuntStep& step, const std::string& author,
                              const std::string& how, const std::string& sign_key,
                              const std::vector<std::string>& technique_ids);

// Renderings: the draft for a person (query, explanation, what was read, checks), the draft as
// JSON, and a finished hunt as JSON (draft, rows, journal seq and hash).
std::string DraftText(const assist::HuntStep& step);
std::string DraftJson(const assist::HuntStep& step);
std::string HuntRunJson(const assist::HuntStep& step, const query::QueryResult& rows,
                        const journal::Entry& entry);

}  // namespace quarry::app
