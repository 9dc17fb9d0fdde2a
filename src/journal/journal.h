// The case's journal: an append-only record of every artifact (a hunt, later rules, timelines
// and reviews) with its human author of record. Entries are hash-chained: each line carries
// the SHA-256 of the one before and its own, over its exact bytes, so that changing any byte,
// removing, inserting or reordering entries breaks the chain. journal.head keeps the count and
// last hash, so that entries cut from the end are detected as well.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace quarry::journal {

inline constexpr const char* kJournalFile = "journal.jsonl";
inline constexpr const char* kHeadFile = "journal.head";

struct Entry {
  uint64_t seq = 0;       // 1, 2, … in the order written
  std::string time;       // ISO 8601 UTC, when it was recorded
  std::string kind;       // "hunt", …
  std::string author;     // the person of record
  std::string title;      // one line for listings
  std::string body;       // a JSON object, the artifact itself
  std::string prev;       // hash of the entry before (64 zeros for the first)
  std::string hash;       // SHA-256 of this line up to its "hash" member
  std::string signature;  // Ed25519 signature of `hash` (hex), "" when unsigned
};

// Appends an entry (after checking that the journal is intact: nothing is chained onto a
// tampered journal) and returns it as written; signed with the Ed25519 private key in
// `sign_key` (PEM) when one is given.
Result<Entry> Append(const std::string& case_dir, const std::string& kind,
                     const std::string& author, const std::string& title,
                     const std::string& body_json, const std::string& sign_key = "");

// The one serializer of an entry: its line in journal.jsonl (without the line break), which
// `quarry journal list/show --format json` print as well.
std::string EntryLine(const Entry& entry);
// The bytes of that line its `hash` covers: every member up to and including "prev".
std::string HashedPart(const Entry& entry);

// Every entry, in order, without checking the chain (Verify does).
Result<std::vector<Entry>> Read(const std::string& case_dir);

struct VerifyReport {
  bool intact = true;
  uint64_t entries = 0;    // entries read
  uint64_t first_bad = 0;  // line number of the first bad entry (entries + 1 past the end)
  std::string problem;     // what is wrong, in words
  std::string last_hash;   // the last entry's hash: note it to detect a later rollback
};

// Checks every entry's hash, its sequence number and its link to the entry before, and the
// head; with `public_key` (PEM), also that every entry carries a signature that key verifies.
// A missing journal is an intact, empty one.
Result<VerifyReport> Verify(const std::string& case_dir, const std::string& public_key = "");

// A readable threat-hunt report of the entries, in Markdown.
std::string ExportMarkdown(const std::vector<Entry>& entries);

}  // namespace quarry::journal
