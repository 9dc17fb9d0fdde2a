// quarry ir summarize: the incident narrative, written by the built-in summarizer from alerts
// and the events they flag, then verified sentence by sentence (quarry ir verify): what does
// not hold is taken out of the body and listed apart with the reason. A person may approve the
// result into the journal under their name.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/verify_claims.h"
#include "core/status.h"
#include "ir/timeline.h"

namespace quarry::app {

struct SummarizeRequest {
  std::string case_dir;
  std::string from, to;     // ISO 8601, "" for open
  std::string gap = "10m";  // one rule firing again on a host within this is one step
  std::string author;       // with approve: who signs the summary into the journal
  bool approve = false;
  // With approve: the text the person read; when the summary written now differs (new alerts
  // since), nothing is recorded and the error is kAlreadyExists.
  std::optional<std::string> expected_markdown;
  std::string sign_key;  // optional Ed25519 private key (PEM) for the journal entry
  // "" or "builtin": Quarry's templates. Otherwise a model provider (as quarry hunt's): it gets
  // the alerts and their events fenced as untrusted data, under the case's policy, redaction,
  // pseudonyms (when asked) and audit; its text is verified like any other.
  std::string provider, endpoint, model;
  bool pseudonymize = false;
};

struct SummarizeReport {
  std::string summarizer = "built-in";  // or the provider's name
  std::string draft;                    // what the summarizer wrote, before verification
  std::string markdown;  // the verified body, the removed sentences, the open questions
  VerifyClaimsReport verification;
  std::vector<VerifiedClaim> removed;  // unsupported or uncited sentences of the draft
  int64_t alerts = 0;
  std::vector<ir::TimelineEntry> alert_entries;  // the alerts summarized, in time order
  uint64_t journal_seq = 0;                      // when approved
};

Result<SummarizeReport> SummarizeIncident(const SummarizeRequest& request);

// {"markdown", "alerts", "supported", "removed":[{line, text, verdict, problems}], "journal_seq"}
std::string SummarizeJson(const SummarizeReport& report);

}  // namespace quarry::app
