// Pending items: what an agent (through MCP) or a web page asked to have written, a hunt to record
// or a rule to save, kept in CASE/pending/N.json until a person approves or rejects it in a
// terminal (`quarry journal approve N`, `quarry rules approve N`). Nothing in an item is trusted:
// approval checks it again exactly as a person's own draft would be checked, and only then runs,
// saves and journals it with the approving person as author.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "assist/hunt.h"
#include "core/status.h"
#include "journal/journal.h"
#include "query/run_query.h"

namespace quarry::app {

struct PendingItem {
  uint64_t id = 0;                   // 1, 2, … per case
  std::string kind;                  // "hunt" or "rule"
  std::string state;                 // pending, approved, rejected
  std::string created;               // ISO 8601 UTC
  std::string requested_by;          // the client that asked ("claude-code 1.0.3 via mcp")
  std::string title;                 // one line
  std::string question;              // hunt: what the person asked; rule: its description
  std::string query;                 // hunt: the KQL to run and record
  std::string explanation;           // what the requester said the query or rule does
  std::string rule_yaml;             // rule: the Sigma rule
  std::string rule_name;             // rule: file name without .yml
  std::string findings_json = "[]";  // the checks when it was asked for (informative)
  std::string decided_by, decided_at, reason;
  uint64_t journal_seq = 0;  // the entry an approval wrote
};

// Stores `item` as the next pending item (its id, state and time are set here) and returns it.
Result<PendingItem> AddPending(const std::string& case_dir, PendingItem item);
// Every item, in id order; an empty list when none was ever asked for.
Result<std::vector<PendingItem>> ListPending(const std::string& case_dir);
// Item `id`; NotFound naming how many there are.
Result<PendingItem> GetPending(const std::string& case_dir, uint64_t id);

// Item `id` when it is of `kind` and still pending; an error saying why not otherwise.
Result<PendingItem> TakePending(const std::string& case_dir, uint64_t id, const std::string& kind);

struct HuntApprovalResult {
  journal::Entry entry;
  query::QueryResult rows;
};
// Checks the item's query against the case, runs it and records it in the journal with the
// approval; an error (and the item still pending) when it is not a pending hunt or has
// error-level findings now.
Result<HuntApprovalResult> ApprovePendingHunt(const std::string& case_dir, uint64_t id,
                                              const assist::Approval& approval);
// Loads and lints the item's rule against the case, writes it to `out_dir` (never over a file)
// and records it in the journal; an error, and nothing written, when a check fails.
Result<journal::Entry> ApprovePendingRule(const std::string& case_dir, uint64_t id,
                                          const std::string& out_dir,
                                          const assist::Approval& approval, std::string& rule_path);
// Replaces the stored item with `item` (same id), whole.
Status UpdatePending(const std::string& case_dir, const PendingItem& item);
// Marks the item rejected with the person and why; nothing else changes.
Status RejectPending(const std::string& case_dir, uint64_t id, const std::string& author,
                     const std::string& reason);

// The item as a JSON object (what pending/N.json holds) and as text for the person deciding.
std::string PendingJson(const PendingItem& item);
std::string PendingText(const PendingItem& item);

}  // namespace quarry::app
