// The hunt workflow: a question is drafted into KQL by a provider, the draft is verified the
// way `quarry query` checks a query (without running it), a person approves it (or --approve
// does, when the draft has no error-level finding), it runs, and the hunt is recorded in the
// case's journal with every draft, the findings, the approver and a digest of the rows.
#pragma once

#include <string>
#include <vector>

#include "assist/provider.h"
#include "core/finding.h"
#include "journal/journal.h"
#include "query/run_query.h"

namespace quarry::assist {

struct HuntStep {
  std::string question;
  Draft draft;
  std::vector<Finding> findings;  // the verifier's, and the provider's own caveats
  bool runnable = false;          // a query, and no error-level finding
};

// Drafts `question` (a refinement of `earlier`, when there are earlier steps) and verifies it.
Result<HuntStep> DraftStep(Provider& provider, const std::string& case_dir,
                           const std::string& question, const std::vector<HuntStep>& earlier,
                           const query::QueryOptions& options, bool detection = false);

// Checks the step's query as `quarry query` would (without running it): its findings, and
// runnable when there is no error-level one.
Status CheckQuery(HuntStep& step, const std::string& case_dir, const query::QueryOptions& options);

struct Approval {
  std::string author;    // the person of record
  std::string how;       // "interactive" or "--approve"
  std::string sign_key;  // an Ed25519 private key (PEM) to sign the journal entry with, or ""
  // The ATT&CK techniques the person confirmed (suggested ones not listed stay "suggested").
  std::vector<Technique> techniques;
};

// Runs the last step's query; an error when it is not runnable (nothing unverified runs).
Result<query::QueryResult> RunStep(const HuntStep& step, const std::string& case_dir,
                                   const query::QueryOptions& options);

// Appends the hunt to the case's journal.
Result<journal::Entry> RecordHunt(const std::string& case_dir, const std::vector<HuntStep>& steps,
                                  const query::QueryResult& result, const Approval& approval);

// The draft as JSON: query, findings, explanation, provider, and mapping, not_understood,
// techniques and runnable.
std::string DraftJson(const HuntStep& step);

// The rows as one JSON array of objects, and its SHA-256 (the result digest).
std::string RowsJson(const query::QueryResult& result, size_t max_rows);

}  // namespace quarry::assist
